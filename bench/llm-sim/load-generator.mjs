// A small closed-loop HTTP load generator: `concurrency` keep-alive connections, each sending
// the next request as soon as the previous response has been read to its end.
import { Buffer } from 'node:buffer';
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * @param {{ url: string, path: string, headers: Record<string, string>, bodies: string[],
 *   concurrency: number, durationMs: number, check: (status: number, body: string) => boolean }} options
 */
export async function runLoad(options) {
  const target = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies = [];
  let completed = 0;
  let failed = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const send = (body) =>
    new Promise((resolve) => {
      const sentAt = performance.now();
      const request = httpRequest(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: 'POST',
          path: options.path,
          headers: {
            ...options.headers,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => {
            latencies.push(performance.now() - sentAt);
            if (options.check(response.statusCode ?? 0, text)) completed++;
            else failed++;
            resolve();
          });
        },
      );
      request.on('error', () => {
        failed++;
        resolve();
      });
      request.end(body);
    });
  const worker = async () => {
    while (performance.now() < deadline) await send(options.bodies[next++ % options.bodies.length]);
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((left, right) => left - right);
  const percentile = (share) =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * share))] ?? NaN;
  return {
    completed,
    failed,
    perSecond: completed / seconds,
    p50: percentile(0.5),
    p99: percentile(0.99),
  };
}
