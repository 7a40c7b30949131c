/**
 * Redaction for opt-in message content: emails, phone numbers, payment card numbers, API-key-like
 * strings and user patterns are replaced before anything reaches a span, and each recorded
 * attribute is capped in size while staying valid JSON.
 */

interface RedactionRule {
  label: string;
  pattern: RegExp;
  accept?: (match: string) => boolean;
}

function passesLuhn(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

// Order matters: keys and cards before phone numbers, so digits inside them are not half-matched.
const BUILT_IN_RULES: readonly RedactionRule[] = [
  {
    label: 'api_key',
    pattern:
      /\b(?:sk|pk|rk)-(?:ant-|proj-|live-|test-)?[A-Za-z0-9_-]{16,}|\b(?:AKIA|ASIA)[A-Z0-9]{16}\b|\bgh[pousr]_[A-Za-z0-9]{30,}\b|\bxox[abposr]-[A-Za-z0-9-]{10,}|\bAIza[0-9A-Za-z_-]{35}\b|\b[Bb]earer\s+[A-Za-z0-9._~+/-]{16,}=*/g,
  },
  // The look-behind keeps a long run of word characters linear: a match may only start at its edge.
  {
    label: 'email',
    pattern: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
  },
  { label: 'card', pattern: /\b(?:\d[ -]?){12,18}\d\b/g, accept: passesLuhn },
  {
    label: 'phone',
    pattern: /(?<![\w.])\+?(?:\d[\s().-]{0,2}){8,14}\d(?!\w|\.\d)/g,
    // A plain decimal number (3.14159265358979) is not a phone number.
    accept: (match) => !/^\d+\.\d+$/.test(match),
  },
];

export function redactText(text: string, userPatterns: readonly RegExp[]): string {
  let result = text;
  for (const rule of BUILT_IN_RULES) {
    rule.pattern.lastIndex = 0;
    result = result.replace(rule.pattern, (match) =>
      rule.accept === undefined || rule.accept(match) ? `[REDACTED:${rule.label}]` : match,
    );
  }
  for (const pattern of userPatterns) {
    const global = pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
    global.lastIndex = 0;
    result = result.replace(global, '[REDACTED]');
  }
  return result;
}

function redactValue(value: unknown, userPatterns: readonly RegExp[]): unknown {
  if (typeof value === 'string') return redactText(value, userPatterns);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, userPatterns));
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) result[key] = redactValue(item, userPatterns);
    return result;
  }
  return value;
}

function truncateStrings(value: unknown, maxLength: number): unknown {
  if (typeof value === 'string') {
    return value.length > maxLength ? `${value.slice(0, maxLength)}…[truncated]` : value;
  }
  if (Array.isArray(value)) return value.map((item) => truncateStrings(item, maxLength));
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) result[key] = truncateStrings(item, maxLength);
    return result;
  }
  return value;
}

/**
 * JSON of `value` after redaction, at most `maxBytes` UTF-8 bytes: long strings are shortened
 * first; if the structure alone is too big, the result is a JSON string saying so.
 */
export function redactedJson(
  value: unknown,
  options: { patterns: readonly RegExp[]; maxBytes: number },
): string {
  const redacted = redactValue(value, options.patterns);
  let json = JSON.stringify(redacted);
  if (Buffer.byteLength(json) <= options.maxBytes) return json;
  let maxLength = Math.max(16, Math.floor(options.maxBytes / 4));
  while (maxLength >= 16) {
    json = JSON.stringify(truncateStrings(redacted, maxLength));
    if (Buffer.byteLength(json) <= options.maxBytes) return json;
    maxLength = Math.floor(maxLength / 2);
  }
  return JSON.stringify('[truncated: content exceeds maxContentBytes]');
}
