// The tenant's catalog zone (RFC 9432, version 2): one PTR per zone of the tenant, so a
// secondary that consumes it (Knot's catalog-role interpret, BIND, NSD 4.9+, PowerDNS)
// provisions new zones and drops deleted ones by itself. It exists while the tenant has a
// transfer key for every zone, which is the key that transfers it.
import type { Database } from 'better-sqlite3';
import type { Name } from '../../shared/dns/name.js';
import { parseRdata } from '../../shared/dns/rdata.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { RRset, ZoneContent } from '../../shared/dns/rrset.js';
import { readPublishedContent } from '../../shared/snapshot/published-content.js';
import { soaSerial } from '../../shared/snapshot/zone-history.js';
import type { Services } from '../services.js';
import { allTsigKeys } from '../store/tsig-keys.js';
import { listZones } from '../store/zones.js';
import { withheldReason } from '../zones/withheld.js';

/** Under .invalid (RFC 9432 §4.1's advice): a catalog is for secondaries, never for resolution. */
const CATALOG_SUFFIX = 'catalog.invalid.';
const CATALOG_TTL = 0;

/** The tenant's catalog zone name: `<tenant id>.catalog.invalid.` (lower case). */
export function catalogOrigin(tenantId: string): Name {
  return `${tenantId.toLowerCase()}.${CATALOG_SUFFIX}` as Name;
}

/** The tenant whose catalog `origin` is, or undefined when it is no catalog name. */
export function tenantOfCatalog(origin: Name): string | undefined {
  const match = /^t([0-9a-f]{14})\.catalog\.invalid\.$/.exec(origin);
  return match === null ? undefined : `T${match[1]}`;
}

/** Tenants that have a catalog: those with a transfer key for every zone. */
export function catalogTenants(db: Database): string[] {
  return [...new Set(allTsigKeys(db).filter((k) => k.scope === 'transfer' && k.zoneId === null).map((k) => k.tenantId))];
}

function rrset(name: string, type: number, text: string, origin: Name): RRset {
  return { name: name as Name, type, ttl: CATALOG_TTL, rdata: [parseRdata(type, text, origin)] };
}

/** The catalog's content: SOA, NS invalid., version "2", and a PTR per member under zones. named by the zone's id. */
export function catalogContent(origin: Name, serial: number, members: readonly { id: string; origin: Name }[]): ZoneContent {
  return {
    origin,
    rrsets: [
      rrset(origin, RRType.SOA, `invalid. invalid. ${serial} 3600 600 2147483646 0`, origin),
      rrset(origin, RRType.NS, 'invalid.', origin),
      rrset(`version.${origin}`, RRType.TXT, '"2"', origin),
      ...members.map((m) => rrset(`${m.id.toLowerCase()}.zones.${origin}`, RRType.PTR, m.origin, origin)),
    ],
  };
}

/** Serials are the time in seconds, and always move forward (RFC 1982) even when written twice in a second. */
async function nextSerial(services: Services, origin: Name): Promise<number> {
  const now = Math.floor(services.now().getTime() / 1000);
  const previous = await readPublishedContent(services.config.snapshotsDir, origin).then(
    (content) => content.rrsets.find((r) => r.type === RRType.SOA && r.name === origin)?.rdata[0],
    () => undefined,
  );
  const last = previous === undefined ? 0 : soaSerial(previous);
  return ((now - last) >>> 0) < 0x80000000 && now !== last ? now >>> 0 : (last + 1) >>> 0;
}

/**
 * Writes the tenant's catalog as its zones are now (those served now: withheld zones are left
 * out), or removes it when the tenant has no transfer key for every zone. Rewritten whole: it
 * changes only when a zone is created or deleted.
 */
export async function refreshCatalog(services: Services, tenantId: string): Promise<void> {
  const { db } = services;
  const origin = catalogOrigin(tenantId);
  if (!catalogTenants(db).includes(tenantId)) {
    await services.publisher.remove(origin);
    return;
  }
  await services.publisher.writeGenerated(origin, async () => {
    const now = services.now();
    const members = listZones(db, tenantId).filter((z) => withheldReason(db, z, services.config.pendingDays, now) === null);
    return catalogContent(origin, await nextSerial(services, origin), members);
  });
}

/** After a zone of the tenant was created (and published) or deleted: its catalog follows, when it has one. */
export async function zoneSetChanged(services: Services, tenantId: string): Promise<void> {
  if (catalogTenants(services.db).includes(tenantId)) await refreshCatalog(services, tenantId);
}
