// Base32 with the extended hex alphabet (RFC 4648 §7), unpadded, as NSEC3 hashed names use it.
import { RdataError } from '../rdata/rdata-error.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUV';

/**
 * Decodes unpadded base32hex, either case (RFC 5155 §3.3). Leftover bits must be zero and the
 * length must be one a whole number of octets produces, so every value has one spelling.
 */
export function parseBase32Hex(text: string, field: string): Buffer {
  const upper = text.toUpperCase();
  if (!/^[0-9A-V]*$/.test(upper) || [1, 3, 6].includes(upper.length % 8)) {
    throw new RdataError(`${field} "${text}" is not base32hex`);
  }
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of upper) {
    value = (value << 5) | ALPHABET.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >> bits) & 0xff);
    }
  }
  if ((value & ((1 << bits) - 1)) !== 0) throw new RdataError(`${field} "${text}" is not canonical base32hex`);
  return Buffer.from(out);
}

/** Upper-case, unpadded, as BIND prints it. */
export function formatBase32Hex(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = ((value << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(value >> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}
