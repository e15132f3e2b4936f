// The signer of the publisher: signs a zone whole when its snapshot is rebuilt, and signs only
// what changed when a delta is appended, keeping the chain of denial (NSEC3 or NSEC) and the
// signatures in the database (migration 17) so that neither ever needs the whole zone read back.
//
// The chain and signatures are written in a transaction tagged with the publication they
// describe, before that publication's files are written; a publish that finds the tag differ
// from its journal (a crash or a failed write in between) signs the zone whole again.
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { isSubdomain, parentName } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { RRset } from '../../shared/dns/rrset.js';
import type { SignatureWindow } from '../../shared/dnssec/rrsig.js';
import { isSignedType } from '../../shared/dnssec/denial.js';
import { apexKeyRRsets, apexKeyTypes, negativeTtl, ownedBySigner, signRRset } from '../../shared/dnssec/sign-zone.js';
import type { ZoneKeys } from '../../shared/dnssec/sign-zone.js';
import { dropLink, dropSignature, dropSignedState, findLink, findSignature, findSigningState, nextLink, previousLink, putLink, putSignature, setSigningState } from '../store/dnssec-state.js';
import type { ChainLink, StoredSignature } from '../store/dnssec-state.js';

/** Signatures are valid this long (seconds)… */
export const SIGNATURE_VALIDITY = 14 * 86400;
/** …renewed once less than a third of that is left… */
export const REFRESH_BEFORE = SIGNATURE_VALIDITY / 3;
/** …and end up to a day early, at random, so the zones signed in one minute do not all renew in one minute. */
const EXPIRY_JITTER = 86400;
/** A zone renewing its due signatures renews those due within this much too (the jitter's span), so it renews about once between expiries. */
export const RENEW_AHEAD = EXPIRY_JITTER;
/** Signatures start an hour back, for validators whose clocks are behind. */
const INCEPTION_SKEW = 3600;

/** What signing reads of the world: the time in seconds, and a number in [0, 1) for the jitter. */
export interface SigningClock {
  now(): number;
  random(): number;
}

export const systemClock: SigningClock = { now: () => Math.floor(Date.now() / 1000), random: Math.random };

/** What the signature of an RRset covers: its type, TTL and records in canonical order. */
function digestOf(rrset: RRset): Buffer {
  const h = createHash('sha256');
  const head = Buffer.alloc(6);
  head.writeUInt16BE(rrset.type, 0);
  head.writeUInt32BE(rrset.ttl >>> 0, 2);
  h.update(head);
  for (const rdata of [...rrset.rdata].sort(Buffer.compare)) {
    const length = Buffer.alloc(2);
    length.writeUInt16BE(rdata.length, 0);
    h.update(length).update(rdata);
  }
  return h.digest();
}

/** Signs RRsets for one zone, reusing a stored signature over the same content that is not due yet. */
class Signatures {
  constructor(
    private readonly db: Database,
    private readonly zoneId: string,
    private readonly zone: ZoneKeys,
    private readonly clock: SigningClock,
  ) {}

  /** The RRset signed, and the signature to store under its name and type. */
  sign(rrset: RRset, reuse: boolean): { signed: RRset; stored: StoredSignature } {
    const digest = digestOf(rrset);
    const now = this.clock.now();
    if (reuse) {
      const old = findSignature(this.db, this.zoneId, rrset.name, rrset.type);
      if (old !== undefined && old.refreshAt > now && old.digest.equals(digest) && this.#bySigners(old.rrsigs)) {
        return { signed: { ...rrset, signatures: old.rrsigs }, stored: old };
      }
    }
    const window: SignatureWindow = { inception: now - INCEPTION_SKEW, expiration: now + SIGNATURE_VALIDITY - Math.floor(this.clock.random() * EXPIRY_JITTER) };
    const signed = signRRset(this.zone, rrset, window);
    return { signed, stored: { digest, rrsigs: signed.signatures!, refreshAt: window.expiration - REFRESH_BEFORE } };
  }

  /** Whether stored signatures are one by each of the zone's signing keys, in order (key tag at RRSIG octets 16-17, algorithm at octet 2: RFC 4034 §3.1). */
  #bySigners(rrsigs: readonly Buffer[]): boolean {
    const { signers } = this.zone;
    return rrsigs.length === signers.length && signers.every((k, i) => rrsigs[i]!.readUInt16BE(16) === k.tag && rrsigs[i]![2] === k.key.algorithm);
  }
}

/** Strict ancestors of `name` below `origin`, nearest first. */
function* ancestors(name: Name, origin: Name): Generator<Name> {
  for (let n = parentName(name); n !== null && n !== origin && isSubdomain(n, origin); n = parentName(n)) yield n;
}

/**
 * Signs a zone whole, RRset by RRset as its snapshot is written (add), then gives the apex key
 * RRsets and the chain of denial (finish), which also stores the chain and signatures. `delegations`:
 * the zone's cuts below its apex (names holding NS), known before the first add, since a
 * name's glue may come before its cut.
 */
