// The `dnssec_keys` table: one sealed combined signing key per zone.
import type { Database } from 'better-sqlite3';
import type { DenialKind } from '../../shared/dnssec/denial.js';

export interface DnssecKeyRow {
  readonly zoneId: string;
  readonly algorithm: number;
  readonly sealedKey: Buffer;
  readonly createdAt: string;
  /** The zone is published signed (the default for a new key). */
  readonly signing: boolean;
  /** Signed, and publishing CDS/CDNSKEY "delete" until the parent drops its DS. */
  readonly removing: boolean;
  /** Its chain of denial. */
  readonly denial: DenialKind;
}

/** Stores the zone's key unless it has one; the key the zone has afterwards. */
export function putZoneKeyOnce(db: Database, row: Omit<DnssecKeyRow, 'signing' | 'removing' | 'denial'>): DnssecKeyRow {
  db.prepare('INSERT OR IGNORE INTO dnssec_keys (zone_id, algorithm, sealed_key, created_at) VALUES (?, ?, ?, ?)').run(row.zoneId, row.algorithm, row.sealedKey, row.createdAt);
  return findZoneKey(db, row.zoneId)!;
}

export function findZoneKey(db: Database, zoneId: string): DnssecKeyRow | undefined {
  const r = db
    .prepare<[string], { zone_id: string; algorithm: number; sealed_key: Buffer; created_at: string; signing: number; removing: number; denial: DenialKind }>(
      'SELECT zone_id, algorithm, sealed_key, created_at, signing, removing, denial FROM dnssec_keys WHERE zone_id = ?',
    )
    .get(zoneId);
  return r === undefined
    ? undefined
    : { zoneId: r.zone_id, algorithm: r.algorithm, sealedKey: r.sealed_key, createdAt: r.created_at, signing: r.signing === 1, removing: r.removing === 1, denial: r.denial };
}

/** Sets how the zone is published; its signed state is forgotten, so the next publish signs it whole (or not at all). */
export function setZoneSigning(db: Database, zoneId: string, signing: boolean, removing: boolean): void {
  db.prepare<[number, number, string]>('UPDATE dnssec_keys SET signing = ?, removing = ?, signed_seq = NULL WHERE zone_id = ?').run(signing ? 1 : 0, removing ? 1 : 0, zoneId);
}

/** The zone's key becomes `algorithm`/`sealedKey` (a rollover's end); its signed state is forgotten, so the next publish signs it whole. */
export function replaceZoneKey(db: Database, zoneId: string, algorithm: number, sealedKey: Buffer, createdAt: string): void {
  db.prepare<[number, Buffer, string, string]>('UPDATE dnssec_keys SET algorithm = ?, sealed_key = ?, created_at = ?, signed_seq = NULL WHERE zone_id = ?').run(algorithm, sealedKey, createdAt, zoneId);
}

/** Forgets which publication the zone's chain and signatures describe: the next publish signs it whole. */
export function forgetSignedPublication(db: Database, zoneId: string): void {
  db.prepare<[string]>('UPDATE dnssec_keys SET signed_seq = NULL WHERE zone_id = ?').run(zoneId);
}

/** The zone's chain of denial becomes `denial`; its signed state is forgotten, so the next publish signs it whole. */
export function setZoneDenial(db: Database, zoneId: string, denial: DenialKind): void {
  db.prepare<[string, string]>('UPDATE dnssec_keys SET denial = ?, signed_seq = NULL WHERE zone_id = ?').run(denial, zoneId);
}
