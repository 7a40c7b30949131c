import { readdirSync } from 'node:fs';
import { defineConfig, defaultServerConditions } from 'vite';
import { defineConfig as defineTestConfig, mergeConfig } from 'vitest/config';

// One vitest project per package. Workspace packages resolve to their TypeScript sources through
// the `@sextant/source` export condition, so tests never need a build of their dependencies.
// `module` is left out: it makes Vite pick @opentelemetry/api's extensionless ESM build, which Node
// cannot load when @anthropic-ai/sdk (or anything else external) imports it.
const conditions = [
  '@sextant/source',
  ...defaultServerConditions.filter((condition) => condition !== 'module'),
];
const packages = readdirSync(new URL('./packages', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

export default mergeConfig(
  defineConfig({ resolve: { conditions }, ssr: { resolve: { conditions } } }),
  defineTestConfig({
    test: {
      projects: packages.map((name) => ({
        extends: true,
        test: {
          name,
          root: `packages/${name}`,
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      })),
    },
  }),
);
