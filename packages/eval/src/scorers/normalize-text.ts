/**
 * Text normalisation shared by the string scorers. Unicode is normalised to NFC first so that
 * the same visible text compares equal whichever way it was encoded.
 */

export interface NormalizeOptions {
  /** Trim leading and trailing whitespace (default true). */
  trim?: boolean;
  ignoreCase?: boolean;
  /** Collapse runs of whitespace into one space. */
  collapseWhitespace?: boolean;
  /** Remove punctuation and symbols (Unicode categories P and S). */
  stripPunctuation?: boolean;
}

export const normalizeOptionsSchema = {
  trim: { type: 'boolean' },
  ignoreCase: { type: 'boolean' },
  collapseWhitespace: { type: 'boolean' },
  stripPunctuation: { type: 'boolean' },
} as const;

const WHITESPACE = /\s+/gu;
const PUNCTUATION = /[\p{P}\p{S}]/gu;

export function normalizeText(text: string, options: NormalizeOptions): string {
  let value = text.normalize('NFC');
  if (options.stripPunctuation === true) value = value.replace(PUNCTUATION, '');
  if (options.collapseWhitespace === true) value = value.replace(WHITESPACE, ' ');
  if (options.trim !== false) value = value.trim();
  if (options.ignoreCase === true) value = value.toLocaleLowerCase();
  return value;
}

/** Shortens text for a reason string. */
export function quote(text: string, limit = 60): string {
  const shown = text.length > limit ? `${text.slice(0, limit)}…` : text;
  return JSON.stringify(shown);
}
