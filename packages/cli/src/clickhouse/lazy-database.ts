/**
 * Opens ClickHouse and the result store on first use only, so that commands given results files
 * never start the embedded engine. `close` closes whatever was opened.
 */
import type { SextantClickHouse } from '@sextant/clickhouse';
import type { ResultStore } from '@sextant/spec';
import { describeDatabase, openDatabase } from './open-database.js';

export interface LazyDatabase {
  clickhouse(): Promise<SextantClickHouse>;
  store(): Promise<ResultStore>;
  /** For messages: the server URL without credentials, or the embedded directory. */
  where: string;
  close(): Promise<void>;
}

export function lazyDatabase(options: {
  url: string | undefined;
  cwd: string;
  environment: Readonly<Record<string, string | undefined>>;
}): LazyDatabase {
  let clickhouse: Promise<SextantClickHouse> | undefined;
  let store: Promise<ResultStore> | undefined;
  const open = (): Promise<SextantClickHouse> => (clickhouse ??= openDatabase(options));
  return {
    clickhouse: open,
    store() {
      store ??= open().then(async (database) => {
        const { ClickHouseResultStore } = await import('@sextant/clickhouse');
        return new ClickHouseResultStore({ clickhouse: database });
      });
      return store;
    },
    where: describeDatabase(options),
    async close() {
      await store?.then((opened) => opened.close()).catch(() => undefined);
      await clickhouse?.then((opened) => opened.close()).catch(() => undefined);
    },
  };
}
