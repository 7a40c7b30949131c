/**
 * Shows a run's progress from its events: completed/total, pass rate so far (errors apart),
 * spend so far and the time left. On a terminal a live bar (cli-progress) that redraws in place;
 * elsewhere (CI logs, pipes) plain lines — one at the start, about one per tenth of the work or
 * per 10 s, one at the end — with no control characters at all.
 */
import type { RunEvent } from '@sextant/eval';
import { formatDuration, formatUsdAmount } from '../output/format.js';

export interface ProgressDisplay {
  onEvent(event: RunEvent): void;
  /** Removes the bar (idempotent); call before printing anything else. */
  stop(): void;
}

export async function createProgressDisplay(options: {
  stream: NodeJS.WritableStream;
  interactive: boolean;
  label: string;
  now?: () => number;
}): Promise<ProgressDisplay> {
  const now = options.now ?? Date.now;
  const { stream, label } = options;
  const describe = (
    counts: { passed: number; failed: number },
    spend: SpendLike,
  ): { passRate: string; spend: string } => {
    const judged = counts.passed + counts.failed;
    return {
      passRate: judged === 0 ? 'n/a' : `${((counts.passed / judged) * 100).toFixed(1)}%`,
      spend: describeSpend(spend),
    };
  };
  if (options.interactive) {
    const { SingleBar } = await import('cli-progress');
    const bar = new SingleBar({
      stream: stream as NodeJS.WriteStream,
      format: `${label} [{bar}] {value}/{total} results | pass rate {passRate} | spend {spend} | ETA {eta_formatted}`,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    });
    let active = false;
    return {
      onEvent(event) {
        if (event.type === 'run-start') {
          bar.start(event.planned, 0, { passRate: 'n/a', spend: '$0' });
          active = true;
        } else if (event.type === 'case-end' && active) {
          bar.update(event.counts.completed, describe(event.counts, event.spend));
        } else if (event.type === 'run-end' && active) {
          bar.stop();
          active = false;
        }
      },
      stop() {
        if (active) bar.stop();
        active = false;
      },
    };
  }
  let planned = 0;
  let startedAt = now();
  let lastLineAt = 0;
  let nextTenth = 1;
  const line = (text: string): void => {
    stream.write(`${label}: ${text}\n`);
  };
  return {
    onEvent(event) {
      if (event.type === 'run-start') {
        planned = event.planned;
        startedAt = now();
        lastLineAt = startedAt;
        line(`${event.resumed ? 'resuming, ' : ''}${planned} results to run`);
      } else if (event.type === 'case-end') {
        const done = event.counts.completed;
        const time = now();
        const crossedTenth = planned > 0 && done >= (planned * nextTenth) / 10;
        if (!crossedTenth && time - lastLineAt < 10_000) return;
        while (planned > 0 && done >= (planned * nextTenth) / 10) nextTenth += 1;
        lastLineAt = time;
        const elapsed = time - startedAt;
        const eta = done === 0 ? null : (elapsed / done) * Math.max(0, planned - done);
        const state = describe(event.counts, event.spend);
        line(
          `${done}/${planned} results (${planned === 0 ? 100 : Math.floor((done / planned) * 100)}%), pass rate ${state.passRate}, spend ${state.spend}, ETA ${eta === null ? 'n/a' : formatDuration(eta)}`,
        );
      } else if (event.type === 'run-end') {
        const state = describe(event.counts, event.spend);
        line(
          `${event.status} in ${formatDuration(now() - startedAt)}: ${event.counts.completed} results, ${event.counts.errors} errors, pass rate ${state.passRate}, spend ${state.spend}`,
        );
      }
    },
    stop() {},
  };
}

interface SpendLike {
  targetUsd: number;
  judgeUsd: number;
  unknownPriceResults: number;
}

function describeSpend(spend: SpendLike): string {
  const total = formatUsdAmount(spend.targetUsd + spend.judgeUsd);
  return spend.unknownPriceResults > 0
    ? `${total} (+${spend.unknownPriceResults} results at unknown price)`
    : total;
}
