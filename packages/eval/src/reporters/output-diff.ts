import type { diffLines as DiffLines } from 'diff';
import { createRequire } from 'node:module';

// `diff` loads with the first comparison report, not with @sextant/eval (see terminal-reporter).
const require = createRequire(import.meta.url);
let diffLines: typeof DiffLines | undefined;

/**
 * A unified-style line diff of two outputs for a ```diff block: "-" baseline, "+" candidate,
 * " " unchanged. Single-line outputs (labels, compact JSON) show as one removed and one added line.
 */
export function outputDiff(baseline: string, candidate: string): string {
  if (baseline === candidate) return `  ${baseline.split('\n').join('\n  ')}`;
  const lines: string[] = [];
  diffLines ??= (require('diff') as { diffLines: typeof DiffLines }).diffLines;
  for (const part of diffLines(baseline, candidate)) {
    const prefix = part.added ? '+ ' : part.removed ? '- ' : '  ';
    const text = part.value.endsWith('\n') ? part.value.slice(0, -1) : part.value;
    for (const line of text.split('\n')) lines.push(`${prefix}${line}`);
  }
  return lines.join('\n');
}

/** A fence longer than any backtick run inside, so outputs with ``` cannot close it early. */
export function codeFence(content: string, language = ''): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${content}\n${fence}`;
}
