// NSEC3 (RFC 5155) as RFC 9276 asks: SHA-1, no extra iterations, no salt, no opt-out.
import { createHash } from 'node:crypto';
import { nameToWire } from '../dns/name.js';
import type { Name } from '../dns/name.js';

const SHA1 = 1;
const HEX32 = '0123456789abcdefghijklmnopqrstuv';

/** The NSEC3 hash of `name` with no salt and no extra iteration (RFC 5155 §5). */
export function nsec3Hash(name: Name): Buffer {
  return createHash('sha1').update(nameToWire(name)).digest();
}

/** Base32 with the extended hex alphabet, lower case, no padding (RFC 4648 §7), as NSEC3 owner labels are written. */
export function base32hex(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += HEX32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += HEX32[(value << (5 - bits)) & 31];
  return out;
}

/** The bytes of base32hex text (the owner label of an NSEC3 record, either case); undefined when it is not base32hex. */
export function fromBase32hex(text: string): Buffer | undefined {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of text.toLowerCase()) {
    const digit = HEX32.indexOf(c);
    if (digit < 0) return undefined;
    value = ((value << 5) | digit) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The type bit maps field (RFC 4034 §4.1.2) for `types`. */
export function typeBitmaps(types: readonly number[]): Buffer {
  const windows = new Map<number, number[]>();
  for (const type of new Set(types)) {
    const window = type >> 8;
    windows.set(window, [...(windows.get(window) ?? []), type & 0xff]);
  }
  const parts: Buffer[] = [];
  for (const window of [...windows.keys()].sort((a, b) => a - b)) {
    const low = windows.get(window)!;
    const bitmap = Buffer.alloc((Math.max(...low) >> 3) + 1);
    for (const t of low) bitmap[t >> 3]! |= 0x80 >> (t & 7);
    parts.push(Buffer.from([window, bitmap.length]), bitmap);
  }
  return Buffer.concat(parts);
}

/** NSEC3 RDATA: SHA-1, flags 0, 0 iterations, no salt, the next hashed owner, the types at the name. */
export function nsec3Rdata(nextHash: Buffer, types: readonly number[]): Buffer {
  return Buffer.concat([Buffer.from([SHA1, 0, 0, 0, 0, nextHash.length]), nextHash, typeBitmaps(types)]);
}

/** NSEC3PARAM RDATA matching nsec3Rdata's parameters. */
export function nsec3paramRdata(): Buffer {
  return Buffer.from([SHA1, 0, 0, 0, 0]);
}
