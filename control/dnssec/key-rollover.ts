// Key rollover of a zone's combined signing key by double signature (RFC 6781 §4.1.2, timing
// as RFC 7583 §3.3 gives it for a CSK): the incoming key signs beside the outgoing one and is
// published; once resolvers can have the new DNSKEY RRset (its TTL, plus the time to reach every
// server), CDS and CDNSKEY name the new key and the operator (or a parent that scans CDS) swaps
// the DS; once the parent's servers hold no DS of the old key and resolvers cannot hold one
// either (the DS TTL from when it was seen gone), the old key goes. A new algorithm adds a
// first phase (its signatures before its key) and a last one (the old signatures after the
// old key), so that every algorithm of the DNSKEY RRset signs every RRset (RFC 6781 §4.1.4).
//
// Each step is taken by the resigner's round (control/dnssec/resigner.ts) when its wait is
// over; the parent's servers are asked once an hour while the DS swap is awaited. Each step
// signs the published content again whole with the keys of the new phase; staged changes stay
// staged.
import { recordAudit } from '../audit/record-audit.js';
import { actorOf } from '../auth/principal.js';
import type { Principal } from '../auth/principal.js';
import { checkDelegation, dsText } from '../checks/delegation-check.js';
import { ConflictError } from '../errors/catalogue.js';
import type { Services } from '../services.js';
import { forgetSignedPublication, replaceZoneKey } from '../store/dnssec-keys.js';
import { dropRollover, findRollover, insertRollover, setRolloverChecked, setRolloverPhase } from '../store/dnssec-rollovers.js';
import type { RolloverPhase, RolloverRow } from '../store/dnssec-rollovers.js';
import { largestTtl } from '../store/rrsets.js';
import { findZone } from '../store/zones.js';
import type { ZoneRow } from '../store/zones.js';
import { zoneNameservers } from '../zones/zone-nameservers.js';
import { DNSKEY_TTL } from '../../shared/dnssec/sign-zone.js';
import { dsRdata, generateSigningKey } from '../../shared/dnssec/signing-key.js';
import type { DnssecAlgorithm } from '../../shared/dnssec/signing-key.js';
import { ensureZoneKey, openKey } from './zone-signing-key.js';
import { refreshSignals } from './bootstrap-signals.js';

/** Time allowed for a change to reach every server of the zone (or of its parent) beyond the TTL being waited out, in seconds. */
export const PROPAGATION_DELAY = 300;
/** While the DS swap is awaited, the parent's servers are asked this often (seconds). */
export const PARENT_ASK_INTERVAL = 3600;
/** The DS TTL assumed when the parent's answer gives none (it held no DS): a day, what most TLDs give. */
const ASSUMED_DS_TTL = 86400;

const seconds = (at: Date): number => Math.floor(at.getTime() / 1000);

/** What a phase waits for, in words (GET /api/zones/{id}/dnssec). */
export const WAITING_FOR: Record<RolloverPhase, string> = {
  signing: "resolvers to hold the zone's answers signed by the new key before the key is published",
  publishing: 'resolvers to hold the DNSKEY RRset with the new key before the DS may change',
  submitting: "the parent zone to hold the new key's DS and no DS of the old key: give the DS in `ds` to the registrar",
  retiring: 'resolvers to let go of the old DS before the old key is removed',
  unsigning: "resolvers to let go of the old key before its signatures are removed",
};

/** Starts a rollover to a new key of `algorithm` (default: the zone's current one); answers once the first phase is published. */
export async function startRollover(services: Services, principal: Principal, zone: ZoneRow, algorithm: DnssecAlgorithm | undefined): Promise<void> {
  const { db } = services;
  const row = ensureZoneKey(services, zone.id);
  if (!row.signing || row.removing) throw new ConflictError('The zone is not signed (or is going unsigned): there is no key to roll over.');
  const running = findRollover(db, zone.id);
  if (running !== undefined) throw new ConflictError(`A key rollover is under way (phase "${running.phase}"): it must end before another starts.`);
  const incoming = generateSigningKey(algorithm ?? (row.algorithm as DnssecAlgorithm));
  const now = seconds(services.now());
  const newAlgorithm = incoming.algorithm !== row.algorithm;
  const phase: RolloverPhase = newAlgorithm ? 'signing' : 'publishing';
  db.transaction(() => {
    insertRollover(db, { zoneId: zone.id, algorithm: incoming.algorithm, sealedKey: services.keyVault.seal(incoming.privateKey), phase, startedAt: now, phaseAt: now, nextAt: now + phaseWait(services, zone.id, phase) });
    forgetSignedPublication(db, zone.id);
    recordAudit(db, { tenantId: zone.tenantId, actor: actorOf(principal), action: 'dnssec.rollover.start', target: zone.origin, after: { algorithm: incoming.algorithm, phase } });
  })();
  await services.publisher.resignWhole(zone.id);
  refreshSignals(services, zone.id);
}

