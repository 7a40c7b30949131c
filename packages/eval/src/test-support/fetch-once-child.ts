/**
 * A process for the transport's TLS test: fetches SEXTANT_FETCH_URL once with
 * `createNodeHttpFetch` (trusting what NODE_EXTRA_CA_CERTS adds) and prints the status and JSON body.
 */
import { createNodeHttpFetch } from '../providers/node-http-fetch.js';

const transport = createNodeHttpFetch({ maxSockets: 1 });
try {
  const response = await transport.fetch(process.env['SEXTANT_FETCH_URL'] ?? '');
  process.stdout.write(
    `${JSON.stringify({ status: response.status, body: await response.json() })}\n`,
  );
} finally {
  transport.close();
}
