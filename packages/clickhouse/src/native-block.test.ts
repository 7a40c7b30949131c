import { writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeNativeBlock, type NativeColumn } from './native-block.js';
import type { SextantClickHouse } from './open-clickhouse.js';
import { openTestClickHouse } from './test-support/test-clickhouse.js';

const COLUMNS: NativeColumn[] = [
  { name: 'text', type: 'String' },
  { name: 'maybe', type: 'Nullable(String)' },
  { name: 'count', type: 'UInt64' },
  { name: 'small', type: 'UInt32' },
  { name: 'ratio', type: 'Nullable(Float64)' },
  { name: 'flag', type: 'Bool' },
  { name: 'at', type: 'DateTime64(9)' },
  { name: 'scores', type: 'Map(String, Float64)' },
  { name: 'attributes', type: 'Array(Map(String, String))' },
];

describe('encodeNativeBlock', () => {
  let clickhouse: SextantClickHouse;
  let directory: string;
  beforeAll(async () => {
    clickhouse = await openTestClickHouse({ migrate: false });
    directory = mkdtempSync(join(tmpdir(), 'sextant-native-block-'));
  });
  afterAll(async () => {
    await clickhouse.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('is read back by the engine with every value unchanged', async () => {
    const longText = `${'é漢🚀'.repeat(40)} O'Brien \\ "x"`;
    const scores = Object.create(null) as Record<string, number>;
    scores['__proto__'] = 0.5;
    scores['exact'] = 1;
    const rows = [
      ['', null, '18446744073709551615', 0, null, false, '0.000000001', {}, []],
      [
        longText,
        'ascii',
        9_007_199_254_740_991,
        4_294_967_295,
        0.1,
        true,
        '1750000000.123456789',
        scores,
        [{ 'a.b': 'c' }, {}],
      ],
    ];
    const path = join(directory, 'block.native');
    writeFileSync(path, encodeNativeBlock(COLUMNS, rows));
    const structure = COLUMNS.map((column) => `${column.name} ${column.type}`).join(', ');
    const result = await clickhouse.client.query({
      query: `SELECT text, maybe, toString(count) AS count, small, ratio, flag, toString(at) AS at,
        scores, attributes FROM file({path:String}, 'Native', {structure:String})`,
      query_params: { path, structure },
      format: 'JSONEachRow',
    });
    expect(await result.json()).toEqual([
      {
        text: '',
        maybe: null,
        count: '18446744073709551615',
        small: 0,
        ratio: null,
        flag: false,
        at: '1970-01-01 00:00:00.000000001',
        scores: {},
        attributes: [],
      },
      {
        text: longText,
        maybe: 'ascii',
        count: '9007199254740991',
        small: 4_294_967_295,
        ratio: 0.1,
        flag: true,
        at: '2025-06-15 15:06:40.123456789',
        // JSON.parse, since a `__proto__` key in an object literal would set the prototype.
        scores: JSON.parse('{"__proto__":0.5,"exact":1}') as unknown,
        attributes: [{ 'a.b': 'c' }, {}],
      },
    ]);
  });
});
