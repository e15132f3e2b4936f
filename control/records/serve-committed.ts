// After RRset changes are committed by a front door that answers only once they are served
// (RFC 2136, the PowerDNS API): publish now, or, on a zone that stages its changes, put an
// ACME value into what is published, as the ACME endpoint does.
import { parseRdata } from '../../shared/dns/rdata.js';
import type { Name } from '../../shared/dns/name.js';
import type { RRset } from '../../shared/dns/rrset.js';
import { waitForServers } from '../publish/wait-for-servers.js';
import type { Services } from '../services.js';
import type { ZoneRow } from '../store/zones.js';
import type { RRsetChange } from './rrset-change.js';

/** The RRsets `changes` leave (each change names a whole RRset's new content; a DELETE leaves none). */
function rrsetsOf(origin: Name, changes: readonly RRsetChange[]): RRset[] {
  return changes.map((c) => ({ name: c.name, type: c.type, ttl: c.ttl, rdata: c.action === 'DELETE' ? [] : c.records.map((r) => parseRdata(c.type, r, origin)) }));
}

/**
 * Resolves once `changes`, committed to `zone` (as read in the committing transaction), are
 * served: at once when the zone publishes automatically; on a staged zone only when
 * `acmeValue` (the caller may change nothing but ACME TXT values), else they stay staged and
 * this returns at once. Every change must be a whole RRset (UPSERT with all its records, or a
 * DELETE of all of it).
 */
export async function serveCommitted(services: Services, zone: ZoneRow, changes: readonly RRsetChange[], acmeValue: boolean): Promise<void> {
  if (changes.length === 0) return;
  if (zone.autoPublish) await services.publisher.publishNow(zone.id);
  else if (acmeValue) await services.publisher.patchPublished(zone.id, async () => rrsetsOf(zone.origin, changes));
  else return;
  await waitForServers(services, zone);
}
