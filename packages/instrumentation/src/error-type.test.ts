import OpenAI from 'openai';
import { expect, it } from 'vitest';
import { errorType } from './error-type.js';

class ClientTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}
class ClientAbortError extends Error {
  override readonly name = 'AbortError';
}
class ClientConnectionError extends Error {
  override readonly name = 'APIConnectionError';
}

it('names a failure without a status the same whether the SDK or another client failed', () => {
  expect(errorType(new OpenAI.APIConnectionTimeoutError())).toBe('timeout');
  expect(errorType(new ClientTimeoutError('timed out'))).toBe('timeout');
  expect(errorType(new DOMException('late', 'TimeoutError'))).toBe('timeout');

  expect(errorType(new OpenAI.APIUserAbortError())).toBe('APIUserAbortError');
  expect(errorType(new ClientAbortError('aborted'))).toBe('APIUserAbortError');
  expect(errorType(new DOMException('stop', 'AbortError'))).toBe('APIUserAbortError');

  expect(errorType(new OpenAI.APIConnectionError({ message: 'refused' }))).toBe(
    'APIConnectionError',
  );
  expect(errorType(new ClientConnectionError('refused'))).toBe('APIConnectionError');
});

it('keeps the status, then the class name, for everything else', () => {
  expect(errorType(Object.assign(new Error('slow down'), { status: 429 }))).toBe('429');
  expect(errorType(new TypeError('bad chunk'))).toBe('TypeError');
  expect(errorType(new SyntaxError('bad json'))).toBe('SyntaxError');
  expect(errorType({ message: 'plain object' })).toBe('_OTHER');
  expect(errorType('text')).toBe('_OTHER');
});
