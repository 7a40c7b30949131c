import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { startTestSim } from './test-support/start-test-sim.js';

async function post(options: { url: string; body: string; headers?: Record<string, string> }) {
  const response = await fetch(options.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('bad requests get vendor-shaped errors and the server keeps serving', () => {
  it('rejects invalid JSON with 400 on both vendors', async () => {
    const { sim, openai } = await startTestSim();
    const openaiError = await post({
      url: `${sim.url}/v1/chat/completions`,
      body: '{"model": "sim-instant",',
      headers: { authorization: 'Bearer k' },
    });
    expect(openaiError.status).toBe(400);
    expect(openaiError.body).toMatchObject({
      error: { type: 'invalid_request_error', param: null, code: null },
    });
    expect(String((openaiError.body.error as { message: string }).message)).toContain(
      'could not parse the JSON body',
    );
    const anthropicError = await post({
      url: `${sim.url}/v1/messages`,
      body: 'not json',
      headers: { 'x-api-key': 'k' },
    });
    expect(anthropicError.status).toBe(400);
    expect(anthropicError.body).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error' },
    });
    expect(anthropicError.body.request_id).toMatch(/^req_/);
    await expect(
      openai.chat.completions.create({
        model: 'sim-instant',
        messages: [{ role: 'user', content: 'still here?' }],
      }),
    ).resolves.toMatchObject({
      object: 'chat.completion',
    });
  });

  it('rejects a missing or unknown model (400 / 404) through the SDKs', async () => {
    const { openai, anthropic, sim } = await startTestSim();
    const missing = await post({
      url: `${sim.url}/v1/chat/completions`,
      body: '{"messages":[{"role":"user","content":"x"}]}',
      headers: { authorization: 'Bearer k' },
    });
    expect(missing).toMatchObject({
      status: 400,
      body: { error: { param: 'model', type: 'invalid_request_error' } },
    });
    await expect(
      openai.chat.completions.create({
        model: 'gpt-imaginary',
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(
      openai.chat.completions.create({
        model: 'gpt-imaginary',
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    // A model of the other vendor is unknown here, as it would be on the real API.
    await expect(
      anthropic.messages.create({
        model: 'gpt-4o',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(
      anthropic.messages.create({
        model: 'gpt-4o',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toMatchObject({
      status: 404,
      error: { type: 'error', error: { type: 'not_found_error', message: 'model: gpt-4o' } },
    });
    expect(sim.requests.map((entry) => entry.status)).toEqual([400, 404, 404, 404, 404]);
  });

  it('names the field of a wrong type', async () => {
    const { openai, anthropic } = await startTestSim();
    const cases: [unknown, string][] = [
      [{ model: 'sim-instant', messages: 'hello' }, 'messages'],
      [{ model: 'sim-instant', messages: [] }, 'messages'],
      [{ model: 'sim-instant', messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role'],
      [
        { model: 'sim-instant', messages: [{ role: 'user', content: 'x' }], max_tokens: 'ten' },
        'max_tokens',
      ],
      [
        { model: 'sim-instant', messages: [{ role: 'user', content: 'x' }], temperature: '0.5' },
        'temperature',
      ],
      [{ model: 'sim-instant', messages: [{ role: 'user', content: 'x' }], n: 0 }, 'n'],
      [
        { model: 'sim-instant', messages: [{ role: 'user', content: 'x' }], stream: 'yes' },
        'stream',
      ],
      [{ model: 42, messages: [{ role: 'user', content: 'x' }] }, 'model'],
    ];
    for (const [body, param] of cases) {
      const failure = await openai.chat.completions
        .create(body as never)
        .catch((error: unknown) => error);
      expect(failure, JSON.stringify(body)).toBeInstanceOf(OpenAI.BadRequestError);
      expect(failure).toMatchObject({ status: 400, param });
    }
    const anthropicCases: [unknown, string][] = [
      [{ model: 'sim-instant', messages: [{ role: 'user', content: 'x' }] }, 'max_tokens'],
      [
        { model: 'sim-instant', max_tokens: 5, messages: [{ role: 'system', content: 'x' }] },
        'messages.0.role',
      ],
      [
        {
          model: 'sim-instant',
          max_tokens: 5,
          messages: [{ role: 'user', content: 'x' }],
          tool_choice: { type: 'maybe' },
        },
        'tool_choice.type',
      ],
    ];
    for (const [body, field] of anthropicCases) {
      const failure = await anthropic.messages
        .create(body as never)
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(Anthropic.BadRequestError);
      expect((failure as { error: { error: { message: string } } }).error.error.message).toContain(
        field,
      );
    }
    await expect(
      openai.responses.create({ model: 'sim-instant', input: 'ok' }),
    ).resolves.toMatchObject({ status: 'completed' });
  });

  it('answers unknown routes with a 404 in the vendor shape', async () => {
    const { sim } = await startTestSim();
    const response = await post({
      url: `${sim.url}/v1/audio/speech`,
      body: '{}',
      headers: { authorization: 'Bearer k' },
    });
    expect(response).toMatchObject({
      status: 404,
      body: { error: { message: 'Invalid URL (POST /v1/audio/speech).' } },
    });
  });
});

describe('authentication', () => {
  it('answers 401 without a key, in each vendor shape, and never echoes a key', async () => {
    const { sim } = await startTestSim({ apiKeys: ['sk-allowed'] });
    const noKey = await post({ url: `${sim.url}/v1/chat/completions`, body: '{}' });
    expect(noKey).toMatchObject({ status: 401, body: { error: { code: 'invalid_api_key' } } });
    const openai = new OpenAI({
      baseURL: `${sim.url}/v1`,
      apiKey: 'sk-wrong-secret',
      maxRetries: 0,
    });
    const wrong = await openai.models.list().catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(JSON.stringify((wrong as { error: unknown }).error)).not.toContain('sk-wrong-secret');
    const anthropic = new Anthropic({ baseURL: sim.url, apiKey: 'sk-wrong-secret', maxRetries: 0 });
    const anthropicWrong = anthropic.messages.create({
      model: 'sim-instant',
      max_tokens: 5,
      messages: [{ role: 'user', content: 'x' }],
    });
    await expect(anthropicWrong).rejects.toMatchObject({
      status: 401,
      error: { error: { type: 'authentication_error' } },
    });
    const allowed = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sk-allowed', maxRetries: 0 });
    await expect(allowed.models.list()).resolves.toBeDefined();
    for (const entry of sim.requests) {
      expect(entry.headers.authorization).toBeUndefined();
      expect(entry.headers['x-api-key']).toBeUndefined();
    }
    expect(JSON.stringify(sim.requests)).not.toContain('sk-wrong-secret');
    expect(sim.requests.map((entry) => entry.status)).toEqual([401, 401, 401, 200]);
  });
});
