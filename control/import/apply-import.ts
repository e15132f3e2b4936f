// Stores an adapter's import: creates (or replaces the content of) the zone, in one transaction, then publishes.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Name } from '../../shared/dns/name.js';
import { nameToApiText } from '../../shared/dns/name.js';
import { recordAudit } from '../audit/record-audit.js';
import { ConflictError } from '../errors/catalogue.js';
import type { Services } from '../services.js';
import type { RRsetRow } from '../store/rrsets.js';
import { createImportStaging } from '../store/import-staging.js';
import { bulkWrite } from '../store/rrset-changes.js';
import { listRRsets } from '../store/rrsets.js';
import { bumpSerial, findZone, findZoneByOrigin } from '../store/zones.js';
import type { ZoneRow } from '../store/zones.js';
import { createZone } from '../zones/create-zone.js';
import { deleteZone } from '../zones/delete-zone.js';
import { parseOrigin } from '../zones/parse-origin.js';
import type { ImportNote, ImportResult, SkippedRecord } from './import-result.js';
import { planImport } from './import-plan.js';
import type { ImportPlan } from './import-plan.js';

/**
 * An import read by its adapter: the origin it is for, and the plan of writing it into that
 * zone as it stands, worked out here (localPlanner) or in a worker thread (import-worker.ts).
 */
export interface ImportPlanner {
  readonly origin: Name;
  /** How many RRsets the adapter read (for progress). */
  readonly rrsets: number;
  plan(current: readonly RRsetRow[], replace: boolean): Promise<ImportPlan>;
}

/** A planner over a result already in this thread. */
export function localPlanner(result: ImportResult): ImportPlanner {
  return { origin: result.origin, rrsets: result.rrsets.length, plan: async (current, replace) => planImport(result.origin, result, current, replace) };
}

/** Where an import stands, for GET /api/import/progress. */
export type ImportPhase = 'checking' | 'writing' | 'publishing';

export interface ApplyImportInput {
  readonly tenantId: string;
  /** actorOf(principal), for the audit entries. */
  readonly actor: string;
  readonly planner: ImportPlanner;
  /** Replace the content of an existing zone of this tenant instead of refusing (409). */
  readonly replace: boolean;
  /** "route53" or "zonefile", for the audit entry. */
  readonly source: string;
  /** Told when the import enters each phase. */
  readonly onPhase?: (phase: ImportPhase) => void;
}

export interface ApplyImportOutcome {
  readonly zone: ZoneRow;
  /** RRsets written. */
  readonly imported: number;
  /** The adapter's skipped entries plus RRsets the zone rules refused. */
  readonly skipped: readonly SkippedRecord[];
  readonly notes: readonly ImportNote[];
  readonly published: boolean;
  readonly publishError: string | null;
}

/** Plans made against a zone that changed before they could be written are made again this often. */
const PLAN_ATTEMPTS = 3;

/**
 * Imports into the tenant's zone for the planner's origin: creates it (createZone: our SOA and
 * apex NS, PENDING_VERIFICATION) when it does not exist; refuses with ConflictError when
 * another tenant hosts the origin (or a zone above or below it), and when this tenant already
 * has it and `replace` is false. The plan (the records API's checks on every RRset, the zone
 * rules on the whole) is made against the zone's rows, off the transaction (in a worker thread
 * for the import routes); its rows are staged in batches between turns of the event loop; then,
 * in ONE transaction, and only if the zone's serial has not moved since those rows were read
 * (else the plan is made again), it deletes and writes what the plan says, bumps the serial
 * once (to the source's serial when a zone file's is higher, so the zone never goes back
 * from what its old servers served) and writes one "zone.import" audit entry; then publishes. A failed publish does not fail the
 * import: it is reported in `publishError` (the publisher retries). If the write fails on a
 * zone this call created, the zone is deleted again, so a failed import leaves nothing behind.
 */
export async function applyImport(services: Services, input: ApplyImportInput): Promise<ApplyImportOutcome> {
  const { db } = services;
  const origin = parseOrigin(nameToApiText(input.planner.origin));
  const existing = findZoneByOrigin(db, origin);
  if (existing !== undefined && existing.tenantId !== input.tenantId) {
    throw new ConflictError(`The zone ${nameToApiText(origin)} is hosted by another account.`);
  }
  if (existing !== undefined && !input.replace) {
    throw new ConflictError(`The zone ${nameToApiText(origin)} already exists; send "replace": true to replace its records with the import.`);
  }
  const created = existing === undefined;
  const zone = existing ?? (await createZone(services, { tenantId: input.tenantId, actor: input.actor, origin: nameToApiText(origin) }));
  let written: ImportPlan | undefined;
  try {
    for (let attempt = 1; written === undefined; attempt++) {
      if (attempt > PLAN_ATTEMPTS) throw new ConflictError(`The zone ${nameToApiText(origin)} kept changing while the import was checked; try again.`);
      input.onPhase?.('checking');
      const serial = findZone(db, zone.id)?.serial;
      const plan = await input.planner.plan(listRRsets(db, zone.id), input.replace);
      input.onPhase?.('writing');
      written = await writePlan(services, zone, plan, serial, () =>
        recordAudit(db, {
          tenantId: zone.tenantId,
          actor: input.actor,
          action: 'zone.import',
          target: zone.origin,
          after: { source: input.source, replace: input.replace, imported: plan.imported, skipped: plan.skipped.length },
          at: services.now(),
        }),
      );
    }
  } catch (err) {
    if (created) await deleteZone(services, zone, input.actor).catch(() => undefined);
    throw err;
  }
  input.onPhase?.('publishing');
  let published = true;
  let publishError: string | null = null;
  try {
    await services.publisher.publishNow(zone.id);
  } catch (err) {
    published = false;
    publishError = (err as Error).message;
    services.log.error('import: publish failed; it will be retried', { zoneId: zone.id, err });
  }
  const plan = written;
  return { zone: findZone(db, zone.id) ?? zone, imported: plan.imported, skipped: plan.skipped, notes: plan.notes, published, publishError };
}

/**
 * Stages the plan's rows in batches, a turn of the event loop apart, then in one transaction,
 * unless the zone's serial moved from `serial` since the plan's rows were read (then
 * undefined: plan again), writes them with the per-row change marks off (bulkWrite), bumps the
 * serial and runs `audit`. The staged rows are dropped whatever happens.
 */
async function writePlan(services: Services, zone: ZoneRow, plan: ImportPlan, serial: number | undefined, audit: () => void): Promise<ImportPlan | undefined> {
  const { db } = services;
  const staging = createImportStaging(db);
  try {
    for (const batch of plan.batches) {
      staging.stage(batch);
      await nextTurn();
    }
    return db.transaction(() => {
      if (findZone(db, zone.id)?.serial !== serial) return undefined;
      const continuesSerial = plan.sourceSerial !== undefined && serial !== undefined && plan.sourceSerial > serial;
      if (plan.changed) bulkWrite(db, zone.id, () => staging.apply(zone.id));
      if (plan.changed || continuesSerial) bumpSerial(db, zone.id, services.now().toISOString(), plan.sourceSerial);
      audit();
      return plan;
    })();
  } finally {
    staging.drop();
  }
}
