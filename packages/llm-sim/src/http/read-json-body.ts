import type { IncomingMessage } from 'node:http';
import { RequestError } from './request-error.js';

const LIMIT_BYTES = 32 * 1024 * 1024;

/** Reads and parses the JSON body; bad JSON and oversized bodies become vendor-shaped errors. */
export async function readJsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readText(request);
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

// Plain listeners rather than `for await`: the async iterator costs measurably per request.
function readText(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > LIMIT_BYTES) {
        request.removeAllListeners('data');
        request.resume();
        reject(
          new RequestError({
            kind: 'request_too_large',
            message: `Request body exceeds ${LIMIT_BYTES} bytes.`,
          }),
        );
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () => {
      resolve(
        chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'),
      );
    });
    request.once('error', reject);
  });
}
