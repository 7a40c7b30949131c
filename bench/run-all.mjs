// Runs every benchmark under bench/<area>/ whose file name ends in `.bench.mjs`, one at a time,
// each in its own process so they cannot disturb each other. Build first: `pnpm bench` does.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('.', import.meta.url).pathname;
const only = process.argv.slice(2);
const areas = readdirSync(root, { withFileTypes: true })
  .filter(
    (entry) => entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'results',
  )
  .map((entry) => entry.name)
  .filter((area) => only.length === 0 || only.includes(area));

let failed = 0;
for (const area of areas) {
  const files = readdirSync(join(root, area)).filter((file) => file.endsWith('.bench.mjs'));
  for (const file of files) {
    console.log(`\n## ${area}/${file}\n`);
    const result = spawnSync(process.execPath, [join(root, area, file)], { stdio: 'inherit' });
    if (result.status !== 0) failed += 1;
  }
}
process.exitCode = failed === 0 ? 0 : 1;
