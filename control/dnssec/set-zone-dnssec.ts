// PUT /api/zones/{id}/dnssec: signing a zone again (or with another chain of denial), or taking
// it unsigned without breaking it.
// A zone whose parent holds its DS must stay signed until the DS is gone, or validating
// resolvers fail it: so turning DNSSEC off first publishes CDS/CDNSKEY "delete" (RFC 8078 §4,
// which parents that scan act on) while still signed, and only goes unsigned, when asked
// again, once the parent's servers hold no DS of its key.
import { recordAudit } from '../audit/record-audit.js';
import { actorOf } from '../auth/principal.js';
import type { Principal } from '../auth/principal.js';
import { checkDelegation } from '../checks/delegation-check.js';
import { ConflictError } from '../errors/catalogue.js';
import type { Services } from '../services.js';
import { setZoneDenial, setZoneSigning } from '../store/dnssec-keys.js';
import { findRollover } from '../store/dnssec-rollovers.js';
import { dropSignedState } from '../store/dnssec-state.js';
import { bulkWrite } from '../store/rrset-changes.js';
import { bumpSerial } from '../store/zones.js';
import type { ZoneRow } from '../store/zones.js';
import { zoneNameservers } from '../zones/zone-nameservers.js';
import type { ZoneDnssecJson } from '../../shared/schemas/dnssec.js';
import type { DenialKind } from '../../shared/dnssec/denial.js';
import { zoneDnssec, zoneDsRdata } from './zone-dnssec.js';
import { refreshSignals } from './bootstrap-signals.js';
import { ensureZoneKey } from './zone-signing-key.js';

export async function setZoneDnssec(services: Services, principal: Principal, zone: ZoneRow, enabled: boolean, denial: DenialKind | undefined): Promise<ZoneDnssecJson> {
  const { db } = services;
  const row = ensureZoneKey(services, zone.id);
  if (!enabled && findRollover(db, zone.id) !== undefined) throw new ConflictError('A key rollover is under way: the zone stays signed until it ends.');
  const state = row.signing ? (row.removing ? 'removing' : 'signed') : 'unsigned';
  let changed = false;
  const change = (signing: boolean, removing: boolean, action: string): void => {
    changed = true;
    db.transaction(() => {
      setZoneSigning(db, zone.id, signing, removing);
      if (!signing) dropSignedState(db, zone.id);
      // Every record's signature comes or goes: the next publish rebuilds the zone.
      bulkWrite(db, zone.id, () => undefined);
      bumpSerial(db, zone.id, services.now().toISOString());
      recordAudit(db, { tenantId: zone.tenantId, actor: actorOf(principal), action, target: zone.origin, before: { state }, after: { state: signing ? (removing ? 'removing' : 'signed') : 'unsigned' } });
    })();
  };
  if (enabled) {
    if (denial !== undefined && denial !== row.denial) {
      changed = true;
      db.transaction(() => {
        setZoneDenial(db, zone.id, denial);
        dropSignedState(db, zone.id);
        recordAudit(db, { tenantId: zone.tenantId, actor: actorOf(principal), action: 'dnssec.denial', target: zone.origin, before: { denial: row.denial }, after: { denial } });
      })();
    }
    if (state !== 'signed') change(true, false, 'dnssec.enable');
    // Already signed: its published content is signed again with the new chain; staged changes stay staged.
    else if (changed) {
      await services.publisher.resignWhole(zone.id);
      changed = false;
    }
  } else if (state === 'signed') {
    change(true, true, 'dnssec.remove-ds');
  } else if (state === 'removing') {
    const delegation = await checkDelegation({ origin: zone.origin, expected: zoneNameservers(zone, services.config), resolver: services.config.checks.resolver, expectedDs: zoneDsRdata(services, zone) });
    if (delegation.ds === null) throw new ConflictError(`The parent zone's servers could not be asked for the DS (${delegation.detail}); the zone stays signed. Try again later.`);
    if (delegation.ds.matching) throw new ConflictError("The parent zone still holds this zone's DS: remove it at the registrar (or wait for the parent to act on the CDS delete), then ask again. The zone stays signed meanwhile.");
    change(false, false, 'dnssec.disable');
  }
  if (changed) await services.publisher.publishNow(zone.id);
  refreshSignals(services, zone.id);
  return zoneDnssec(services, zone);
}
