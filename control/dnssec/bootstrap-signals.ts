// Authenticated DNSSEC bootstrapping (RFC 9615): for each signed zone, a copy of its CDS and
// CDNSKEY at `_dsboot.<zone>._signal.<nameserver>` for each of its nameservers whose name lies
// in a zone hosted here, so that a parent that supports it can take the zone's first DS on the
// strength of the nameserver zone's own chain of trust, without days of watching.
//
// The signals are rows of the nameserver's zone, kept in step whenever a zone's CDS can change
// (creation, DNSSEC switched on or off, a rollover's step, its nameservers changed, deletion)
// and when a nameserver zone is created; which zone holds which signal is recorded
// (dnssec_signals) so that stale ones are found again. A zone gets signals only in zones of its
// own account or of an operator's account: another account's zone cannot be made to vouch
// for it.
import type { Name } from '../../shared/dns/name.js';
import { isSubdomain, MAX_NAME_LENGTH, nameToWire } from '../../shared/dns/name.js';
import { formatRdata } from '../../shared/dns/rdata.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { apexKeyRRsets } from '../../shared/dnssec/sign-zone.js';
import type { Services } from '../services.js';
import { findZoneKey } from '../store/dnssec-keys.js';
import { dropSignal, listSignals, putSignal } from '../store/dnssec-signals.js';
import { isOperatorAccount } from '../store/operators.js';
import { deleteRRset, findRRset, upsertRRset } from '../store/rrsets.js';
import { bumpSerial, findZone, listZonesByNameserverSource } from '../store/zones.js';
import { zoneForName } from '../acme/zone-for-name.js';
import type { ZoneRow } from '../store/zones.js';
import { zoneNameservers } from '../zones/zone-nameservers.js';
import { zoneKeys } from './zone-signing-key.js';

const SIGNAL_TTL = 3600;
const SIGNAL_TYPES = [RRType.CDS, RRType.CDNSKEY] as const;

interface Signal {
  readonly hostZoneId: string;
  readonly name: Name;
  /** CDS and CDNSKEY records in presentation form, in SIGNAL_TYPES order. */
  readonly records: readonly (readonly string[])[];
}

/** The signals `child` should have now: none unless it is signed and not going unsigned. */
function wantedSignals(services: Services, child: ZoneRow): Signal[] {
  const key = findZoneKey(services.db, child.id);
  if (key === undefined || !key.signing || key.removing) return [];
  const apex = apexKeyRRsets(zoneKeys(services, child.id, child.origin));
  const records = SIGNAL_TYPES.map((type) => apex.filter((r) => r.type === type).flatMap((r) => r.rdata.map((rdata) => formatRdata(type, rdata))));
  const signals: Signal[] = [];
  for (const nameserver of zoneNameservers(child, services.config)) {
    const name = `_dsboot.${child.origin}_signal.${nameserver}` as Name;
    if (nameToWire(name).length > MAX_NAME_LENGTH) continue;
    const host = zoneForName(services.db, name);
    // A nameserver inside the zone itself cannot vouch for it: its signals would need the chain they bootstrap (RFC 9615 §2.2).
    if (host === undefined || isSubdomain(host.origin, child.origin)) continue;
    if (host.tenantId !== child.tenantId && !isOperatorAccount(services.db, host.tenantId)) continue;
    signals.push({ hostZoneId: host.id, name, records });
  }
  return signals;
}

const same = (a: readonly string[] | undefined, b: readonly string[]): boolean => a !== undefined && a.length === b.length && a.every((r, i) => r === b[i]);

/** Brings `childZoneId`'s signals in step with its CDS and nameservers (`gone`: the zone is being deleted); publishes the zones that changed. */
export function refreshSignals(services: Services, childZoneId: string, gone = false): void {
  const { db } = services;
  const child = findZone(db, childZoneId);
  if (child === undefined) return;
  const wanted = gone ? [] : wantedSignals(services, child);
  const touched = new Set<string>();
  db.transaction(() => {
    for (const had of listSignals(db, child.id)) {
      if (wanted.some((w) => w.hostZoneId === had.hostZoneId && w.name === had.name)) continue;
      for (const type of SIGNAL_TYPES) deleteRRset(db, had.hostZoneId, had.name, type);
      dropSignal(db, child.id, had);
      touched.add(had.hostZoneId);
    }
    for (const signal of wanted) {
      putSignal(db, child.id, signal);
      SIGNAL_TYPES.forEach((type, i) => {
        const records = signal.records[i]!;
        const current = findRRset(db, signal.hostZoneId, signal.name, type);
        if (current !== undefined && current.ttl === SIGNAL_TTL && same(current.records, records)) return;
        upsertRRset(db, { zoneId: signal.hostZoneId, name: signal.name, type, ttl: SIGNAL_TTL, records });
        touched.add(signal.hostZoneId);
      });
    }
    for (const hostZoneId of touched) bumpSerial(db, hostZoneId, services.now().toISOString());
  })();
  for (const hostZoneId of touched) if (findZone(db, hostZoneId)?.autoPublish === true) services.publisher.schedule(hostZoneId);
}

/**
 * A zone just created may hold the names of other zones' nameservers: gives those zones their
 * signals in it. Only zones with nameservers of their own are looked at, and the zones on
 * DNSCOVE_NS only when it names a server in the new zone (the operator's own), so creating
 * an ordinary zone does not read every zone.
 */
export function signalsForNewZone(services: Services, zone: ZoneRow): void {
  const { db, config } = services;
  refreshSignals(services, zone.id);
  const inZone = (names: readonly Name[]): boolean => names.some((ns) => isSubdomain(ns, zone.origin));
  const children = [...listZonesByNameserverSource(db, true).filter((child) => inZone(child.nameservers!)), ...(inZone(config.nameservers) ? listZonesByNameserverSource(db, false) : [])];
  for (const child of children) if (child.id !== zone.id) refreshSignals(services, child.id);
}
