// CLI: waits until a server answers the last zone and a seeded sample of the others correctly; prints when.
import { parseFlags } from '../../bin/cli/flags.js';
import { processAlive } from '../edge/process-alive.js';
import { seededInt } from '../edge/prng.js';
import { UdpProber } from '../edge/udp-prober.js';
import { probeQuestion } from './zone-model.js';

const USAGE = 'usage: wait-zones --port P --zones N [--sample K] [--seed S] [--timeout SECONDS] [--exit-pid PID]';

/**
 * Asks every question still unanswered (zone N's www A first, then K distinct random zones),
 * all at once, every 5 ms (each try waits up to 100 ms), until each has had a NOERROR, AA
 * answer carrying its address; a zone answered once is not asked again (servers that load
 * zones in parallel, such as Knot, may finish the last zone before others). Prints
 * "LAST_MS ALL_MS" (epoch ms when zone N, and when the whole set, had been answered) and
 * exits 0; exits 1 on the deadline or when --exit-pid stops existing.
 */
async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseFlags(argv, ['port', 'zones', 'sample', 'seed', 'timeout', 'exit-pid']);
  const get = (k: string): string | undefined => values.get(k)?.at(-1);
  const port = Number(get('port'));
  const zones = Number(get('zones'));
  const sample = Math.min(Number(get('sample') ?? 50), zones - 1);
  const timeoutS = Number(get('timeout') ?? 600);
  const watchPid = get('exit-pid') === undefined ? undefined : Number(get('exit-pid'));
  if (!Number.isInteger(port) || !Number.isInteger(zones) || zones < 1 || !(sample >= 0) || !(timeoutS > 0)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const next = seededInt(Number(get('seed') ?? 7));
  const chosen = new Set<number>([zones]);
  while (chosen.size < sample + 1) chosen.add(1 + next(zones - 1));
  const waiting = new Map([...chosen].map((i) => [i, probeQuestion(i, 0)]));
  const prober = await UdpProber.open('127.0.0.1', port);
  const deadline = Date.now() + timeoutS * 1000;
  let lastMs: number | undefined;
  try {
    while (Date.now() < deadline) {
      await Promise.all(
        [...waiting].map(async ([i, q]) => {
          const reply = await prober.ask(q.name, q.type, 100);
          if (reply === null || reply.rcode !== 0 || !reply.aa) return;
          if (!reply.answers.some((r) => r.name === q.name && r.type === q.type && r.data === q.value)) return;
          waiting.delete(i);
          if (i === zones) lastMs = Date.now();
        }),
      );
      if (waiting.size === 0) {
        process.stdout.write(`${lastMs ?? Date.now()} ${Date.now()}\n`);
        return 0;
      }
      if (watchPid !== undefined && !processAlive(watchPid)) {
        process.stderr.write(`wait-zones: process ${watchPid} exited with ${waiting.size} zone(s) unanswered\n`);
        return 1;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    prober.close();
  }
  process.stderr.write(`wait-zones: ${waiting.size} zone(s) unanswered after ${timeoutS} s (e.g. ${[...waiting.values()][0]?.name})\n`);
  return 1;
}

process.exitCode = await main(process.argv.slice(2));
