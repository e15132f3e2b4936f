// What a publish would change (POST /api/zones/{id}/publish with dry_run): the served content against the committed one.
import { compareNames } from '../../shared/dns/name.js';
import { formatRdata } from '../../shared/dns/rdata.js';
import { rrTypeToText } from '../../shared/dns/rr-type.js';
import type { RRset } from '../../shared/dns/rrset.js';
import type { PublishPreview } from '../../shared/schemas/zones.js';
import type { Services } from '../services.js';
import { listRRsets } from '../store/rrsets.js';
import type { ZoneRow } from '../store/zones.js';
import { buildZoneContent } from './build-zone-content.js';
import { changedRRsets, readPublishedContent } from '../../shared/snapshot/published-content.js';
import { unsignedContent } from '../../shared/dnssec/sign-zone.js';

const side = (rrset: RRset | undefined) => (rrset === undefined ? null : { ttl: rrset.ttl, records: rrset.rdata.map((w) => formatRdata(rrset.type, w)) });

/**
 * The RRsets the next publish of `zone` changes, from its files (what the edges serve, ACME
 * values patched in included; DNSSEC records left out) and its rows. The committed content is built with the served
 * serial, so an SOA that differs only by serial is not a change. Reads only; safe at any time.
 */
export async function previewPublish(services: Services, zone: ZoneRow): Promise<PublishPreview> {
  // The signer's records are not the user's: a publish that changes them changes nothing the user wrote.
  const served = unsignedContent(await readPublishedContent(services.config.snapshotsDir, zone.origin));
  const committed = buildZoneContent(zone.origin, zone.publishedSerial, listRRsets(services.db, zone.id));
  const key = (r: RRset) => `${r.name} ${r.type}`;
  const before = new Map(served.rrsets.map((r) => [key(r), r]));
  const after = new Map(committed.rrsets.map((r) => [key(r), r]));
  const changes = changedRRsets(served, committed)
    .sort((a, b) => compareNames(a.name, b.name) || a.type - b.type)
    .map((r) => ({ name: r.name, type: rrTypeToText(r.type), published: side(before.get(key(r))), current: side(after.get(key(r))) }));
  return { dry_run: true, serial: zone.serial, published_serial: zone.publishedSerial, changes };
}
