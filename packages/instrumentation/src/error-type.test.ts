import OpenAI from 'openai';
import { expect, it } from 'vitest';
import { abortedByTimeout, errorType } from './error-type.js';

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

it('tells a signal aborted by a timeout from any other, without ever throwing', () => {
  expect(abortedByTimeout(AbortSignal.abort(new DOMException('late', 'TimeoutError')))).toBe(true);
  expect(abortedByTimeout({ aborted: true, reason: new ClientTimeoutError('late') })).toBe(true);

  expect(abortedByTimeout(AbortSignal.abort())).toBe(false);
  expect(abortedByTimeout(AbortSignal.abort('TimeoutError'))).toBe(false);
  expect(abortedByTimeout(new AbortController().signal)).toBe(false);
  expect(abortedByTimeout(undefined)).toBe(false);
  const throwing = {
    get aborted(): boolean {
      throw new Error('no');
    },
  };
  expect(abortedByTimeout(throwing)).toBe(false);
  const throwingReason = {
    aborted: true,
    get reason(): unknown {
      throw new Error('no');
    },
  };
  expect(abortedByTimeout(throwingReason)).toBe(false);
});
