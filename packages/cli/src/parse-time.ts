/**
 * Points in time on the command line: a duration back from now (`90s`, `15m`, `2h`, `7d`), an
 * ISO date or date-time (`2025-01-31`, `2025-01-31T14:00:00Z`), or `now`.
 */
import { CliUserError } from './user-error.js';

const UNITS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

export function parseTime(options: { text: string; flag: string; now: number }): Date {
  const { text, flag, now } = options;
  if (text === 'now') return new Date(now);
  const relative = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text.trim());
  if (relative !== null)
    return new Date(now - Number(relative[1]) * (UNITS[relative[2] ?? 's'] ?? 0));
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const date = new Date(text);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new CliUserError(
    `${flag} ${text}: expected a duration back from now (30m, 2h, 7d), an ISO date or time (2025-01-31T14:00:00Z), or now`,
  );
}
