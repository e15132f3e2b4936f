// The messages between the import routes and the worker thread that reads and plans an import (import-worker.ts).
import type { Name } from '../../shared/dns/name.js';
import type { ProblemInit } from '../errors/problem-error.js';
import type { RRsetRow } from '../store/rrsets.js';
import type { ImportPlan } from './import-plan.js';
import type { WholeRecord } from './import-records.js';

/** What to read: a master file's text, Route 53 JSON (already parsed by the body reader), or the records a zone transfer brought. */
export type ImportInput =
  | { readonly source: 'zonefile'; readonly text: string; readonly origin?: Name }
  | { readonly source: 'route53'; readonly json: unknown; readonly origin?: Name }
  | { readonly source: 'axfr'; readonly records: readonly WholeRecord[]; readonly origin: Name };

export type ToImportWorker =
  | ({ readonly kind: 'read' } & ImportInput)
  /** Plan the import read before against the zone's rows as they are now. */
  | { readonly kind: 'plan'; readonly current: readonly RRsetRow[]; readonly replace: boolean };

export type FromImportWorker =
  | { readonly kind: 'read'; readonly origin: Name; readonly rrsets: number }
  | { readonly kind: 'planned'; readonly plan: ImportPlan }
  /** A problem the route answers with (the input is refused), or a fault (`problem` undefined). */
  | { readonly kind: 'failed'; readonly problem: ProblemInit | undefined; readonly message: string };
