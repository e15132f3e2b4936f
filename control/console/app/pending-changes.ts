// What the next publish of a zone changes: the RRset edits since its last publish, from the audit log.
import { request } from './api.js';
import { readAuditPage } from './api-types.js';
import type { AuditEntry, Zone } from './api-types.js';

/** An RRset's content on one side of the diff; null = absent. */
export interface RRsetState {
  ttl: number;
  records: string[];
}

/** One RRset that differs between the published zone and the committed one. */
export interface PendingChange {
  name: string;
  type: string;
  published: RRsetState | null;
  current: RRsetState | null;
}

const PAGE = 200;
const MAX_PAGES = 10;

function rrsetState(value: unknown): RRsetState | null {
  if (typeof value !== 'object' || value === null) return null;
  const o = value as Record<string, unknown>;
  const records = Array.isArray(o['records']) ? o['records'].filter((r): r is string => typeof r === 'string') : [];
  return typeof o['ttl'] === 'number' ? { ttl: o['ttl'], records } : null;
}

function sameState(a: RRsetState | null, b: RRsetState | null): boolean {
  if (a === null || b === null) return a === b;
  return a.ttl === b.ttl && a.records.length === b.records.length && a.records.every((r, i) => r === b.records[i]);
}

/** True when `entry` is an event after which everything earlier in the zone was published. */
function publishBoundary(entry: AuditEntry, apex: string): boolean {
  const zoneEvent = ['zone.publish', 'zone.update', 'zone.create', 'zone.import'].includes(entry.action);
  return zoneEvent && entry.target.replace(/\.$/, '') === apex;
}

/**
 * The RRsets the next publish changes, oldest content first. The API does not serve the
 * published content itself, so this replays the tenant's audit log backwards to the zone's
 * last publish boundary: an explicit publish, an auto-publish switch (either way, all
 * earlier changes were published), the zone's creation or import. ACME challenge values are
 * left out: they reach the edge at once. Resolves undefined when the boundary is further
 * back than the pages read; the caller then says the diff is unknown.
 */
export async function pendingChanges(zone: Zone): Promise<PendingChange[] | undefined> {
  const apex = zone.origin;
  const byKey = new Map<string, PendingChange>();
  let before: number | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query: string = before === null ? `?limit=${PAGE}` : `?limit=${PAGE}&before=${before}`;
    const { entries, nextBefore } = readAuditPage(await request('GET', `/api/audit${query}`));
    for (const entry of entries) {
      if (publishBoundary(entry, apex)) return finish(byKey);
      if (entry.action !== 'rrset.upsert' && entry.action !== 'rrset.delete') continue;
      const slash = entry.target.lastIndexOf('/');
      const name = entry.target.slice(0, slash);
      const bare = name.replace(/\.$/, '');
      if (bare !== apex && !bare.endsWith(`.${apex}`)) continue;
      const key = entry.target;
      const seen = byKey.get(key);
      // Newest first: the first entry seen holds the current content, the last the published one.
      if (seen === undefined) byKey.set(key, { name, type: entry.target.slice(slash + 1), published: rrsetState(entry.before), current: rrsetState(entry.after) });
      else seen.published = rrsetState(entry.before);
    }
    if (nextBefore === null) return finish(byKey);
    before = nextBefore;
  }
  return undefined;
}

function finish(byKey: Map<string, PendingChange>): PendingChange[] {
  return [...byKey.values()].filter((c) => !sameState(c.published, c.current)).sort((a, b) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type));
}
