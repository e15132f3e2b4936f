// Gives a zone its own nameserver set, or puts it back on the operator's (DNSCOVE_NS).
import { nameToApiText } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { recordAudit } from '../audit/record-audit.js';
import { NotFoundError } from '../errors/catalogue.js';
import { writeChanges } from '../records/change-records.js';
import { refreshSignals } from '../dnssec/bootstrap-signals.js';
import type { Services } from '../services.js';
import { findRRset } from '../store/rrsets.js';
import { bumpSerial, findZone, setZoneNameservers } from '../store/zones.js';
import type { ZoneRow } from '../store/zones.js';
import { SYSTEM_TTL, systemRRsets } from './system-rrsets.js';
import { zoneNameservers } from './zone-nameservers.js';

/**
 * Sets the zone's nameservers to `ns` (null: the operator's DNSCOVE_NS again). The apex NS
 * RRset becomes that set (its TTL kept) and the SOA MNAME its first name, in one transaction
 * with the serial bump and a "zone.update" audit entry; published like any change (at once
 * with auto-publish on). Idempotent: the same set again changes nothing.
 */
export function setNameservers(services: Services, zone: ZoneRow, actor: string, ns: readonly Name[] | null): ZoneRow {
  const { db, config } = services;
  const now = services.now();
  const updated = db.transaction(() => {
    const current = findZone(db, zone.id);
    if (current === undefined) throw new NotFoundError(`Zone ${zone.id}`);
    const before = zoneNameservers(current, config);
    const after = ns ?? config.nameservers;
    if (sameList(current.nameservers, ns)) return current;
    setZoneNameservers(db, zone.id, ns, now.toISOString());
    const [soa, nsSet] = systemRRsets(zone.origin, after, config.hostmaster);
    const storedSoa = findRRset(db, zone.id, zone.origin, RRType.SOA);
    const storedNs = findRRset(db, zone.id, zone.origin, RRType.NS);
    const changes = [
      // Only MNAME changes: the rest of the SOA (RNAME, timers, TTL) stays as it is.
      { action: 'UPSERT' as const, name: zone.origin, type: RRType.SOA, ttl: storedSoa?.ttl ?? SYSTEM_TTL, records: storedSoa === undefined ? soa!.records : [withMname(storedSoa.records[0]!, after[0]!)] },
      { action: 'UPSERT' as const, name: zone.origin, type: RRType.NS, ttl: storedNs?.ttl ?? SYSTEM_TTL, records: nsSet!.records },
    ];
    if (writeChanges(services, current, changes, ['ns.', 'ns.']).length > 0) bumpSerial(db, zone.id, now.toISOString());
    recordAudit(db, { tenantId: zone.tenantId, actor, action: 'zone.update', target: zone.origin, before: { ns: before.map(nameToApiText) }, after: { ns: after.map(nameToApiText) }, at: now });
    return findZone(db, zone.id) ?? current;
  })();
  if (updated.autoPublish && updated.publishedSerial < updated.serial) services.publisher.schedule(zone.id);
  refreshSignals(services, zone.id);
  return updated;
}

const sameList = (a: readonly Name[] | null, b: readonly Name[] | null): boolean => (a === null || b === null ? a === b : a.length === b.length && a.every((n, i) => n === b[i]));

/** An SOA's canonical presentation with its first field (MNAME) replaced. */
function withMname(soa: string, mname: Name): string {
  return `${mname} ${soa.slice(soa.indexOf(' ') + 1)}`;
}