export class WholeZoneSigner {
  readonly #types = new Map<Name, number[]>();
  readonly #stored: { name: Name; type: number; signature: StoredSignature }[] = [];
  readonly #signatures: Signatures;
  #soa: RRset | undefined;

  constructor(
    private readonly db: Database,
    private readonly zoneId: string,
    private readonly zone: ZoneKeys,
    private readonly delegations: ReadonlySet<Name>,
    clock: SigningClock = systemClock,
  ) {
    this.#signatures = new Signatures(db, zoneId, zone, clock);
  }

  /**
   * The RRset as the snapshot holds it: signed when it is authoritative data; glue and
   * out-of-zone data as given; undefined for an RRset the signer owns (a stale DNSKEY row).
   */
  add(rrset: RRset): RRset | undefined {
    return ownedBySigner(rrset.name, rrset.type, this.zone.origin) ? undefined : this.#add(rrset);
  }

  #add(rrset: RRset): RRset {
    const { origin } = this.zone;
    if (!isSubdomain(rrset.name, origin) || this.#occluded(rrset.name)) return rrset;
    const types = this.#types.get(rrset.name);
    if (types === undefined) this.#types.set(rrset.name, [rrset.type]);
    else types.push(rrset.type);
    if (rrset.type === RRType.SOA && rrset.name === origin) this.#soa = rrset;
    if (!isSignedType(rrset.type, this.delegations.has(rrset.name))) return rrset;
    return this.#sign(rrset);
  }

