import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trace } from '@opentelemetry/api';
import { openClickHouse, type SextantClickHouse } from '@sextant/clickhouse';
import { afterEach, describe, expect, it } from 'vitest';
import { startTelemetry } from './start-telemetry.js';

// chDB binds one data directory per process: one per test process, a database per test.
const dataDir = join(tmpdir(), `sextant-cli-test-${String(process.pid)}`);
process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));

async function parts(clickhouse: SextantClickHouse): Promise<{ parts: string; rows: string }[]> {
  const result = await clickhouse.client.query({
    query: `SELECT count() AS parts, sum(rows) AS rows FROM system.parts
      WHERE database = {database:String} AND table = 'otel_traces' AND active`,
    query_params: { database: clickhouse.database },
    format: 'JSONEachRow',
  });
  return result.json();
}

describe('startTelemetry', () => {
  let clickhouse: SextantClickHouse | undefined;
  afterEach(async () => {
    // startTelemetry registers the global tracer provider, which the API lets be set only once.
    trace.disable();
    await clickhouse?.client.command({
      query: `DROP DATABASE IF EXISTS \`${clickhouse.database}\``,
    });
    await clickhouse?.close();
    clickhouse = undefined;
  });

  async function spansInParts(environment: Record<string, string>, spans = 3_000) {
    clickhouse = await openClickHouse({
      url: '',
      dataDir,
      database: `cli_${randomBytes(6).toString('hex')}`,
    });
    // Every INSERT stays its own part, so the parts count the exporter's INSERTs.
    await clickhouse.client.command({
      query: `SYSTEM STOP MERGES \`${clickhouse.database}\`.otel_traces`,
    });
    const telemetry = await startTelemetry({ clickhouse, environment });
    const tracer = telemetry.tracerProvider.getTracer('start-telemetry-test');
    for (let index = 0; index < spans; index += 1) {
      tracer.startSpan(`chat gpt-4o ${String(index)}`).end();
    }
    await telemetry.shutdown();
    return parts(clickhouse);
  }

  it('sends an eval’s spans to ClickHouse in large batches, not the SDK’s 512-span ones', async () => {
    // 3,000 spans ended at once: one INSERT (the SDK's defaults would make six).
    expect(await spansInParts({})).toEqual([{ parts: '1', rows: '3000' }]);
  });

  it('halves a smaller OTEL_BSP_MAX_QUEUE_SIZE for its batches, so nothing is dropped', async () => {
    // Batches of the whole queue would drop every span ended during an export.
    expect(await spansInParts({ OTEL_BSP_MAX_QUEUE_SIZE: '2000' }, 2_000)).toEqual([
      { parts: '2', rows: '2000' },
    ]);
  });

  it('leaves the batch size to OTEL_BSP_MAX_EXPORT_BATCH_SIZE when it is set', async () => {
    expect(
      await spansInParts({
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '1000',
        OTEL_SERVICE_NAME: 'start-telemetry-test',
      }),
    ).toEqual([{ parts: '3', rows: '3000' }]);
  });
});
