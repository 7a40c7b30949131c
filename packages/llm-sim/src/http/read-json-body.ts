import type { IncomingMessage } from 'node:http';
import { RequestError } from './request-error.js';

const LIMIT_BYTES = 32 * 1024 * 1024;

/** Reads and parses the JSON body; bad JSON and oversized bodies become vendor-shaped errors. */
export async function readJsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > LIMIT_BYTES) {
      throw new RequestError({
        kind: 'request_too_large',
        message: `Request body exceeds ${LIMIT_BYTES} bytes.`,
      });
    }
    chunks.push(chunk);
  }
  const text =
    chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new RequestError({
      kind: 'invalid_request',
      message: `We could not parse the JSON body of your request (${(error as Error).message}). Send a JSON object with Content-Type: application/json.`,
    });
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new RequestError({
      kind: 'invalid_request',
      message: 'The request body must be a JSON object.',
    });
  }
  return body as Record<string, unknown>;
}
