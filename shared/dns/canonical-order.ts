// Canonical name order (RFC 4034 §6.1) in the two forms NSEC chains need it: a byte string
// that sorts as the name does (the signer's chain table orders by it), and a comparison of
// uncompressed wire names in place (the edge orders a zone's NSEC owners with it).
import { nameToLabels } from './name.js';
import type { Name } from './name.js';

/**
 * A byte string whose order (memcmp) is the canonical order of names: the labels from the
 * right, each followed by 0x00; octets 0x00 and 0x01 inside a label are written 0x01 0x01 and
 * 0x01 0x02, so that the separator sorts before any octet and a label before its extensions.
 */
export function canonicalSortKey(name: Name): Buffer {
  const out: number[] = [];
  for (const label of nameToLabels(name).reverse()) {
    for (const octet of label) {
      if (octet < 2) out.push(1, octet + 1);
      else out.push(octet);
    }
    out.push(0);
  }
  return Buffer.from(out);
}

/** The offsets of the labels of the uncompressed wire name at `at` (root label excluded), into `into`; returns how many. */
function labelOffsets(buf: Uint8Array, at: number, into: Int32Array): number {
  let count = 0;
  for (let pos = at; buf[pos] !== 0; pos += buf[pos]! + 1) into[count++] = pos;
  return count;
}

const offsetsA = new Int32Array(128);
const offsetsB = new Int32Array(128);

/** Compares the lower-case uncompressed wire names at `a[aAt]` and `b[bAt]` in canonical order. */
export function compareWireNames(a: Uint8Array, aAt: number, b: Uint8Array, bAt: number): number {
  let i = labelOffsets(a, aAt, offsetsA);
  let j = labelOffsets(b, bAt, offsetsB);
  while (i > 0 && j > 0) {
    const x = offsetsA[--i]!;
    const y = offsetsB[--j]!;
    const lx = a[x]!;
    const ly = b[y]!;
    for (let k = 1; k <= Math.min(lx, ly); k++) {
      const d = a[x + k]! - b[y + k]!;
      if (d !== 0) return d;
    }
    if (lx !== ly) return lx - ly;
  }
  return i - j;
}
