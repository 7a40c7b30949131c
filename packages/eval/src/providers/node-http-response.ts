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
  /**
   * The same fields as `headers`, read without building a `Headers` (which validates every name
   * and value it is given: most of a small response's cost). Names in lower case.
   */
  readonly fields: HeaderFields;
  private headersObject: Headers | null = null;

  constructor(
    private readonly message: IncomingMessage,
    readonly body: NodeHttpBody | null,
    readonly url: string,
    readonly redirected: boolean,
  ) {
    this.status = message.statusCode ?? 0;
    this.statusText = message.statusMessage ?? '';
    this.fields = new HeaderFields(message);
  }

  /** Built on first use. */
  get headers(): Headers {
    return (this.headersObject ??= responseHeaders(this.message.rawHeaders));
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

/** `get` as `Headers` answers it (repeated fields joined with `, `), from node's parsed fields. */
export class HeaderFields {
  constructor(private readonly message: IncomingMessage) {}

  /** `name` in lower case. */
  get(name: string): string | null {
    const values = this.message.headersDistinct[name];
    if (values === undefined) return null;
    return values.length === 1 ? (values[0] as string) : values.join(', ');
  }
}
