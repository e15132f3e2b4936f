// The signer's tables (migration 17): which zones are signed, their chain of denial (NSEC3 or
// NSEC) as published, and the signatures published with a digest of what each covers. A link's
// order key (its NSEC3 hash, or its name's canonical order) is kept in the column `hash`.
import type { Database } from 'better-sqlite3';
import type { Name } from '../../shared/dns/name.js';

/** One link of a zone's chain of denial. */
export interface ChainLink {
  /** Its place in the chain (shared/dnssec/denial.ts: Denial.key). */
  readonly key: Buffer;
  readonly name: Name;
  /** The types its record lists (empty: an NSEC3 chain's empty non-terminal). */
  readonly types: readonly number[];
  /** Names with data strictly below it. */
  readonly below: number;
}

export interface StoredSignature {
  readonly digest: Buffer;
  /** One RRSIG RDATA per signing key. */
  readonly rrsigs: readonly Buffer[];
  /** Seconds since the epoch when it is to be renewed. */
  readonly refreshAt: number;
}

/** Where a zone's signed state stands: the publication it describes and its NSEC3 TTL. */
export interface SigningState {
  readonly signedSeq: number | null;
  readonly nsec3Ttl: number | null;
}

interface RawLink {
  hash: Buffer;
  name: string;
  types: string;
  below: number;
}

const toLink = (r: RawLink): ChainLink => ({ key: r.hash, name: r.name as Name, types: r.types === '' ? [] : r.types.split(' ').map(Number), below: r.below });

/** The signatures of an RRset as one column (migration 19): each prefixed with its length. */
function encodeRrsigs(rrsigs: readonly Buffer[]): Buffer {
  return Buffer.concat(rrsigs.flatMap((rrsig) => [Buffer.from([rrsig.length >> 8, rrsig.length & 0xff]), rrsig]));
}