  /** The apex key RRsets and the chain of denial, signed; stores the chain and signatures as those of publication `seq`. Throws when no SOA was added. */
  finish(seq: number): RRset[] {
    const { origin, denial } = this.zone;
    if (this.#soa === undefined) throw new Error(`${origin} has no SOA record to sign`);
    const apex = apexKeyRRsets(this.zone).map((r) => this.#add(r));
    const below = new Map<Name, number>();
    for (const name of [...this.#types.keys()]) {
      for (const up of ancestors(name, origin)) {
        below.set(up, (below.get(up) ?? 0) + 1);
        if (denial.linksEmptyNonTerminals && !this.#types.has(up)) this.#types.set(up, []);
      }
    }
    const chain: ChainLink[] = [...this.#types]
      .map(([name, types]) => ({ key: denial.key(name), name, types: denial.types(types, name !== origin && this.delegations.has(name)), below: below.get(name) ?? 0 }))
      .sort((a, b) => Buffer.compare(a.key, b.key));
    const ttl = negativeTtl(this.#soa);
    const records = chain.map((link, i) => this.#sign(denial.record(origin, link, chain[(i + 1) % chain.length]!, ttl)));
    this.db.transaction(() => {
      dropSignedState(this.db, this.zoneId);
      for (const link of chain) putLink(this.db, this.zoneId, link);
      for (const { name, type, signature } of this.#stored) putSignature(this.db, this.zoneId, name, type, signature);
      setSigningState(this.db, this.zoneId, seq, ttl);
    })();
    return [...apex, ...records];
  }

  #sign(rrset: RRset): RRset {
    const { signed, stored } = this.#signatures.sign(rrset, true);
    this.#stored.push({ name: rrset.name, type: rrset.type, signature: stored });
    return signed;
  }

  #occluded(name: Name): boolean {
    if (this.delegations.size === 0) return false;
    for (const up of ancestors(name, this.zone.origin)) if (this.delegations.has(up)) return true;
    return false;
  }
}

/** Records signed again though unchanged (their signatures are due): the signer's own apex RRsets, and links of the chain by key. */
export interface Renewal {
  readonly apex: readonly RRset[];
  readonly links: readonly Buffer[];
}

const NO_RENEWAL: Renewal = { apex: [], links: [] };

/**
 * Signs what one publication changes, in one transaction: the changed RRsets (no records:
 * deleted) come back signed, followed by the records of the chain of denial the change adds,
 * alters or removes (removed ones with no records); the chain and signatures are stored as
 * those of publication `seq`. `typesAt` gives the types a name holds once the change is published. Undefined, with
 * nothing stored, when the zone must be signed whole instead: the stored state is not that of
 * publication `previousSeq`, a cut appears or goes, or the SOA's negative TTL changes.
 */
export function signChanges(
  db: Database,
  zoneId: string,
  zone: ZoneKeys,
  changes: readonly RRset[],
  typesAt: (name: Name) => readonly number[],
  previousSeq: number,
  seq: number,
  clock: SigningClock = systemClock,
  renew: Renewal = NO_RENEWAL,
): RRset[] | undefined {
  return db.transaction(() => {
    const { origin, denial } = zone;
    const state = findSigningState(db, zoneId);
    if (state === undefined || state.signedSeq !== previousSeq || state.nsec3Ttl === null) return undefined;
    const soa = changes.find((r) => r.type === RRType.SOA && r.name === origin && r.rdata.length === 1);
    const ttl = soa === undefined ? state.nsec3Ttl : negativeTtl(soa);
    if (ttl !== state.nsec3Ttl) return undefined;
    const linkOf = (name: Name): ChainLink | undefined => findLink(db, zoneId, denial.key(name));
    const isCut = (name: Name): boolean => name !== origin && (linkOf(name)?.types.includes(RRType.NS) ?? false);
    for (const change of changes) {
      if (change.type === RRType.NS && change.name !== origin && isSubdomain(change.name, origin) && isCut(change.name) !== change.rdata.length > 0) return undefined;
    }
    const occluded = (name: Name): boolean => {
      for (const up of ancestors(name, origin)) if (isCut(up)) return true;
      return false;
    };

    const signatures = new Signatures(db, zoneId, zone, clock);
    const out: RRset[] = [];
    for (const rrset of renew.apex) {
      const { signed, stored } = signatures.sign(rrset, false);
      putSignature(db, zoneId, rrset.name, rrset.type, stored);
      out.push(signed);
    }
    const names = new Set<Name>();
    for (const change of changes) {
      if (ownedBySigner(change.name, change.type, origin)) continue;
      if (!isSubdomain(change.name, origin) || occluded(change.name)) {
        out.push(change);
        continue;
      }
      names.add(change.name);
      if (change.rdata.length === 0) {
        dropSignature(db, zoneId, change.name, change.type);
        out.push(change);
      } else if (isSignedType(change.type, isCut(change.name))) {
        const { signed, stored } = signatures.sign(change, false);
        putSignature(db, zoneId, change.name, change.type, stored);
        out.push(signed);
      } else {
        out.push(change);
      }
    }

    // The chain: each changed name's link, and (NSEC3) the empty non-terminals above it.
    const dirty = new Map<string, Buffer>(renew.links.map((key) => [key.toString('hex'), key]));
    const removed = new Map<string, ChainLink>();
    const touch = (key: Buffer) => dirty.set(key.toString('hex'), key);
    const touchPrevious = (key: Buffer) => {
      const before = previousLink(db, zoneId, key);
      if (before !== undefined) touch(before.key);
    };
    const insert = (link: ChainLink) => {
      putLink(db, zoneId, link);
      removed.delete(link.key.toString('hex'));
      touch(link.key);
      touchPrevious(link.key);
    };
    const remove = (link: ChainLink) => {
      dropLink(db, zoneId, link.key);
      removed.set(link.key.toString('hex'), link);
      touchPrevious(link.key);
    };
    const apexTypes = apexKeyTypes(denial);
    for (const name of names) {
      const held = typesAt(name).filter((t) => !ownedBySigner(name, t, origin));
      const types = held.length === 0 && name !== origin ? [] : denial.types(name === origin ? [...held, ...apexTypes] : held, name !== origin && held.includes(RRType.NS));
      const key = denial.key(name);
      const link = findLink(db, zoneId, key);
      const had = link !== undefined && link.types.length > 0;
      const has = types.length > 0;
      if (has) {
        if (link === undefined) insert({ key, name, types, below: 0 });
        else if (link.types.join(' ') !== types.join(' ')) {
          putLink(db, zoneId, { ...link, types });
          touch(key);
        }
      } else if (link !== undefined) {
        if (denial.linksEmptyNonTerminals && link.below > 0) {
          if (had) {
            putLink(db, zoneId, { ...link, types: [] });
            touch(key);
          }
        } else remove(link);
      }
      if (had === has || name === origin || !denial.linksEmptyNonTerminals) continue;
      for (const up of ancestors(name, origin)) {
        const upLink = linkOf(up);
        if (has) {
          if (upLink === undefined) insert({ key: denial.key(up), name: up, types: [], below: 1 });
          else putLink(db, zoneId, { ...upLink, below: upLink.below + 1 });
        } else if (upLink !== undefined) {
          if (upLink.below <= 1 && upLink.types.length === 0) remove(upLink);
          else putLink(db, zoneId, { ...upLink, below: upLink.below - 1 });
        }
      }
    }
    for (const [hex, key] of dirty) {
      const link = findLink(db, zoneId, key);
      if (link === undefined) continue;
      removed.delete(hex);
      const { signed, stored } = signatures.sign(denial.record(origin, link, nextLink(db, zoneId, key)!, ttl), false);
      putSignature(db, zoneId, signed.name, denial.type, stored);
      out.push(signed);
    }
    for (const link of removed.values()) {
      const owner = denial.owner(origin, link);
      dropSignature(db, zoneId, owner, denial.type);
      out.push({ name: owner, type: denial.type, ttl, rdata: [] });
    }
    setSigningState(db, zoneId, seq, ttl);
    return out;
  })();
}
