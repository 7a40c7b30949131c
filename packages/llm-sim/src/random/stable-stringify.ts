/**
 * JSON with object keys sorted, so two bodies that differ only in key order hash the same.
 * `omit` drops top-level keys that must not influence the simulated outcome (e.g. `stream`).
 */
export function stableStringify(value: unknown, omit?: ReadonlySet<string>): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) {
      if (index > 0) text += ',';
      text += stableStringify(value[index]);
    }
    return text + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    if (omit?.has(key) || record[key] === undefined) continue;
    if (!first) text += ',';
    first = false;
    text += JSON.stringify(key) + ':' + stableStringify(record[key]);
  }
  return text + '}';
}
