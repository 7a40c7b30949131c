/** Options several commands take, defined once so their names and help read the same everywhere. */

export const clickhouseOption = {
  clickhouse: {
    type: 'string',
    describe: 'ClickHouse server URL [default: $SEXTANT_CLICKHOUSE_URL, else embedded]',
  },
} as const;

export const seedOption = {
  seed: { type: 'number', describe: 'seed of the bootstrap intervals' },
} as const;

/** `--out` for commands that show an existing report (eval describes its own). */
export const reportOutOption = {
  out: {
    type: 'string',
    array: true,
    default: [] as string[],
    describe: 'also write FORMAT=PATH (json, junit, markdown, csv, terminal; - is stdout)',
  },
} as const;
