// RRSIG records (RFC 4034 §3): the signature over an RRset in canonical form (§6).
import { labelCount, nameToWire } from '../dns/name.js';
import type { Name } from '../dns/name.js';
import { CLASS_IN } from '../dns/rr-type.js';
import type { RRset } from '../dns/rrset.js';
import { signData } from './signing-key.js';
import type { SigningKey } from './signing-key.js';

/** When signatures begin and end, in seconds since the epoch (RFC 1982 arithmetic on the wire). */
export interface SignatureWindow {
  readonly inception: number;
  readonly expiration: number;
}

/** RDATA values in canonical order (RFC 4034 §6.3: as left-justified unsigned octet strings), duplicates dropped. */
function canonicalRdata(rdata: readonly Buffer[]): Buffer[] {
  const sorted = [...rdata].sort(Buffer.compare);
  return sorted.filter((r, i) => i === 0 || !r.equals(sorted[i - 1]!));
}

/** RFC 4034 §3.1.3: the owner's labels, a leading wildcard label not counted. */
function rrsigLabels(owner: Name): number {
  return labelCount(owner) - (owner.startsWith('*.') ? 1 : 0);
}

/**
 * The RRSIG RDATA over `rrset` by `key` (tag `tag`) of zone `signer`. Owner names and the names
 * inside RDATA are already lower case in a Name and in our RDATA, which is the canonical form.
 */
export function rrsigRdata(rrset: RRset, signer: Name, key: SigningKey, tag: number, window: SignatureWindow): Buffer {
  const head = Buffer.alloc(18);
  head.writeUInt16BE(rrset.type, 0);
  head[2] = key.algorithm;
  head[3] = rrsigLabels(rrset.name);
  head.writeUInt32BE(rrset.ttl >>> 0, 4);
  head.writeUInt32BE(window.expiration >>> 0, 8);
  head.writeUInt32BE(window.inception >>> 0, 12);
  head.writeUInt16BE(tag, 16);
  const fields = Buffer.concat([head, nameToWire(signer)]);
  const owner = nameToWire(rrset.name);
  const fixed = Buffer.alloc(8);
  fixed.writeUInt16BE(rrset.type, 0);
  fixed.writeUInt16BE(CLASS_IN, 2);
  fixed.writeUInt32BE(rrset.ttl >>> 0, 4);
  const records = canonicalRdata(rrset.rdata).map((rdata) => {
    const length = Buffer.alloc(2);
    length.writeUInt16BE(rdata.length, 0);
    return Buffer.concat([owner, fixed, length, rdata]);
  });
  return Buffer.concat([fields, signData(key, Buffer.concat([fields, ...records]))]);
}
