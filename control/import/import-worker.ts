// The worker thread an import is read and planned in: parsing a zone of a million records and
// checking every RRset takes tens of seconds, which must not stall the control plane (nor,
// under `dnscove start`, the edge in the same process). It holds the adapter's result between
// the two steps, so only the origin and then the plan cross back.
import { parentPort } from 'node:worker_threads';
import { isProblemError, PROBLEM_BASE } from '../errors/problem-error.js';
import { importProblem } from './import-problem.js';
import { planImport } from './import-plan.js';
import type { ImportResult } from './import-result.js';
import type { FromImportWorker, ToImportWorker } from './import-worker-protocol.js';
import { importRoute53 } from './route53/import-route53.js';
import { importZoneFile } from './zonefile/import-zone-file.js';
import { importRecords } from './import-records.js';

const port = parentPort;
if (port === null) throw new Error('import-worker: not started as a worker thread');

let result: ImportResult | undefined;

function answer(work: () => FromImportWorker): void {
  let reply: FromImportWorker;
  try {
    reply = work();
  } catch (err) {
    const problem = importProblem(err);
    reply = isProblemError(problem)
      ? { kind: 'failed', message: problem.message, problem: { status: problem.status, slug: problem.type.slice(PROBLEM_BASE.length), title: problem.title, detail: problem.detail, ...(problem.extra === undefined ? {} : { extra: problem.extra }) } }
      : { kind: 'failed', message: (err as Error).message, problem: undefined };
  }
  port!.postMessage(reply);
}

port.on('message', (message: ToImportWorker) => {
  answer(() => {
    if (message.kind === 'read') {
      const options = message.origin === undefined ? {} : { origin: message.origin };
      result =
        message.source === 'zonefile'
          ? importZoneFile(message.text, options)
          : message.source === 'route53'
            ? importRoute53(message.json, options)
            : importRecords(message.origin, message.records, () => '');
      return { kind: 'read', origin: result.origin, rrsets: result.rrsets.length };
    }
    if (result === undefined) throw new Error('import-worker: plan before read');
    return { kind: 'planned', plan: planImport(result.origin, result, message.current, message.replace) };
  });
});
