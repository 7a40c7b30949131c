/**
 * Text safe for XML 1.0 attribute values and element content: the five special characters are
 * escaped, and characters XML 1.0 forbids outright (most C0 controls, lone surrogates, U+FFFE and
 * U+FFFF) are removed, since no escape can make them legal. Model outputs contain all of these.
 */
const ILLEGAL_IN_XML_1_0 = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(value: string): string {
  return value
    .replace(ILLEGAL_IN_XML_1_0, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** An attribute value also escapes line breaks, which parsers would otherwise fold to spaces. */
export function xmlAttribute(value: string): string {
  return xmlText(value).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
