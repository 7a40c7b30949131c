import type { Exchange } from '../http/exchange.js';
import { optionalInteger, optionalString } from '../http/field-checks.js';
import { prepareGeneration } from '../http/prepare-generation.js';
import { readJsonBody } from '../http/read-json-body.js';
import { invalidField } from '../http/request-error.js';
import { sendJsonWithLatency } from '../http/send-with-latency.js';
import { countTextTokens } from '../tokens/token-counter.js';
import { embedText } from './embed-text.js';

/**
 * `POST /v1/embeddings`: string, string list or token-array inputs; `dimensions`;
 * `encoding_format` `float` or `base64` (little-endian float32, what the openai SDK asks for).
 */
export async function handleEmbeddings(exchange: Exchange): Promise<void> {
  const body = await readJsonBody(exchange.request);
  exchange.entry.model = typeof body.model === 'string' ? body.model : null;
  const inputs = parseInputs(body.input);
  const format = optionalString(body.encoding_format, 'encoding_format') ?? 'float';
  if (format !== 'float' && format !== 'base64') {
    throw invalidField('encoding_format', 'expected "float" or "base64".');
  }
  const requestedDimensions = optionalInteger(body.dimensions, 'dimensions', {
    min: 1,
    max: 65_536,
  });
  let tokens = 0;
  for (const input of inputs) tokens += input.tokens;
  const generation = prepareGeneration({ exchange, body, kind: 'embedding', tokens });
  if (!generation) return;
  const dimensions = requestedDimensions ?? generation.model.embeddingDimensions;
  const data = inputs.map((input, index) => {
    const vector = embedText({ text: input.text, dimensions });
    return {
      object: 'embedding',
      index,
      embedding:
        format === 'base64'
          ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64')
          : Array.from(vector),
    };
  });
  const response = {
    object: 'list',
    data,
    model: generation.responseModel,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
  await sendJsonWithLatency({ exchange, generation, body: response, outputTokens: 0 });
}

function parseInputs(value: unknown): { text: string; tokens: number }[] {
  if (typeof value === 'string') return [{ text: value, tokens: countTextTokens(value) }];
  if (Array.isArray(value) && value.length > 0) {
    if (value.every((item) => typeof item === 'string')) {
      return (value as string[]).map((text) => ({ text, tokens: countTextTokens(text) }));
    }
    if (value.every((item) => Number.isInteger(item))) {
      return [{ text: value.join(' '), tokens: value.length }];
    }
    if (
      value.every((item) => Array.isArray(item) && item.every((token) => Number.isInteger(token)))
    ) {
      return (value as number[][]).map((tokens) => ({
        text: tokens.join(' '),
        tokens: tokens.length,
      }));
    }
  }
  throw invalidField(
    'input',
    'expected a non-empty string, array of strings, or array of token arrays.',
  );
}
