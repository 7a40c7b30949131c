// A ResultStore whose ClickHouse lives in another process (store-process.mjs), for measuring the
// runner's memory without the embedded engine's ~240 MB. Benchmark support only.
import { fork } from 'node:child_process';

export async function openIpcResultStore({ dataDir, database }) {
  const child = fork(new URL('./store-process.mjs', import.meta.url), [dataDir, database], {
    serialization: 'advanced',
  });
  await new Promise((resolve) => child.once('message', resolve));
  let nextId = 0;
  const pending = new Map();
  child.on('message', ({ id, value, error }) => {
    const waiter = pending.get(id);
    pending.delete(id);
    if (error !== undefined) waiter?.reject(new Error(error));
    else waiter?.resolve(value);
  });
  const call = (method, argument) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, method, argument });
    });
  return {
    saveRun: (run) => call('saveRun', run),
    getRun: (runId) => call('getRun', runId),
    writeResults: (results) => call('writeResults', results),
    flush: () => call('flush'),
    completedKeys: (runId) => call('completedKeys', runId),
    async *readResults(runId) {
      yield* await call('readResults', runId);
    },
    count: (runId) => call('count', runId),
    peakRss: () => call('peakRss'),
    async close() {
      await call('close');
      child.kill();
    },
  };
}
