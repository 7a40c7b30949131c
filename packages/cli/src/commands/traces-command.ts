import type { CommandModule } from 'yargs';
import type { CommandContext } from '../command-context.js';
import { openDatabase } from '../clickhouse/open-database.js';
import { formatTime, formatUsdAmount } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { useColor } from '../output/use-color.js';
import { parseTime } from '../parse-time.js';
import { CliUserError } from '../user-error.js';
import { clickhouseOption } from './shared-options.js';

interface TracesArguments {
  since: string;
  until: string;
  service?: string | undefined;
  json: boolean;
  clickhouse?: string | undefined;
}

export function tracesCommand(context: CommandContext): CommandModule<object, TracesArguments> {
  return {
    command: 'traces',
    describe:
      'LLM traffic from otel_traces per service × model: calls, errors, latency, TTFT, tokens, cost, retries',
    builder: (yargs) =>
      yargs.options({
        since: {
          type: 'string',
          default: '1h',
          describe: 'window start: 30m, 2h, 7d back from now, or an ISO time',
        },
        until: {
          type: 'string',
          default: 'now',
          describe: 'window end: now, a duration back, or an ISO time',
        },
        service: { type: 'string', describe: 'only this service.name' },
        json: { type: 'boolean', default: false, describe: 'print JSON instead of a table' },
        ...clickhouseOption,
      }),
    async handler(argv) {
      const now = Date.now();
      const since = parseTime({ text: argv.since, flag: '--since', now });
      const until = parseTime({ text: argv.until, flag: '--until', now });
      if (since.getTime() >= until.getTime()) {
        throw new CliUserError(
          `--since ${argv.since} is not before --until ${argv.until}; the window is empty`,
        );
      }
      const clickhouse = await openDatabase({
        url: argv.clickhouse,
        cwd: context.cwd,
        environment: context.environment,
      });
      try {
        const { queryTrafficSummary } = await import('@sextant/clickhouse');
        const rows = await queryTrafficSummary(clickhouse, {
          since,
          until,
          ...(argv.service === undefined ? {} : { serviceName: argv.service }),
        });
        if (argv.json) {
          context.stdout.write(
            `${JSON.stringify({ since: since.toISOString(), until: until.toISOString(), rows }, null, 2)}\n`,
          );
          return;
        }
        const window = `from ${formatTime(since.getTime())} to ${formatTime(until.getTime())} (whole minutes)`;
        if (rows.length === 0) {
          context.stdout.write(
            `No LLM calls in otel_traces ${window}${argv.service === undefined ? '' : ` for service ${argv.service}`}.\n`,
          );
          return;
        }
        const ms = (value: number | null): string =>
          value === null ? 'n/a' : `${Math.round(value).toLocaleString('en-US')} ms`;
        const count = (value: number): string => value.toLocaleString('en-US');
        const table = await renderTable({
          head: [
            'Service',
            'Provider',
            'Model',
            'Calls',
            'Errors',
            'Latency p50 / p95',
            'TTFT p50 / p95',
            'Tokens in / out / cached',
            'Cost',
            'Retries',
          ],
          rows: rows.map((row) => [
            row.serviceName,
            row.provider,
            row.model,
            `${count(row.calls)} calls`,
            `${count(row.errors)} (${(row.errorRate * 100).toFixed(1)}%)`,
            `${ms(row.latencyP50Ms)} / ${ms(row.latencyP95Ms)}`,
            `${ms(row.timeToFirstChunkP50Ms)} / ${ms(row.timeToFirstChunkP95Ms)}`,
            `${count(row.inputTokens)} / ${count(row.outputTokens)} / ${count(row.cacheReadInputTokens)} tok`,
            row.costUsd === null
              ? 'n/a (no price)'
              : `${formatUsdAmount(row.costUsd)}${row.unpricedCalls > 0 ? ` (+${count(row.unpricedCalls)} calls unpriced)` : ''}`,
            `${count(row.retries)} retries`,
          ]),
          color: useColor({ stream: context.stdout, environment: context.environment }),
        });
        context.stdout.write(
          `LLM traffic ${window}\n${table}\nPercentiles are within 1% of exact (DDSketch).\n`,
        );
      } finally {
        await clickhouse.close();
      }
    },
  };
}
