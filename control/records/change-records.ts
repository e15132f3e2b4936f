// Applies a request's RRset changes to a zone in one transaction, then schedules the publish.
import type { Database } from 'better-sqlite3';
import type { Name } from '../../shared/dns/name.js';
import { RRType, rrTypeToText } from '../../shared/dns/rr-type.js';
import type { StoredRRsetJson } from '../../shared/schemas/records.js';
import { aliasRefreshAt } from '../aliases/alias-refresh-time.js';
import type { AliasAddresses } from '../aliases/resolve-alias.js';
import { recordAudit } from '../audit/record-audit.js';
import { NotFoundError } from '../errors/catalogue.js';
import type { Services } from '../services.js';
import { deleteAlias, findAlias, upsertAlias } from '../store/aliases.js';
import { deleteRRset, findRRset, listRRsetsAtNames, listRRsetsBelow, upsertRRset } from '../store/rrsets.js';
import type { RRsetRow } from '../store/rrsets.js';
import { bumpSerial, findZone } from '../store/zones.js';
import type { ZoneRow } from '../store/zones.js';
import { aliasAddressChanges } from './alias-changes.js';
import { parseChange } from './parse-change.js';
import type { ChangeInput } from './parse-change.js';
import { neededContent, planChanges } from './plan-changes.js';
import type { RRsetDiff } from './plan-changes.js';
import type { RRsetChange } from './rrset-change.js';

export interface ChangeRecordsInput {
  readonly zone: ZoneRow;
  /** actorOf(principal), for the audit entries. */
  readonly actor: string;
  readonly changes: readonly ChangeInput[];
  /** True for a `{changes: [...]}` body: errors then name `changes[i].field`. */
  readonly batch: boolean;
  /** What each ALIAS the request creates or changes resolves to now, by owner (resolveAliasTargets). */
  readonly aliasTargets?: ReadonlyMap<Name, AliasAddresses>;
}

export interface ChangeRecordsResult {
  /** The zone's serial after the request (unchanged when nothing changed). */
  readonly serial: number;
  /** How many RRsets were created, replaced or deleted. */
  readonly changed: number;
  /** Every RRset the request named, as stored after it (a deleted one with no records and a null TTL), in the request's order. */
  readonly rrsets: readonly StoredRRsetJson[];
}

/**
 * Validates every change (parseChange), plans them against the parts of the zone they touch
 * (neededContent, planChanges) and writes the result all-or-nothing in ONE transaction together with the
 * serial bump (one per request that changes something) and one audit entry per RRset that
 * changed. A request that changes nothing (identical UPSERT, DELETE of something absent)
 * commits nothing and leaves the serial alone: both actions are idempotent. After the commit,
 * when the zone's auto_publish is on, the publisher is asked to publish within a second.
 * Throws ValidationError naming the field (`changes[3].records[0]`); on any error nothing
 * is written. Safe to call concurrently: better-sqlite3 transactions run one at a time.
 */
export function changeRecords(services: Services, input: ChangeRecordsInput): ChangeRecordsResult {
  const { db } = services;
  const { zone } = input;
  const labels = input.changes.map((_, i) => (input.batch ? `changes[${i}].` : ''));
  const changes = input.changes.map((c, i) => parseChange(c, zone.origin, labels[i]!));
  const now = services.now();
  const result = db.transaction(() => {
    const current = findZone(db, zone.id);
    if (current === undefined) throw new NotFoundError(`Zone ${zone.id}`);
    const diffs = writeChanges(services, zone, changes, labels, input.aliasTargets);
    if (diffs.length === 0) return { serial: current.serial, changed: 0, autoPublish: current.autoPublish };
    for (const d of diffs) {
      recordAudit(db, {
        tenantId: zone.tenantId,
        actor: input.actor,
        action: d.after === undefined ? 'rrset.delete' : 'rrset.upsert',
        target: `${d.name}/${rrTypeToText(d.type)}`,
        before: d.before === undefined ? null : { ttl: d.before.ttl, records: d.before.records },
        after: d.after === undefined ? null : { ttl: d.after.ttl, records: d.after.records },
        at: now,
      });
    }
    return { serial: bumpSerial(db, zone.id, now.toISOString()), changed: diffs.length, autoPublish: current.autoPublish };
  })();
  if (result.changed > 0 && result.autoPublish) services.publisher.schedule(zone.id);
  return { serial: result.serial, changed: result.changed, rrsets: storedRRsets(db, zone.id, changes) };
}

/**
 * Plans `changes` against the zone's stored RRsets (the rules of planChanges; ValidationError
 * with `labels` as field prefixes) and writes the RRsets that differ. ALIAS owners get the A
 * and AAAA of `aliasTargets` (aliasAddressChanges); an ALIAS itself goes to the aliases table,
 * never to what is published. Returns the diffs; an empty list means nothing was written. Run
 * it inside the caller's transaction, which also bumps the serial and writes the audit entries.
 */
export function writeChanges(
  services: Services,
  zone: ZoneRow,
  changes: readonly RRsetChange[],
  labels: readonly string[],
  aliasTargets: ReadonlyMap<Name, AliasAddresses> = new Map(),
): RRsetDiff[] {
  const current = loadNeeded(services, zone, changes);
  const managed = aliasAddressChanges(current, changes, labels, aliasTargets);
  const diffs = planChanges(zone.origin, current, [...managed, ...changes], [...managed.map(() => 'alias.'), ...labels]);
  const now = services.now().getTime();
  for (const d of diffs) {
    if (d.type === RRType.ALIAS) {
      if (d.after === undefined) deleteAlias(services.db, zone.id, d.name);
      else upsertAlias(services.db, { zoneId: zone.id, name: d.name, ttl: d.after.ttl, target: d.after.records[0] as Name, refreshAt: aliasRefreshAt(now, aliasTargets.get(d.name)) });
    } else if (d.after === undefined) deleteRRset(services.db, zone.id, d.name, d.type);
    else upsertRRset(services.db, { zoneId: zone.id, ...d.after });
  }
  return diffs;
}

/** The RRsets planChanges needs, read inside the caller's transaction. */
function loadNeeded(services: Services, zone: ZoneRow, changes: readonly RRsetChange[]): RRsetRow[] {
  const needed = neededContent(zone.origin, changes);
  const rows = listRRsetsAtNames(services.db, zone.id, needed.names);
  for (const name of needed.names) {
    const alias = findAlias(services.db, zone.id, name);
    if (alias !== undefined) rows.push({ zoneId: zone.id, name, type: RRType.ALIAS, ttl: alias.ttl, records: [alias.target] });
  }
  for (const cut of needed.below) {
    for (const row of listRRsetsBelow(services.db, zone.id, cut)) if (!needed.names.has(row.name)) rows.push(row);
  }
  return rows;
}

/** The RRsets `changes` name, read back as stored: what a client shows its user as served. */
export function storedRRsets(db: Database, zoneId: string, changes: readonly { name: Name; type: number }[]): StoredRRsetJson[] {
  const seen = new Set<string>();
  const out: StoredRRsetJson[] = [];
  for (const { name, type } of changes) {
    const key = `${name} ${type}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const alias = type === RRType.ALIAS ? findAlias(db, zoneId, name) : undefined;
    const row = alias === undefined ? findRRset(db, zoneId, name, type) : { ttl: alias.ttl, records: [alias.target] };
    out.push({ name, type: rrTypeToText(type), ttl: row?.ttl ?? null, records: row === undefined ? [] : [...row.records] });
  }
  return out;
}
