// CLI: writes a dnsperf query file ("name TYPE" per line) for the mix, all-hits, half-NXDOMAIN or reload workload.
import { parseFlags } from '../../bin/cli/flags.js';
import { LineWriter } from './line-writer.js';
import { drawQuestion } from './mix-zone.js';
import type { QuestionClass } from './mix-zone.js';
import { seededInt } from './prng.js';
import type { Question } from './question.js';
import { drawReloadQuestion, reloadIndexes } from './reload-zone.js';

const USAGE = 'usage: gen-queries mix|hits|halfnx|reload --out FILE [--lines N] [--records N (reload)]';

/** Percent of each outcome class per workload; the mix follows the spread issue 6 describes. */
const WEIGHTS: Record<'mix' | 'hits' | 'halfnx', ReadonlyArray<[QuestionClass, number]>> = {
  mix: [['hit', 40], ['nodata', 15], ['nxdomain', 20], ['wildcard', 15], ['referral', 10]],
  hits: [['hit', 100]],
  halfnx: [['hit', 50], ['nxdomain', 50]],
};

function pickClass(weights: ReadonlyArray<[QuestionClass, number]>, int: (n: number) => number): QuestionClass {
  let r = int(100);
  for (const [kind, weight] of weights) {
    if (r < weight) return kind;
    r -= weight;
  }
  return weights[0]![0];
}

function main(argv: readonly string[]): void {
  const { values, positional } = parseFlags(argv, ['out', 'lines', 'records']);
  const out = values.get('out')?.at(-1);
  const kind = positional[0];
  const lines = Number(values.get('lines')?.at(-1) ?? 100_000);
  if (out === undefined || positional.length !== 1 || !Number.isInteger(lines) || lines < 1) throw new Error(USAGE);
  const int = seededInt(0x5eed + lines);
  let draw: () => Question;
  if (kind === 'mix' || kind === 'hits' || kind === 'halfnx') {
    const weights = WEIGHTS[kind];
    draw = () => drawQuestion(pickClass(weights, int), int);
  } else if (kind === 'reload') {
    const records = Number(values.get('records')?.at(-1));
    if (!Number.isInteger(records) || records < 1) throw new Error(`--records is required for reload (${USAGE})`);
    const indexes = reloadIndexes(records);
    draw = () => drawReloadQuestion(indexes, int);
  } else throw new Error(USAGE);
  const writer = new LineWriter(out);
  for (let n = 0; n < lines; n++) {
    const q = draw();
    writer.line(`${q.name} ${q.type}`);
  }
  writer.close();
}

try {
  main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`gen-queries: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
