// Stores an adapter's import: creates (or replaces the content of) the zone, in one transaction, then publishes.
import { labelCount, nameToApiText } from '../../shared/dns/name.js';
import { RRType, rrTypeToText } from '../../shared/dns/rr-type.js';
import { recordAudit } from '../audit/record-audit.js';
import { ConflictError, ValidationError } from '../errors/catalogue.js';
import { parseChange } from '../records/parse-change.js';
import { planChanges } from '../records/plan-changes.js';
import type { RRsetChange } from '../records/rrset-change.js';
import type { Services } from '../services.js';
import { deleteRRset, listRRsets, upsertRRsets } from '../store/rrsets.js';
import { bumpSerial, findZone, findZoneByOrigin } from '../store/zones.js';
import type { ZoneRow } from '../store/zones.js';
import { createZone } from '../zones/create-zone.js';
import { deleteZone } from '../zones/delete-zone.js';
import { parseOrigin } from '../zones/parse-origin.js';
import type { ImportResult, SkippedRecord } from './import-result.js';

export interface ApplyImportInput {
  readonly tenantId: string;
  /** actorOf(principal), for the audit entries. */
  readonly actor: string;
  readonly result: ImportResult;
  /** Replace the content of an existing zone of this tenant instead of refusing (409). */
  readonly replace: boolean;
  /** "route53" or "zonefile", for the audit entry. */
  readonly source: string;
}

export interface ApplyImportOutcome {
  readonly zone: ZoneRow;
  /** RRsets written. */
  readonly imported: number;
  /** The adapter's skipped entries plus RRsets the zone rules refused. */
  readonly skipped: readonly SkippedRecord[];
  readonly published: boolean;
  readonly publishError: string | null;
}

const INDEX = /^#([0-9]+)\./;

/**
 * Validates each imported RRset exactly as the records API would (parseChange: allowed types,
 * TTL bounds, values) and the zone rules on the whole (planChanges: CNAME alone, nothing
 * occluded below delegations); an RRset that breaks them is skipped with the reason, the rest
 * is written. Returns the changes to apply and the extra skipped entries.
 */
function acceptedChanges(zone: ZoneRow, result: ImportResult, existing: ReturnType<typeof listRRsets>, replace: boolean): { changes: RRsetChange[]; labels: string[]; skipped: SkippedRecord[] } {
  const skipped: SkippedRecord[] = [];
  const upserts: { change: RRsetChange; label: string }[] = [];
  result.rrsets.forEach((set, i) => {
    try {
      const change = parseChange({ action: 'UPSERT', name: set.name, type: rrTypeToText(set.type), ttl: set.ttl, records: [...set.records] }, zone.origin, '');
      upserts.push({ change, label: `#${i}.` });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      skipped.push({ name: set.name, type: rrTypeToText(set.type), reason: err.detail });
    }
  });
  const deletes: RRsetChange[] = replace
    ? existing
        .filter((r) => !(r.name === zone.origin && (r.type === RRType.SOA || r.type === RRType.NS)))
        .map((r) => ({ action: 'DELETE', name: r.name, type: r.type, ttl: r.ttl, records: [] }))
    : [];
  // planChanges blames the first name it checks; deepest names first make it blame data hidden
  // below a delegation rather than the delegation itself (which is what resolvers would see).
  upserts.sort((x, y) => labelCount(y.change.name) - labelCount(x.change.name));
  // Drop one offending RRset at a time until the rest satisfies the zone rules together.
  for (;;) {
    const changes = [...deletes, ...upserts.map((u) => u.change)];
    const labels = [...deletes.map(() => 'existing.'), ...upserts.map((u) => u.label)];
    try {
      planChanges(zone.origin, existing, changes, labels);
      return { changes, labels, skipped };
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const index = INDEX.exec(err.field)?.[1];
      const at = upserts.findIndex((u) => u.label === `#${index}.`);
      if (at < 0) throw err;
      const [bad] = upserts.splice(at, 1);
      skipped.push({ name: bad!.change.name, type: rrTypeToText(bad!.change.type), reason: err.detail });
    }
  }
}

/**
 * Imports into the tenant's zone for the result's origin: creates it (createZone: our SOA and
 * apex NS, PENDING_VERIFICATION) when it does not exist; refuses with ConflictError when
 * another tenant hosts the origin (or a zone above or below it), and when this tenant already
 * has it and `replace` is false. Then, in ONE transaction, it deletes the zone's other RRsets
 * (with `replace`), writes the accepted imported RRsets, bumps the serial once and writes one
 * "zone.import" audit entry; then publishes. A failed publish does not fail the import: it is
 * reported in `publishError` (the publisher retries). If the write fails on a zone this call
 * created, the zone is deleted again, so a failed import leaves nothing behind.
 */
export async function applyImport(services: Services, input: ApplyImportInput): Promise<ApplyImportOutcome> {
  const { db } = services;
  const origin = parseOrigin(nameToApiText(input.result.origin));
  const existing = findZoneByOrigin(db, origin);
  if (existing !== undefined && existing.tenantId !== input.tenantId) {
    throw new ConflictError(`The zone ${nameToApiText(origin)} is hosted by another account.`);
  }
  if (existing !== undefined && !input.replace) {
    throw new ConflictError(`The zone ${nameToApiText(origin)} already exists; send "replace": true to replace its records with the import.`);
  }
  const created = existing === undefined;
  const zone = existing ?? (await createZone(services, { tenantId: input.tenantId, actor: input.actor, origin: nameToApiText(origin) }));
  let imported: number;
  let skipped: SkippedRecord[];
  try {
    ({ imported, skipped } = db.transaction(() => {
      const current = listRRsets(db, zone.id);
      const plan = acceptedChanges(zone, input.result, current, input.replace);
      const diffs = planChanges(zone.origin, current, plan.changes, plan.labels);
      for (const d of diffs) if (d.after === undefined) deleteRRset(db, zone.id, d.name, d.type);
      upsertRRsets(db, zone.id, diffs.flatMap((d) => (d.after === undefined ? [] : [d.after])));
      const writes = plan.changes.filter((c) => c.action === 'UPSERT').length;
      if (diffs.length > 0) bumpSerial(db, zone.id, services.now().toISOString());
      recordAudit(db, {
        tenantId: zone.tenantId,
        actor: input.actor,
        action: 'zone.import',
        target: zone.origin,
        after: { source: input.source, replace: input.replace, imported: writes, skipped: input.result.skipped.length + plan.skipped.length },
        at: services.now(),
      });
      return { imported: writes, skipped: [...input.result.skipped, ...plan.skipped] };
    })());
  } catch (err) {
    if (created) await deleteZone(services, zone, input.actor).catch(() => undefined);
    throw err;
  }
  let published = true;
  let publishError: string | null = null;
  try {
    await services.publisher.publishNow(zone.id);
  } catch (err) {
    published = false;
    publishError = (err as Error).message;
    services.log.error('import: publish failed; it will be retried', { zoneId: zone.id, err });
  }
  return { zone: findZone(db, zone.id) ?? zone, imported, skipped, published, publishError };
}
