import { Writable } from 'node:stream';
import type { RunEvent } from '@sextant/eval';
import type { EvalResult } from '@sextant/spec';
import { describe, expect, it } from 'vitest';
import { CONTROL_CHARACTERS } from '../test-support/run-sextant.js';
import { createProgressDisplay } from './progress-display.js';

function stream(isTTY: boolean): Writable & { text: string; isTTY: boolean; columns: number } {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      sink.text += chunk.toString();
      callback();
    },
  }) as Writable & { text: string; isTTY: boolean; columns: number };
  sink.text = '';
  sink.isTTY = isTTY;
  sink.columns = 160;
  // cli-progress moves the cursor through these on a terminal.
  Object.assign(sink, { cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return sink;
}

function events(planned: number): RunEvent[] {
  const list: RunEvent[] = [
    { type: 'run-start', runId: 'r', suite: 's', planned, resumed: false, startedAt: 0 },
  ];
  let passed = 0;
  let failed = 0;
  for (let index = 1; index <= planned; index += 1) {
    if (index % 4 === 0) failed += 1;
    else passed += 1;
    list.push({
      type: 'case-end',
      runId: 'r',
      result: {} as EvalResult,
      counts: {
        planned,
        completed: index,
        passed,
        failed,
        errors: 0,
        cacheHits: 0,
        skippedCompleted: 0,
        skippedShard: 0,
        notStarted: 0,
      },
      spend: { targetUsd: index * 0.001, judgeUsd: 0, unknownPriceResults: 0 },
    });
  }
  list.push({
    type: 'run-end',
    runId: 'r',
    status: 'completed',
    counts: {
      planned,
      completed: planned,
      passed,
      failed,
      errors: 0,
      cacheHits: 0,
      skippedCompleted: 0,
      skippedShard: 0,
      notStarted: 0,
    },
    spend: { targetUsd: planned * 0.001, judgeUsd: 0, unknownPriceResults: 0 },
    finishedAt: 1,
  });
  return list;
}

describe('createProgressDisplay', () => {
  it('writes about ten plain lines without control characters when not on a terminal', async () => {
    const output = stream(false);
    let clock = 0;
    const display = await createProgressDisplay({
      stream: output,
      interactive: false,
      label: 'triage',
      now: () => (clock += 10),
    });
    for (const event of events(200)) display.onEvent(event);
    display.stop();
    const lines = output.text.trimEnd().split('\n');
    expect(lines[0]).toBe('triage: 200 results to run');
    expect(lines).toHaveLength(12);
    expect(lines[1]).toMatch(
      /^triage: 20\/200 results \(10%\), pass rate 75\.0%, spend \$0\.02, ETA [\d.]+ m?s$/,
    );
    expect(lines.at(-1)).toMatch(
      /^triage: completed in .*: 200 results, 0 errors, pass rate 75\.0%, spend \$0\.2$/,
    );
    expect(output.text).not.toMatch(CONTROL_CHARACTERS);
  });

  it('draws a live bar with completed/total, pass rate, spend and ETA on a terminal', async () => {
    const output = stream(true);
    const display = await createProgressDisplay({
      stream: output,
      interactive: true,
      label: 'triage',
    });
    const list = events(40);
    for (const event of list.slice(0, 21)) display.onEvent(event);
    // cli-progress redraws on a timer (10 per second), not on every update.
    await new Promise((resolve) => setTimeout(resolve, 250));
    const drawn = output.text;
    display.onEvent(list.at(-1)!);
    expect(drawn).toMatch(/triage \[░+\] 0\/40 results \| pass rate n\/a \| spend \$0 \| ETA /);
    expect(drawn).toMatch(
      /triage \[█+░+\] 20\/40 results \| pass rate 75\.0% \| spend \$0\.02 \| ETA \d+s/,
    );
    expect(drawn).toMatch(CONTROL_CHARACTERS);
  });
});
