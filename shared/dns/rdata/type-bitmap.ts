// The type bitmap of NSEC (RFC 4034 §4.1.2) and NSEC3 (RFC 5155 §3.2.1) records.
import type { Token } from '../presentation/tokenize.js';
import { rrTypeFromText, rrTypeToText } from '../rr-type.js';
import { RdataError } from './rdata-error.js';

/** Type mnemonics (or TYPEnnn), in any order and possibly repeated → the windowed bitmap. */
export function parseTypeBitmap(tokens: readonly Token[]): Buffer {
  const types = new Set<number>();
  for (const token of tokens) {
    const type = rrTypeFromText(token.text);
    if (type === undefined) throw new RdataError(`"${token.text}" is not a type`);
    types.add(type);
  }
  const out: number[] = [];
  const sorted = [...types].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; ) {
    const window = sorted[i]! >> 8;
    const bitmap = new Array<number>(32).fill(0);
    let length = 0;
    for (; i < sorted.length && sorted[i]! >> 8 === window; i++) {
      const low = sorted[i]! & 0xff;
      bitmap[low >> 3]! |= 0x80 >> (low & 7);
      length = (low >> 3) + 1;
    }
    out.push(window, length, ...bitmap.slice(0, length));
  }
  return Buffer.from(out);
}

/**
 * The windowed bitmap → type mnemonics in ascending order. Windows must ascend, be 1–32
 * octets and end in a non-zero octet (RFC 4034 §4.1.2), so the bitmap has one encoding.
 */
export function formatTypeBitmap(bytes: Uint8Array): string[] {
  const types: string[] = [];
  let previous = -1;
  for (let i = 0; i < bytes.length; ) {
    if (i + 2 > bytes.length) throw new RdataError('wire RDATA ends inside the type bitmap');
    const window = bytes[i]!;
    const length = bytes[i + 1]!;
    if (window <= previous) throw new RdataError('type bitmap windows are not in ascending order');
    if (length < 1 || length > 32 || i + 2 + length > bytes.length) throw new RdataError('bad type bitmap window length');
    if (bytes[i + 1 + length] === 0) throw new RdataError('type bitmap window ends in a zero octet');
    for (let octet = 0; octet < length; octet++) {
      const b = bytes[i + 2 + octet]!;
      for (let bit = 0; bit < 8; bit++) {
        if (b & (0x80 >> bit)) types.push(rrTypeToText((window << 8) | (octet << 3) | bit));
      }
    }
    previous = window;
    i += 2 + length;
  }
  return types;
}
