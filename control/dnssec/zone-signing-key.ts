// Each zone's combined signing key: made when the zone is (ECDSA P-256 by default), kept sealed
// in the database, opened only in the control plane when it signs; during a key rollover the
// incoming key too, each used as the rollover's phase says (control/dnssec/key-rollover.ts).
import { findZoneKey, putZoneKeyOnce } from '../store/dnssec-keys.js';
import type { DnssecKeyRow } from '../store/dnssec-keys.js';
import { findRollover } from '../store/dnssec-rollovers.js';
import type { RolloverPhase } from '../store/dnssec-rollovers.js';
import type { Services } from '../services.js';
import { DnssecAlgorithm, generateSigningKey, signingKeyFrom } from '../../shared/dnssec/signing-key.js';
import { activeKey, zoneKey } from '../../shared/dnssec/sign-zone.js';
import type { ActiveKey, ZoneKeys } from '../../shared/dnssec/sign-zone.js';
import { denialOf } from '../../shared/dnssec/denial.js';
import type { Denial } from '../../shared/dnssec/denial.js';
import type { Name } from '../../shared/dns/name.js';

type KeyServices = Pick<Services, 'db' | 'keyVault' | 'now'>;

/** Gives the zone a key unless it has one (a zone from before DNSSEC gets one on first use); returns the zone's key row. */
export function ensureZoneKey(services: KeyServices, zoneId: string, algorithm: DnssecAlgorithm = DnssecAlgorithm.EcdsaP256Sha256): DnssecKeyRow {
  const existing = findZoneKey(services.db, zoneId);
  if (existing !== undefined) return existing;
  const key = generateSigningKey(algorithm);
  return putZoneKeyOnce(services.db, { zoneId, algorithm, sealedKey: services.keyVault.seal(key.privateKey), createdAt: services.now().toISOString() });
}

/** Keys opened lately, by their sealed bytes: opening one (decrypting, deriving its public half) takes about a millisecond, once per publish otherwise. */
const opened = new Map<string, ActiveKey>();
const OPENED_KEPT = 4096;

/** A sealed key, opened. */
export function openKey(services: KeyServices, algorithm: number, sealedKey: Buffer): ActiveKey {
  const id = `${algorithm}:${sealedKey.toString('base64')}`;
  let key = opened.get(id);
  if (key === undefined) {
    key = activeKey(signingKeyFrom(algorithm as DnssecAlgorithm, services.keyVault.open(sealedKey)));
    if (opened.size >= OPENED_KEPT) opened.delete(opened.keys().next().value!);
  } else opened.delete(id);
  opened.set(id, key);
  return key;
}

/**
 * What each key does in a rollover's phase (RFC 6781 §4.1.2 double signature; §4.1.4 for a
 * new algorithm, whose signatures come before its key so that every algorithm in the DNSKEY
 * RRset signs every RRset, RFC 4035 §2.2, and go after it).
 */
function keysInPhase(origin: Name, denial: Denial, current: ActiveKey, incoming: ActiveKey, phase: RolloverPhase): ZoneKeys {
  const both = [current, incoming];
  switch (phase) {
    case 'signing':
      return { origin, denial, signers: both, published: [current], submitted: [current] };
    case 'publishing':
      return { origin, denial, signers: both, published: both, submitted: [current] };
    case 'submitting':
    case 'retiring':
      return { origin, denial, signers: both, published: both, submitted: [incoming] };
    case 'unsigning':
      return { origin, denial, signers: both, published: [incoming], submitted: [incoming] };
  }
}

/** The zone's keys as it publishes them when signed (a zone from before DNSSEC gets its key here). */
export function zoneKeys(services: KeyServices, zoneId: string, origin: Name): ZoneKeys {
  const row = ensureZoneKey(services, zoneId);
  const current = openKey(services, row.algorithm, row.sealedKey);
  const rollover = findRollover(services.db, zoneId);
  const denial = denialOf(row.denial);
  if (rollover === undefined) return zoneKey(origin, current.key, row.removing, denial);
  return keysInPhase(origin, denial, current, openKey(services, rollover.algorithm, rollover.sealedKey), rollover.phase);
}

/** The keys the publisher signs the zone with, or undefined when the zone is published unsigned. */
export function publishingKeys(services: KeyServices, zoneId: string, origin: Name): ZoneKeys | undefined {
  return ensureZoneKey(services, zoneId).signing ? zoneKeys(services, zoneId, origin) : undefined;
}
