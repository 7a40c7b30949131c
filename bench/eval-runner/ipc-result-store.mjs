// A ResultStore whose ClickHouse lives in another process (store-process.mjs), for measuring the
// runner's memory without the embedded engine's ~240 MB. Benchmark support only.
import { fork } from 'node:child_process';

// `cpu`: the core the store process is pinned to (through taskset), like the simulator, so it
// stands where a ClickHouse server would: off the runner's core. A forked child inherits its
// parent's affinity, so without it the store would share the pinned runner's one core.
export async function openIpcResultStore({ dataDir, database, cpu }) {
  const pin =
    cpu === undefined
      ? {}
      : { execPath: 'taskset', execArgv: ['-c', String(cpu), process.execPath] };
  const child = fork(new URL('./store-process.mjs', import.meta.url), [dataDir, database], {
    serialization: 'advanced',
    ...pin,
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
