/**
 * cli-table3 with our defaults: bold headings and grey borders only when colour is on, never
 * cli-table3's default red headings on a pipe. Loaded on first use, so `--help` never pays for it.
 */
export async function renderTable(options: {
  head: string[];
  rows: string[][];
  color: boolean;
}): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    head: options.head,
    style: options.color ? { head: ['bold'], border: ['grey'] } : { head: [], border: [] },
  });
  for (const row of options.rows) table.push(row);
  return table.toString();
}