function decodeRrsigs(column: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at + 2 <= column.length; ) {
    const length = column.readUInt16BE(at);
    out.push(column.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return out;
}

const cache = new WeakMap<Database, ReturnType<typeof prepare>>();

function prepare(db: Database) {
  return {
    state: db.prepare<[string], { signing: number; signed_seq: number | null; nsec3_ttl: number | null }>('SELECT signing, signed_seq, nsec3_ttl FROM dnssec_keys WHERE zone_id = ?'),
    setState: db.prepare<[number, number, string]>('UPDATE dnssec_keys SET signed_seq = ?, nsec3_ttl = ? WHERE zone_id = ?'),
    link: db.prepare<[string, Buffer], RawLink>('SELECT hash, name, types, below FROM dnssec_chain WHERE zone_id = ? AND hash = ?'),
    before: db.prepare<[string, Buffer], RawLink>('SELECT hash, name, types, below FROM dnssec_chain WHERE zone_id = ? AND hash < ? ORDER BY hash DESC LIMIT 1'),
    after: db.prepare<[string, Buffer], RawLink>('SELECT hash, name, types, below FROM dnssec_chain WHERE zone_id = ? AND hash > ? ORDER BY hash LIMIT 1'),
    last: db.prepare<[string], RawLink>('SELECT hash, name, types, below FROM dnssec_chain WHERE zone_id = ? ORDER BY hash DESC LIMIT 1'),
    first: db.prepare<[string], RawLink>('SELECT hash, name, types, below FROM dnssec_chain WHERE zone_id = ? ORDER BY hash LIMIT 1'),
    putLink: db.prepare<[string, Buffer, string, string, number]>('INSERT OR REPLACE INTO dnssec_chain (zone_id, hash, name, types, below) VALUES (?, ?, ?, ?, ?)'),
    dropLink: db.prepare<[string, Buffer]>('DELETE FROM dnssec_chain WHERE zone_id = ? AND hash = ?'),
    dropChain: db.prepare<[string]>('DELETE FROM dnssec_chain WHERE zone_id = ?'),
    signature: db.prepare<[string, string, number], { digest: Buffer; rrsig: Buffer; refresh_at: number }>('SELECT digest, rrsig, refresh_at FROM dnssec_signatures WHERE zone_id = ? AND name = ? AND type = ?'),
    putSignature: db.prepare<[string, string, number, Buffer, Buffer, number]>('INSERT OR REPLACE INTO dnssec_signatures (zone_id, name, type, digest, rrsig, refresh_at) VALUES (?, ?, ?, ?, ?, ?)'),
    dropSignature: db.prepare<[string, string, number]>('DELETE FROM dnssec_signatures WHERE zone_id = ? AND name = ? AND type = ?'),
    dropSignatures: db.prepare<[string]>('DELETE FROM dnssec_signatures WHERE zone_id = ?'),
  };
}

function statements(db: Database): ReturnType<typeof prepare> {
  let s = cache.get(db);
  if (s === undefined) cache.set(db, (s = prepare(db)));
  return s;
}

/** The zone's signed state, or undefined when it is not signed (no key, or signing off). */
export function findSigningState(db: Database, zoneId: string): SigningState | undefined {
  const r = statements(db).state.get(zoneId);
  return r === undefined || r.signing === 0 ? undefined : { signedSeq: r.signed_seq, nsec3Ttl: r.nsec3_ttl };
}

/** Records the publication the chain and signatures now describe, and the TTL of the chain's records. */
export function setSigningState(db: Database, zoneId: string, signedSeq: number, nsec3Ttl: number): void {
  statements(db).setState.run(signedSeq, nsec3Ttl, zoneId);
}

export function findLink(db: Database, zoneId: string, key: Buffer): ChainLink | undefined {
  const r = statements(db).link.get(zoneId, key);
  return r === undefined ? undefined : toLink(r);
}

/** The link before `key` in the chain, wrapping around to the last. */
export function previousLink(db: Database, zoneId: string, key: Buffer): ChainLink | undefined {
  const s = statements(db);
  const r = s.before.get(zoneId, key) ?? s.last.get(zoneId);
  return r === undefined ? undefined : toLink(r);
}

/** The link after `key` in the chain, wrapping around to the first. */
export function nextLink(db: Database, zoneId: string, key: Buffer): ChainLink | undefined {
  const s = statements(db);
  const r = s.after.get(zoneId, key) ?? s.first.get(zoneId);
  return r === undefined ? undefined : toLink(r);
}

export function putLink(db: Database, zoneId: string, link: ChainLink): void {
  statements(db).putLink.run(zoneId, link.key, link.name, link.types.join(' '), link.below);
}

export function dropLink(db: Database, zoneId: string, key: Buffer): void {
  statements(db).dropLink.run(zoneId, key);
}

export function findSignature(db: Database, zoneId: string, name: Name, type: number): StoredSignature | undefined {
  const r = statements(db).signature.get(zoneId, name, type);
  return r === undefined ? undefined : { digest: r.digest, rrsigs: decodeRrsigs(r.rrsig), refreshAt: r.refresh_at };
}

export function putSignature(db: Database, zoneId: string, name: Name, type: number, signature: StoredSignature): void {
  statements(db).putSignature.run(zoneId, name, type, signature.digest, encodeRrsigs(signature.rrsigs), signature.refreshAt);
}

export function dropSignature(db: Database, zoneId: string, name: Name, type: number): void {
  statements(db).dropSignature.run(zoneId, name, type);
}

/** Forgets the zone's chain and signatures (before a whole zone is signed again). */
export function dropSignedState(db: Database, zoneId: string): void {
  const s = statements(db);
  s.dropChain.run(zoneId);
  s.dropSignatures.run(zoneId);
}

/** Zones with a signature due for renewal at `now` (seconds since the epoch), at most `limit`. */
export function zonesDueForResigning(db: Database, now: number, limit: number): string[] {
  return db
    .prepare<[number, number], { zone_id: string }>('SELECT DISTINCT zone_id FROM dnssec_signatures WHERE refresh_at <= ? LIMIT ?')
    .all(now, limit)
    .map((r) => r.zone_id);
}

/** The zone's RRsets whose signatures are due for renewal at `now`, at most `limit`. */
export function signaturesDue(db: Database, zoneId: string, now: number, limit: number): { name: Name; type: number }[] {
  return db
    .prepare<[string, number, number], { name: string; type: number }>('SELECT name, type FROM dnssec_signatures WHERE zone_id = ? AND refresh_at <= ? LIMIT ?')
    .all(zoneId, now, limit)
    .map((r) => ({ name: r.name as Name, type: r.type }));
}
