// The two chains of authenticated denial a zone may have: NSEC3 (RFC 5155, with RFC 9276's
// parameters; the default) or NSEC (RFC 4034 §4), for zones that ask for it. What differs
// between them is said here once; the signers (shared/dnssec/sign-zone.ts for a whole zone,
// control/dnssec/zone-signer.ts for what a publish changed) build either chain with it.
import { canonicalSortKey } from '../dns/canonical-order.js';
import { nameToWire } from '../dns/name.js';
import type { Name } from '../dns/name.js';
import { RRType } from '../dns/rr-type.js';
import type { RRset } from '../dns/rrset.js';
import { base32hex, fromBase32hex, nsec3Hash, nsec3Rdata, typeBitmaps } from './nsec3.js';

export type DenialKind = 'NSEC' | 'NSEC3';

/** One name of a chain: its order key, its name, and the types the name holds as its record lists them. */
export interface DenialLink {
  readonly key: Buffer;
  readonly name: Name;
  readonly types: readonly number[];
}

export interface Denial {
  readonly kind: DenialKind;
  /** The type of the chain's records. */
  readonly type: number;
  /** NSEC3 links empty non-terminals too (RFC 5155 §7.1); NSEC only names with data. */
  readonly linksEmptyNonTerminals: boolean;
  /** The name's place in the chain: its NSEC3 hash, or its canonical order (RFC 4034 §6.1). */
  key(name: Name): Buffer;
  /** The owner of the chain's record for `link`. */
  owner(origin: Name, link: Pick<DenialLink, 'key' | 'name'>): Name;
  /** The order key of the link whose record `owner` holds; undefined when it cannot hold one. */
  keyOfOwner(owner: Name): Buffer | undefined;
  /** The types the record of a name holding `held` lists (`delegation`: a cut below the apex). */
  types(held: readonly number[], delegation: boolean): number[];
  /** The record of `link`, pointing at `next`. */
  record(origin: Name, link: DenialLink, next: Pick<DenialLink, 'key' | 'name'>, ttl: number): RRset;
}

/** Whether an RRset at `name` is signed: all authoritative data but a delegation's NS (RFC 4035 §2.2). */
export function isSignedType(type: number, delegation: boolean): boolean {
  return !(delegation && type === RRType.NS);
}

/** The types held, sorted, with RRSIG added when any of them is signed (RFC 5155 §3.2.1, RFC 4034 §4.1.2). */
function listedTypes(held: readonly number[], delegation: boolean, extra: readonly number[]): number[] {
  const listed = new Set([...held, ...extra]);
  if ([...listed].some((t) => isSignedType(t, delegation))) listed.add(RRType.RRSIG);
  return [...listed].sort((a, b) => a - b);
}

const base32Owner = (origin: Name, hash: Buffer): Name => `${base32hex(hash)}.${origin}` as Name;

export const NSEC3_DENIAL: Denial = {
  kind: 'NSEC3',
  type: RRType.NSEC3,
  linksEmptyNonTerminals: true,
  key: nsec3Hash,
  owner: (origin, link) => base32Owner(origin, link.key),
  keyOfOwner: (owner) => fromBase32hex(owner.slice(0, owner.indexOf('.'))),
  types: (held, delegation) => listedTypes(held, delegation, []),
  record: (origin, link, next, ttl) => ({ name: base32Owner(origin, link.key), type: RRType.NSEC3, ttl, rdata: [nsec3Rdata(next.key, link.types)] }),
};

export const NSEC_DENIAL: Denial = {
  kind: 'NSEC',
  type: RRType.NSEC,
  linksEmptyNonTerminals: false,
  key: canonicalSortKey,
  owner: (_origin, link) => link.name,
  keyOfOwner: canonicalSortKey,
  // The NSEC record is itself signed, at a cut too (RFC 4035 §2.3).
  types: (held, delegation) => listedTypes(held, delegation, [RRType.NSEC, RRType.RRSIG]),
  record: (_origin, link, next, ttl) => ({ name: link.name, type: RRType.NSEC, ttl, rdata: [Buffer.concat([nameToWire(next.name), typeBitmaps(link.types)])] }),
};

export function denialOf(kind: DenialKind): Denial {
  return kind === 'NSEC' ? NSEC_DENIAL : NSEC3_DENIAL;
}
