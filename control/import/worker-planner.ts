// Reads an import in a worker thread of its own and plans it there (import-worker.ts), so the
// control plane's event loop only copies the input in and the plan out.
import { Worker } from 'node:worker_threads';
import { ProblemError } from '../errors/problem-error.js';
import type { RRsetRow } from '../store/rrsets.js';
import type { ImportPlanner } from './apply-import.js';
import type { ImportPlan } from './import-plan.js';
import type { FromImportWorker, ImportInput, ToImportWorker } from './import-worker-protocol.js';

/**
 * The worker runs compiled JavaScript: beside this module in dist/, or, when this module runs
 * from its TypeScript source (the test runner), the build's copy (npm test builds first).
 */
const WORKER_URL = new URL(import.meta.url.includes('/dist/') ? './import-worker.js' : '../../dist/control/import/import-worker.js', import.meta.url);

export interface WorkerPlanner extends ImportPlanner {
  /** Ends the worker (idempotent); call it when the import is done, whatever the outcome. */
  close(): Promise<void>;
}

/**
 * Starts a worker and has it read `input`. Rejects with the ProblemError the route answers
 * with when the input is refused as a whole, with an Error for anything else.
 */
export async function readInWorker(input: ImportInput): Promise<WorkerPlanner> {
  const worker = new Worker(WORKER_URL);
  let pending: { resolve: (m: FromImportWorker) => void; reject: (e: Error) => void } | undefined;
  worker.on('message', (m: FromImportWorker) => pending?.resolve(m));
  worker.on('error', (err) => pending?.reject(err));
  worker.on('exit', (code) => pending?.reject(new Error(`import worker exited (${code})`)));
  const ask = (message: ToImportWorker): Promise<FromImportWorker> =>
    new Promise<FromImportWorker>((resolve, reject) => {
      pending = { resolve, reject };
      worker.postMessage(message);
    }).then((reply) => {
      pending = undefined;
      if (reply.kind === 'failed') throw reply.problem === undefined ? new Error(reply.message) : new ProblemError(reply.problem);
      return reply;
    });
  const close = async (): Promise<void> => {
    pending = undefined;
    await worker.terminate();
  };
  let read: FromImportWorker;
  try {
    read = await ask({ kind: 'read', ...input });
    if (read.kind !== 'read') throw new Error(`import worker: unexpected ${read.kind}`);
  } catch (err) {
    await close();
    throw err;
  }
  return {
    origin: read.origin,
    rrsets: read.rrsets,
    async plan(current: readonly RRsetRow[], replace: boolean): Promise<ImportPlan> {
      const reply = await ask({ kind: 'plan', current, replace });
      if (reply.kind !== 'planned') throw new Error(`import worker: unexpected ${reply.kind}`);
      return reply.plan;
    },
    close,
  };
}
