/**
 * The response `createNodeHttpFetch` resolves with: what fetch consumers (the official SDKs, the
 * instrumentation's attempt recorder, the runner's observing fetch) read from a `Response` —
 * `status`, `statusText`, `ok`, `url`, `redirected`, `type`, real `Headers`, `body` (async iterable,
 * see `NodeHttpBody`; null for 204/205/304 and HEAD, as fetch has it), `bodyUsed`, `text()`,
 * `json()`, `arrayBuffer()`. It is not a `Response` instance and has no `clone()`, `blob()` or
 * `formData()`; targets that need them use the platform fetch (`transport: fetch`).
 */
import type { IncomingMessage } from 'node:http';
import type { NodeHttpBody } from './node-http-body.js';

export class NodeHttpResponse {
  readonly type = 'basic';
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;

  constructor(
    message: IncomingMessage,
    readonly body: NodeHttpBody | null,
    readonly url: string,
    readonly redirected: boolean,
  ) {
    this.status = message.statusCode ?? 0;
    this.statusText = message.statusMessage ?? '';
    this.headers = responseHeaders(message.rawHeaders);
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  get bodyUsed(): boolean {
    return this.body?.used ?? false;
  }

  async text(): Promise<string> {
    if (this.body === null) return '';
    const text = (await this.body.readAll()).toString('utf8');
    // Fetch decodes UTF-8 without the byte order mark.
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.body === null) return new ArrayBuffer(0);
    const bytes = await this.body.readAll();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
}

/** Headers as fetch builds them: every field kept, repeated names joined by `Headers`. */
function responseHeaders(raw: readonly string[]): Headers {
  const headers = new Headers();
  for (let index = 0; index + 1 < raw.length; index += 2) {
    try {
      headers.append(raw[index] as string, raw[index + 1] as string);
    } catch {
      // A field `Headers` cannot hold (a name with a character fetch forbids) is left out.
    }
  }
  return headers;
}