/** How long a timed phase lasts (seconds). */
function phaseWait(services: Pick<Services, 'db'>, zoneId: string, phase: 'signing' | 'publishing' | 'unsigning'): number {
  // Before the new algorithm's key appears, every answer a resolver holds must carry its signature.
  const ttl = phase === 'signing' ? Math.max(largestTtl(services.db, zoneId), DNSKEY_TTL) : DNSKEY_TTL;
  return ttl + PROPAGATION_DELAY;
}

/**
 * Takes the zone's rollover one step on when its wait is over (or, while the DS swap is
 * awaited, asks the parent's servers); resolves with whether it moved.
 */
export async function advanceRollover(services: Services, zoneId: string): Promise<boolean> {
  const { db } = services;
  const rollover = findRollover(db, zoneId);
  const zone = findZone(db, zoneId);
  if (rollover === undefined || zone === undefined) return false;
  const now = seconds(services.now());
  // "retiring" publishes what "submitting" does: nothing to sign when the parent has swapped.
  if (rollover.nextAt === null) return parentSwapped(services, zone, rollover, now);
  if (rollover.nextAt > now) return false;

  const move = (phase: RolloverPhase, nextAt: number | null): void => {
    db.transaction(() => {
      setRolloverPhase(db, zoneId, phase, now, nextAt);
      forgetSignedPublication(db, zoneId);
      recordAudit(db, { tenantId: zone.tenantId, actor: 'system:dnssec-rollover', action: 'dnssec.rollover.step', target: zone.origin, before: { phase: rollover.phase }, after: { phase } });
    })();
  };
  const newAlgorithm = rollover.algorithm !== ensureZoneKey(services, zoneId).algorithm;
  switch (rollover.phase) {
    case 'signing':
      move('publishing', now + phaseWait(services, zoneId, 'publishing'));
      break;
    case 'publishing':
      move('submitting', null);
      break;
    case 'submitting':
      return false;
    case 'retiring':
      if (newAlgorithm) move('unsigning', now + phaseWait(services, zoneId, 'unsigning'));
      else finish(services, zone, rollover, now);
      break;
    case 'unsigning':
      finish(services, zone, rollover, now);
      break;
  }
  await services.publisher.resignWhole(zoneId);
  refreshSignals(services, zoneId);
  return true;
}

/**
 * Asks the parent's servers for the zone's DS while the swap is awaited: once they hold none
 * of the old key's, the rollover moves to "retiring" for as long as resolvers may hold the DS
 * they had. Whether the new DS is there is the operator's business (a zone whose parent holds
 * no DS at all rolls over all the same).
 */
async function parentSwapped(services: Services, zone: ZoneRow, rollover: RolloverRow, now: number): Promise<boolean> {
  const { db } = services;
  const current = ensureZoneKey(services, zone.id);
  const outgoing = dsText(dsRdata(zone.origin, openKey(services, current.algorithm, current.sealedKey).dnskey));
  const incoming = dsRdata(zone.origin, openKey(services, rollover.algorithm, rollover.sealedKey).dnskey);
  const delegation = await checkDelegation({ origin: zone.origin, expected: zoneNameservers(zone, services.config), resolver: services.config.checks.resolver, expectedDs: [incoming] });
  setRolloverChecked(db, zone.id, now);
  if (delegation.ds === null) {
    services.log.warn('dnssec: rollover: the parent zone could not be asked for the DS; asking again later', { zoneId: zone.id, origin: zone.origin, detail: delegation.detail });
    return false;
  }
  if (delegation.ds.found.includes(outgoing)) return false;
  db.transaction(() => {
    setRolloverPhase(db, zone.id, 'retiring', now, now + (delegation.ds!.ttl ?? ASSUMED_DS_TTL) + PROPAGATION_DELAY);
    recordAudit(db, {
      tenantId: zone.tenantId,
      actor: 'system:dnssec-rollover',
      action: 'dnssec.rollover.step',
      target: zone.origin,
      before: { phase: rollover.phase },
      after: { phase: 'retiring', parent_ds: delegation.ds!.found, new_ds_at_parent: delegation.ds!.matching },
    });
  })();
  return true;
}

/** The incoming key becomes the zone's key. */
function finish(services: Services, zone: ZoneRow, rollover: RolloverRow, now: number): void {
  const { db } = services;
  db.transaction(() => {
    replaceZoneKey(db, zone.id, rollover.algorithm, rollover.sealedKey, new Date(now * 1000).toISOString());
    dropRollover(db, zone.id);
    recordAudit(db, { tenantId: zone.tenantId, actor: 'system:dnssec-rollover', action: 'dnssec.rollover.done', target: zone.origin, before: { phase: rollover.phase }, after: { algorithm: rollover.algorithm } });
  })();
}
