import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/**
 * One POST through Node's own HTTP client, keeping what an SDK hides: every body byte received
 * before the connection ended, the raw headers, and whether the body ended cleanly.
 */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** false when the connection dropped before the end of the body. */
  complete: boolean;
}

export function sendRawRequest(options: {
  url: string;
  path: string;
  body: unknown;
  headers?: Record<string, string>;
}): Promise<RawResponse> {
  const payload = JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      `${options.url}${options.path}`,
      {
        method: 'POST',
        agent: false,
        headers: {
          authorization: 'Bearer sk-test-key',
          'x-api-key': 'sk-ant-test-key',
          'anthropic-version': '2023-06-01',
          'content-type': 'application/json',
          ...options.headers,
        },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        // 'error' (aborted) comes before 'close' when the server cut the body short.
        response.on('error', () => undefined);
        response.on('close', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body,
            complete: response.complete,
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/** The `data:` payloads of an SSE body, with their event names (`''` when absent). */
export function sseEvents(body: string): { event: string; data: string }[] {
  return body
    .split('\n\n')
    .filter((frame) => frame.trim() !== '')
    .map((frame) => {
      const lines = frame.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7) ?? '';
      const data = lines.find((line) => line.startsWith('data: '))?.slice(6) ?? '';
      return { event, data };
    });
}
