/**
 * A loopback HTTP server that answers each request with bytes a test chooses: malformed JSON,
 * broken SSE, wrong content types. Port 0, so tests can run in parallel.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CraftedReply {
  status?: number;
  headers?: Record<string, string>;
  /** Written in order, with a short pause between chunks so they arrive separately. */
  chunks: (string | Uint8Array)[];
  /** Destroy the socket after the chunks instead of ending the response. */
  destroy?: boolean;
}

export interface CraftedServer {
  url: string;
  requests: { path: string; body: string }[];
  close(): Promise<void>;
}

export async function startCraftedServer(
  reply: (request: { path: string; body: string; index: number }) => CraftedReply,
): Promise<CraftedServer> {
  const requests: { path: string; body: string }[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => {
      const entry = { path: request.url ?? '', body: Buffer.concat(parts).toString('utf8') };
      requests.push(entry);
      const crafted = reply({ ...entry, index: requests.length - 1 });
      response.writeHead(crafted.status ?? 200, crafted.headers ?? {});
      const write = async () => {
        for (const chunk of crafted.chunks) {
          response.write(chunk);
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        if (crafted.destroy) response.destroy();
        else response.end();
      };
      void write();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
