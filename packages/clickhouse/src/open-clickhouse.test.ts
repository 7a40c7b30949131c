import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SextantClickHouseError } from './clickhouse-errors.js';
import { openClickHouse } from './open-clickhouse.js';

// This file binds its own data directories, so it never opens the shared test directory.
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const directories: string[] = [];
function freshDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'sextant-open-test-'));
  directories.push(directory);
  return directory;
}
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

/** A second process on the embedded engine, using chDB directly. */
function startHolder(path: string, mode: 'hold' | 'try'): ChildProcessWithoutNullStreams {
  const script = `
    import { createClient } from '@clickhouse/client';
    import { createChdbConnection } from 'chdb/connection';
    let client;
    try {
      client = createClient({ connection: createChdbConnection({ path: ${JSON.stringify(path)} }) });
    } catch (error) {
      console.log('open-failed:' + error.code);
      process.exit(3);
    }
    await client.command({ query: 'CREATE DATABASE IF NOT EXISTS held' });
    await client.command({ query: 'CREATE TABLE IF NOT EXISTS held.t (n UInt32) ENGINE = MergeTree ORDER BY n' });
    await client.insert({ table: 'held.t', values: [{ n: 1 }, { n: 2 }, { n: 3 }], format: 'JSONEachRow' });
    console.log('ready');
    if (${JSON.stringify(mode)} === 'hold') await new Promise((resolve) => process.stdin.once('end', resolve).resume());
    await client.close();
  `;
  return spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: packageDir });
}

function waitForOutput(child: ChildProcessWithoutNullStreams, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(text)) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`exited ${String(code)} before "${text}": ${output}`)),
    );
  });
}

function exitOf(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stdout }));
  });
}

describe('openClickHouse, embedded', () => {
  it('refuses a data directory another process holds, and leaves its data intact', async () => {
    const path = freshDirectory();
    const holder = startHolder(path, 'hold');
    await waitForOutput(holder, 'ready');

    const error = await openClickHouse({ url: '', dataDir: path }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SextantClickHouseError);
    expect(error).toMatchObject({ code: 'embedded-directory-busy' });
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain('SEXTANT_CLICKHOUSE_URL');

    const exited = exitOf(holder);
    holder.stdin.end();
    expect((await exited).code).toBe(0);

    // Once the other process is gone the directory opens, with its rows unharmed.
    const clickhouse = await openClickHouse({ url: '', dataDir: path, database: 'ours' });
    const rows = await clickhouse.client.query({
      query: 'SELECT n FROM held.t ORDER BY n',
      format: 'JSONEachRow',
    });
    expect(await rows.json()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);

    // And while this process holds it, another process is turned away without touching it.
    const intruder = await exitOf(startHolder(path, 'try'));
    expect(intruder).toEqual({ code: 3, stdout: 'open-failed:CHDB_CONNECTION\n' });
    const again = await clickhouse.client.query({
      query: 'SELECT count() AS c FROM held.t',
      format: 'JSONEachRow',
    });
    expect(await again.json()).toEqual([{ c: '3' }]);

    // One engine per process: a second directory is refused with the same clear error.
    await expect(openClickHouse({ url: '', dataDir: freshDirectory() })).rejects.toMatchObject({
      code: 'embedded-directory-busy',
    });
    await clickhouse.close();
  });
});

describe('openClickHouse, server URL', () => {
  it('takes credentials and database from the URL and never shows the password', async () => {
    const clickhouse = await openClickHouse({
      url: 'http://sextant:s3cr%40t@127.0.0.1:9/analytics',
      migrate: false,
    });
    expect(clickhouse).toMatchObject({
      database: 'analytics',
      embedded: false,
      cluster: undefined,
    });
    const error: unknown = await openClickHouse({
      url: 'http://sextant:s3cr%40t@127.0.0.1:9/analytics',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).not.toContain('s3cr');
    await clickhouse.close();
  });

  it('rejects bad options with a typed error that says what to do', async () => {
    await expect(openClickHouse({ url: 'tcp://host:9000' })).rejects.toMatchObject({
      code: 'invalid-option',
      message: expect.stringContaining('use http:// or https://') as unknown,
    });
    await expect(
      openClickHouse({ url: 'http://127.0.0.1:9', database: 'x; DROP', migrate: false }),
    ).rejects.toMatchObject({ code: 'invalid-option' });
    await expect(
      openClickHouse({ url: 'http://127.0.0.1:9', ttlDays: 0, migrate: false }),
    ).rejects.toMatchObject({ code: 'invalid-option' });
  });
});
