// Each zone's combined signing key: made when the zone is (ECDSA P-256 by default), kept sealed
// in the database, opened only in the control plane when it signs.
import { findZoneKey, putZoneKeyOnce } from '../store/dnssec-keys.js';
import type { DnssecKeyRow } from '../store/dnssec-keys.js';
import type { Services } from '../services.js';
import { DnssecAlgorithm, generateSigningKey, signingKeyFrom } from '../../shared/dnssec/signing-key.js';
import type { SigningKey } from '../../shared/dnssec/signing-key.js';
import { zoneKey } from '../../shared/dnssec/sign-zone.js';
import type { ZoneKey } from '../../shared/dnssec/sign-zone.js';
import type { Name } from '../../shared/dns/name.js';

/** Gives the zone a key unless it has one (a zone from before DNSSEC gets one on first use); returns the zone's key row. */
export function ensureZoneKey(services: Pick<Services, 'db' | 'keyVault' | 'now'>, zoneId: string, algorithm: DnssecAlgorithm = DnssecAlgorithm.EcdsaP256Sha256): DnssecKeyRow {
  const existing = findZoneKey(services.db, zoneId);
  if (existing !== undefined) return existing;
  const key = generateSigningKey(algorithm);
  return putZoneKeyOnce(services.db, { zoneId, algorithm, sealedKey: services.keyVault.seal(key.privateKey), createdAt: services.now().toISOString() });
}

/** The key the publisher signs the zone with, or undefined when the zone is published unsigned; a zone from before DNSSEC gets its key here. */
export function publishingKey(services: Pick<Services, 'db' | 'keyVault' | 'now'>, zoneId: string, origin: Name): ZoneKey | undefined {
  const row = ensureZoneKey(services, zoneId);
  return row.signing ? zoneKey(origin, signingKeyFrom(row.algorithm as DnssecAlgorithm, services.keyVault.open(row.sealedKey)), row.removing) : undefined;
}

/** The zone's key, opened. */
export function zoneSigningKey(services: Pick<Services, 'db' | 'keyVault' | 'now'>, zoneId: string): SigningKey {
  const row = ensureZoneKey(services, zoneId);
  return signingKeyFrom(row.algorithm as DnssecAlgorithm, services.keyVault.open(row.sealedKey));
}
