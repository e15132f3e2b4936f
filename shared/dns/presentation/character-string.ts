// Character-strings in presentation form (RFC 1035 §5.1): escape decoding and quoted printing.
import { RdataError } from '../rdata/rdata-error.js';

/** Longest character-string, in octets (RFC 1035 §3.3). */
export const MAX_CHARACTER_STRING = 255;

/**
 * Decodes a token's text into bytes: `\DDD` is the octet DDD (at most 255), `\X` is X, and
 * any other character stands for its UTF-8 bytes (so "é" is two octets). No length limit.
 */
export function decodeEscapes(text: string): Buffer {
  const out: number[] = [];
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code !== 0x5c) {
      const cp = text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      if (cp < 0x80) out.push(cp);
      else out.push(...Buffer.from(ch, 'utf8'));
      i += ch.length;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) throw new RdataError(`backslash at the end of ${JSON.stringify(text)}`);
    if (next >= '0' && next <= '9') {
      const digits = text.slice(i + 1, i + 4);
      if (!/^[0-9]{3}$/.test(digits)) throw new RdataError(`"\\${digits}": a \\DDD escape needs three digits`);
      const value = Number(digits);
      if (value > 255) throw new RdataError(`"\\${digits}" is more than 255`);
      out.push(value);
      i += 4;
    } else {
      const cp = text.codePointAt(i + 1)!;
      const ch = String.fromCodePoint(cp);
      out.push(...Buffer.from(ch, 'utf8'));
      i += 1 + ch.length;
    }
  }
  return Buffer.from(out);
}

/** Decodes one token as a single character-string, refusing more than 255 octets. */
export function parseCharacterString(text: string, field: string): Buffer {
  const bytes = decodeEscapes(text);
  if (bytes.length > MAX_CHARACTER_STRING) {
    throw new RdataError(`${field} is ${bytes.length} octets long (at most ${MAX_CHARACTER_STRING})`);
  }
  return bytes;
}

/**
 * Prints bytes as a quoted string: `"` and `\` escaped with a backslash, printable ASCII
 * (space included) as itself, every other octet as `\DDD`, so the output is plain ASCII.
 */
export function formatCharacterString(bytes: Uint8Array): string {
  return `"${escapeBytes(bytes, '"\\')}"`;
}

/** Escapes bytes for presentation: the characters in `special` get `\`, unprintables `\DDD`. */
export function escapeBytes(bytes: Uint8Array, special: string): string {
  let out = '';
  for (const b of bytes) {
    if (b < 0x20 || b > 0x7e) out += '\\' + b.toString().padStart(3, '0');
    else if (special.includes(String.fromCharCode(b))) out += '\\' + String.fromCharCode(b);
    else out += String.fromCharCode(b);
  }
  return out;
}
