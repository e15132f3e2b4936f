// What an import would write, decided from the adapter's result and the zone as it is: pure,
// so it can run away from the control plane's event loop (import-worker.ts).
import { labelCount } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType, rrTypeToText } from '../../shared/dns/rr-type.js';
import { ValidationError } from '../errors/catalogue.js';
import { parseChange } from '../records/parse-change.js';
import { planChanges } from '../records/plan-changes.js';
import type { RRsetDiff } from '../records/plan-changes.js';
import type { RRsetChange, RRsetData } from '../records/rrset-change.js';
import type { StagedRow } from '../store/import-staging.js';
import type { ImportNote, ImportResult, SkippedRecord } from './import-result.js';

/** Staged rows per batch: enough that a batch is one quick statement, few enough that it never holds the event loop long. */
const BATCH_ROWS = 20_000;

export interface ImportPlan {
  /** The RRsets to write or delete, as batches of staged rows (JSON text of StagedRow arrays, import-staging.ts). */
  readonly batches: readonly string[];
  /** False when the import changes nothing. */
  readonly changed: boolean;
  /** RRsets the import writes. */
  readonly imported: number;
  /** The adapter's skipped entries plus RRsets the zone rules refused. */
  readonly skipped: readonly SkippedRecord[];
  readonly notes: readonly ImportNote[];
  /** The source's serial (ImportResult.serial), for the zone's serial to go on from. */
  readonly sourceSerial?: number;
}

const INDEX = /^#([0-9]+)\./;

/**
 * Validates each imported RRset exactly as the records API would (parseChange: allowed types,
 * TTL bounds, values) and the zone rules on the whole (planChanges: CNAME alone, nothing
 * occluded below delegations); an RRset that breaks them is skipped with the reason, the rest
 * is written. Returns the changes to apply and the extra skipped entries.
 */
function acceptedChanges(origin: Name, result: ImportResult, existing: readonly RRsetData[], replace: boolean): { changes: RRsetChange[]; labels: string[]; skipped: SkippedRecord[] } {
  const skipped: SkippedRecord[] = [];
  const upserts: { change: RRsetChange; label: string }[] = [];
  result.rrsets.forEach((set, i) => {
    try {
      const change = parseChange({ action: 'UPSERT', name: set.name, type: rrTypeToText(set.type), ttl: set.ttl, records: [...set.records] }, origin, '');
      upserts.push({ change, label: `#${i}.` });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      skipped.push({ name: set.name, type: rrTypeToText(set.type), reason: err.detail });
    }
  });
  const deletes: RRsetChange[] = replace
    ? existing
        .filter((r) => !(r.name === origin && (r.type === RRType.SOA || r.type === RRType.NS)))
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
      planChanges(origin, existing, changes, labels);
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
 * The plan of importing `result` into the zone `origin` whose RRsets are `current`: with
 * `replace`, every RRset but the apex SOA and NS goes first. Throws ValidationError only for a
 * conflict no single RRset can be blamed for.
 */
export function planImport(origin: Name, result: ImportResult, current: readonly RRsetData[], replace: boolean): ImportPlan {
  const plan = acceptedChanges(origin, result, current, replace);
  const diffs = planChanges(origin, current, plan.changes, plan.labels);
  return { batches: stagedBatches(diffs), changed: diffs.length > 0, imported: plan.changes.filter((c) => c.action === 'UPSERT').length, skipped: [...result.skipped, ...plan.skipped], notes: result.notes, ...(result.serial === undefined ? {} : { sourceSerial: result.serial }) };
}

function stagedBatches(diffs: readonly RRsetDiff[]): string[] {
  const batches: string[] = [];
  for (let i = 0; i < diffs.length; i += BATCH_ROWS) {
    const rows: StagedRow[] = diffs.slice(i, i + BATCH_ROWS).map((d) => (d.after === undefined ? [d.name, d.type, null, null] : [d.name, d.type, d.after.ttl, JSON.stringify(d.after.records)]));
    batches.push(JSON.stringify(rows));
  }
  return batches;
}
