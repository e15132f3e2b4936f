// Benchmark of compiling a big zone file: `dnscove snapshot build` beside `nsd-checkzone` (NSD
// parsing and checking the same file into memory), each timed with its peak RSS.
//
// Run: npm run build && node dist/bench/snapshot-build.js [--records 1000000] [--rounds 3]
// Writes the big zone of bench/edge.sh (`--records` records), then runs the two programs in
// turn, `--rounds` times each (interleaved, so load from elsewhere falls on both alike), under
// /usr/bin/time (Debian's `time` package) for wall time and maximum RSS; prints each run and
// the medians with their ratio.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFlags } from '../bin/cli/flags.js';
import { BIG_ORIGIN, writeBigZone } from './edge/big-zone.js';
import { LineWriter } from './edge/line-writer.js';

interface Run {
  readonly seconds: number;
  readonly rssMb: number;
}

/** One run of `command` under /usr/bin/time: wall seconds and peak RSS; throws when it fails. */
function timed(command: string, args: readonly string[]): Run {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed (${result.status}): ${result.stderr}`);
  const [seconds, kb] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: seconds!, rssMb: Math.round(kb! / 1024) };
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), ['records', 'rounds']);
  const records = Number(flags.values.get('records')?.at(-1) ?? 1_000_000);
  const rounds = Number(flags.values.get('rounds')?.at(-1) ?? 3);
  const dir = await mkdtemp(join(tmpdir(), 'dnscove-bench-build-'));
  try {
    const zone = join(dir, 'big.zone');
    const out = new LineWriter(zone);
    writeBigZone(out, records);
    out.close();
    const bytes = (await readFile(zone)).length;
    const dnscove = fileURLToPath(new URL('../../bin/dnscove.js', import.meta.url));
    const ours: Run[] = [];
    const nsd: Run[] = [];
    for (let i = 0; i < rounds; i++) {
      ours.push(timed(process.execPath, [dnscove, 'snapshot', 'build', '--zone', zone, '--out', join(dir, 'out')]));
      nsd.push(timed('nsd-checkzone', [BIG_ORIGIN.slice(0, -1), zone]));
    }
    const show = (runs: readonly Run[]): string => runs.map((r) => `${r.seconds.toFixed(2)} s ${r.rssMb} MB`).join(', ');
    const [t, m, nt, nm] = [median(ours.map((r) => r.seconds)), median(ours.map((r) => r.rssMb)), median(nsd.map((r) => r.seconds)), median(nsd.map((r) => r.rssMb))];
    process.stdout.write(
      `zone file of ${records.toLocaleString('en')} records (${(bytes / 1e6).toFixed(1)} MB), node ${process.version}, ${rounds} rounds\n` +
        `  dnscove snapshot build  ${show(ours)}\n` +
        `  nsd-checkzone           ${show(nsd)}\n` +
        `  medians: dnscove ${t.toFixed(2)} s ${m} MB, NSD ${nt.toFixed(2)} s ${nm} MB; time ${(t / nt).toFixed(2)}× NSD's, RSS ${(m / nm).toFixed(2)}× NSD's\n`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
