// IPv4 and IPv6 addresses in presentation form ⇄ network byte order.
import { isIPv6 } from 'node:net';

/**
 * Parses dotted-quad IPv4 ("192.0.2.1") into 4 bytes, or undefined. Each part is decimal
 * 0–255 without leading zeros: "01.2.3.4" is refused because inet_aton would read it as
 * octal and other tools as decimal, so it has no single meaning.
 */
export function parseIPv4(text: string): Buffer | undefined {
  // One pass over the characters: a snapshot rebuild parses a million of these.
  const out = Buffer.alloc(4);
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || part === 4) return undefined;
      out[part++] = value;
      value = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && value === 0) return undefined;
      value = value * 10 + (c - 0x30);
      digits++;
      if (value > 255) return undefined;
    } else {
      return undefined;
    }
  }
  return part === 4 ? out : undefined;
}

export function formatIPv4(bytes: Uint8Array): string {
  return Array.from(bytes).join('.');
}

/**
 * Parses IPv6 text (RFC 4291 §2.2, including "::" and a trailing dotted quad) into 16 bytes,
 * or undefined. Zone ids ("%eth0") are not addresses and are refused.
 */
export function parseIPv6(text: string): Buffer | undefined {
  if (!isIPv6(text) || text.includes('%')) return undefined;
  let body = text;
  const lastColon = body.lastIndexOf(':');
  if (body.slice(lastColon + 1).includes('.')) {
    // A trailing dotted quad is the last two groups; rewrite it so one parser handles both.
    const v4 = parseIPv4(body.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    body = `${body.slice(0, lastColon + 1)}${v4.readUInt16BE(0).toString(16)}:${v4.readUInt16BE(2).toString(16)}`;
  }
  const [headText, tailText] = body.includes('::') ? body.split('::') : [body, undefined];
  const toGroups = (s: string | undefined): number[] =>
    s === undefined || s === '' ? [] : s.split(':').map((g) => parseInt(g, 16));
  const head = toGroups(headText);
  const rest = toGroups(tailText);
  const fill = 8 - head.length - rest.length;
  if (tailText === undefined ? fill !== 0 : fill < 1) return undefined;
  const groups = [...head, ...new Array<number>(fill).fill(0), ...rest];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}

/**
 * RFC 5952 text: lower-case hex, no leading zeros, the longest run of two or more zero groups
 * (the first on a tie) as "::", and IPv4-mapped addresses with a dotted quad (§5).
 */
export function formatIPv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${formatIPv4(bytes.subarray(12, 16))}`;
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]): string => gs.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}
