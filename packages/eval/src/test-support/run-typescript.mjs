// Runs a TypeScript entry in a child process the way vitest loads our sources (through Vite's
// module runner, with the `@sextant/source` condition), so tests can spawn and kill a real runner
// process without a build. Usage: node run-typescript.mjs <entry.ts> [args...]
import { createServer, createServerModuleRunner } from 'vite';

const [entry] = process.argv.slice(2);
// Not `module`: Node itself loads externalised dependencies, and some (@opentelemetry/api) ship
// an extensionless ESM build under that condition that Node cannot load.
const conditions = ['@sextant/source', 'node', 'import', 'default'];
const server = await createServer({
  configFile: false,
  logLevel: 'error',
  appType: 'custom',
  server: { middlewareMode: true, hmr: false, ws: false, watch: null },
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['node', 'import', 'default'] } },
  optimizeDeps: { noDiscovery: true, include: [] },
});
const runner = createServerModuleRunner(server.environments.ssr, { hmr: false });
try {
  await runner.import(entry);
} finally {
  await runner.close();
  await server.close();
}
