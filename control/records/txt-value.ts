// How the JSON API reads a TXT (or SPF) value: as people mean it.

/**
 * The RFC 1035 presentation of a TXT value given in JSON. A value that starts with `"` is
 * presentation already (one or more quoted strings, `"a" "b"`); any other value is ONE text,
 * whatever spaces it holds: `v=spf1 include:_spf.google.com ~all` is one string, not three
 * (SPF checkers join strings without spaces). The TXT codec splits a text longer than 255
 * octets into consecutive strings, as RFC 7208 §3.3 expects.
 * Example: txtPresentation('say "hi"') → '"say \\"hi\\""'.
 */
export function txtPresentation(value: string): string {
  if (value.trimStart().startsWith('"')) return value;
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
