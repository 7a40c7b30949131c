// Child process that owns the embedded ClickHouse (chDB) and the ClickHouseResultStore, so the
// runner's own memory can be measured apart from the engine's. It answers ResultStore calls sent
// over IPC by ipc-result-store.mjs and reports its peak RSS when asked.
import { ClickHouseResultStore, openClickHouse } from '@sextant/clickhouse';

const [dataDir, database] = process.argv.slice(2);
const clickhouse = await openClickHouse({ url: '', dataDir, database });
const store = new ClickHouseResultStore({ clickhouse });

process.on('message', async (message) => {
  const { id, method, argument } = message;
  try {
    let value = null;
    if (method === 'saveRun') await store.saveRun(argument);
    else if (method === 'getRun') value = await store.getRun(argument);
    else if (method === 'writeResults') await store.writeResults(argument);
    else if (method === 'flush') await store.flush();
    else if (method === 'completedKeys') value = await store.completedKeys(argument);
    else if (method === 'readResults') {
      value = [];
      for await (const result of store.readResults(argument)) value.push(result);
    } else if (method === 'count') {
      const result = await clickhouse.client.query({
        query: `SELECT count() AS rows FROM \`${database}\`.sextant_eval_results FINAL WHERE run_id = {runId:String}`,
        query_params: { runId: argument },
        format: 'JSONEachRow',
      });
      value = Number((await result.json())[0]?.rows ?? 0);
    } else if (method === 'peakRss') value = process.resourceUsage().maxRSS * 1024;
    else if (method === 'close') {
      await store.close();
      await clickhouse.close();
    }
    process.send({ id, value });
  } catch (error) {
    process.send({ id, error: String(error?.stack ?? error) });
  }
});
process.send({ ready: true });
