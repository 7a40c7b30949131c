import type { CommandModule } from 'yargs';
import type { CommandContext } from '../command-context.js';
import { describeDatabase, openDatabase } from '../clickhouse/open-database.js';
import { formatTime } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { useColor } from '../output/use-color.js';
import { clickhouseOption } from './shared-options.js';

interface DatabaseArguments {
  action: 'migrate' | 'status';
  clickhouse?: string | undefined;
}

export function dbCommand(context: CommandContext): CommandModule<object, DatabaseArguments> {
  return {
    command: 'db <action>',
    describe: 'Apply the ClickHouse migrations (migrate) or list which are applied (status)',
    builder: (yargs) =>
      yargs
        .positional('action', {
          choices: ['migrate', 'status'] as const,
          demandOption: true,
          describe: 'migrate or status',
        })
        .options({
          ...clickhouseOption,
        }),
    async handler(argv) {
      const where = describeDatabase({ url: argv.clickhouse, environment: context.environment });
      const clickhouse = await openDatabase({
        url: argv.clickhouse,
        cwd: context.cwd,
        environment: context.environment,
        migrate: false,
      });
      try {
        const { migrate, migrationStatus } = await import('@sextant/clickhouse');
        if (argv.action === 'migrate') {
          const { applied, alreadyApplied } = await migrate(clickhouse);
          context.stdout.write(
            `Migrated ${where}, database ${clickhouse.database}: ${applied.length} applied now${applied.length > 0 ? ` (${applied.join(', ')})` : ''}, ${alreadyApplied.length} already applied.\n`,
          );
          return;
        }
        const status = await migrationStatus(clickhouse);
        const pending = status.filter((entry) => entry.appliedAt === null).length;
        context.stdout.write(
          `${await renderTable({
            head: ['Version', 'Migration', 'Applied'],
            rows: status.map((entry) => [
              entry.version,
              entry.name,
              entry.appliedAt === null ? 'pending' : formatTime(entry.appliedAt.getTime()),
            ]),
            color: useColor({ stream: context.stdout, environment: context.environment }),
          })}\n${where}, database ${clickhouse.database}: ${status.length - pending} applied, ${pending} pending${pending > 0 ? ' (run `sextant db migrate`)' : ''}.\n`,
        );
      } finally {
        await clickhouse.close();
      }
    },
  };
}
