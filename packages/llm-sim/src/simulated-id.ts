import { hashString } from './random/hash-string.js';

/** A vendor-looking id (`chatcmpl-…`, `msg_…`, `req_…`) derived from seed material, never random. */
export function simulatedId(prefix: string, material: string): string {
  const first = hashString(material, 1).toString(16).padStart(14, '0');
  const second = hashString(material, 2).toString(16).padStart(14, '0');
  return `${prefix}${first}${second}`.slice(0, prefix.length + 24);
}
