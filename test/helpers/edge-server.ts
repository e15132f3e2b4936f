// Starts the DNSCove edge as a black box through its CLI: build snapshots, then serve them.
import { access, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild } from './child-server.js';
import type { ChildServer } from './child-server.js';
import { freePort } from './free-port.js';
import { waitUntil } from './wait-until.js';
import type { ZoneFixture } from './zone-fixture.js';
import { decodeSnapshot, encodeSnapshot, snapshotChecksum } from '../../shared/snapshot/codec.js';
import { encodeDelta } from '../../shared/snapshot/delta.js';
import { encodeJournalHeader, JOURNAL_SUFFIX } from '../../shared/snapshot/journal.js';
import { SNAPSHOT_SUFFIX } from '../../shared/snapshot/snapshot-file.js';
import type { UdpImplementation } from '../../edge/server/native-udp.js';

/**
 * How the edge gets each zone: as built ('snapshot'), or as a snapshot of part of it with the
 * rest added by journal deltas ('journal': the path a published change takes), or every other
 * zone each way ('mixed'). What is served is the same zone content either way.
 */
export type ZoneDelivery = 'snapshot' | 'journal' | 'mixed';

/** The repository root, found from this file (test/helpers/ in the source tree or dist/). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), fileURLToPath(import.meta.url).includes('/dist/') ? '../../..' : '../..');
const CLI = join(REPO_ROOT, 'bin', 'dnscove.js');
const BUILT_MAIN = join(REPO_ROOT, 'dist', 'bin', 'cli', 'main.js');

/** A running edge: its port, its output, and how to stop it. */
export interface EdgeServer {
  readonly port: number;
  readonly child: ChildServer;
  /** Everything the edge wrote so far, stdout then stderr (its log lines may go to either). */
  output(): string;
  readonly snapshotsDir: string;
  /** Stops the edge (SIGTERM, by PID) and removes its snapshot directory. Idempotent. */
  stop(): Promise<void>;
}

async function requireBuild(): Promise<void> {
  try {
    await access(BUILT_MAIN);
  } catch {
    throw new Error(`the CLI is not built (${BUILT_MAIN} is missing): run "npx tsc -p tsconfig.json" first (npm test does)`);
  }
}

/**
 * Runs `dnscove snapshot build --zone FILE ... --out DIR` and resolves when it exits 0;
 * throws with its output otherwise.
 */
export async function buildSnapshots(zones: readonly ZoneFixture[], outDir: string): Promise<void> {
  await requireBuild();
  const args = [CLI, 'snapshot', 'build', ...zones.flatMap((z) => ['--zone', z.file]), '--out', outDir];
  const child = await startChild('snapshot build', process.execPath, args, REPO_ROOT);
  await waitUntil(() => child.exitStatus() !== null, { what: 'snapshot build to finish', timeoutMs: 30_000 });
  const status = child.exitStatus();
  if (status?.code !== 0) {
    throw new Error(`snapshot build failed (${JSON.stringify(status)}):\n${child.stdout()}${child.stderr()}`);
  }
}

/** The banner's words for each UDP path (bin/cli/edge.ts): the helper checks the edge runs the one asked for. */
const UDP_BANNER: Record<UdpImplementation, string> = { native: 'UDP by the batching module', dgram: 'UDP by node:dgram' };

/**
 * Builds snapshots of `zones` into a temp directory and starts `dnscove edge` on a free
 * 127.0.0.1 port, answering UDP by the batching module or by node:dgram (DNSCOVE_UDP);
 * resolves once it prints "edge listening" (on stderr, or stdout) naming that UDP path.
 */
export async function startEdge(zones: readonly ZoneFixture[], delivery: ZoneDelivery = 'snapshot', udp: UdpImplementation = 'native'): Promise<EdgeServer> {
  // The free port can be taken between the probe and the edge's bind: try a fresh one then.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startEdgeOnce(zones, delivery, udp);
    } catch (err) {
      if (attempt >= 3 || !/EADDRINUSE|already in use/i.test((err as Error).message)) throw err;
    }
  }
}

async function startEdgeOnce(zones: readonly ZoneFixture[], delivery: ZoneDelivery, udp: UdpImplementation): Promise<EdgeServer> {
  const snapshotsDir = await mkdtemp(join(tmpdir(), 'dnscove-edge-'));
  try {
    await buildSnapshots(zones, snapshotsDir);
    if (delivery !== 'snapshot') await splitIntoJournals(snapshotsDir, delivery === 'mixed');
  } catch (err) {
    await rm(snapshotsDir, { recursive: true, force: true });
    throw err;
  }
  const port = await freePort();
  const env = { ...process.env, DNSCOVE_UDP: udp };
  const child = await startChild('edge', process.execPath, [CLI, 'edge', '--snapshots', snapshotsDir, '--listen', `127.0.0.1:${port}`], REPO_ROOT, env);
  const stop = async (): Promise<void> => {
    await child.stop();
    await rm(snapshotsDir, { recursive: true, force: true });
  };
  try {
    await waitUntil(
      // The contract says stderr; accept stdout too so a misplaced line is not a hang.
      () => child.exitStatus() !== null || (child.stderr() + child.stdout()).includes('edge listening'),
      { what: 'the edge to print "edge listening"', timeoutMs: 20_000 },
    );
    if (child.exitStatus() !== null) throw new Error(`edge exited: ${JSON.stringify(child.exitStatus())}`);
    if (!child.stdout().includes(UDP_BANNER[udp])) throw new Error(`the edge does not say "${UDP_BANNER[udp]}"`);
  } catch (err) {
    const output = child.stdout() + child.stderr();
    await stop();
    throw new Error(`edge did not start: ${(err as Error).message}\n--- edge output ---\n${output}`, { cause: err });
  }
  return { port, child, snapshotsDir, stop, output: () => child.stdout() + child.stderr() };
}

/**
 * Rewrites each snapshot in `dir` (every other one when `alternate`) as a snapshot without
 * every other name and a journal of deltas of three RRsets each adding those names back, so the
 * edge serves the zone through its delta overlay. A delta puts a new RRset in type order, as a
 * snapshot written from the database is; only names whose RRsets the zone file lists in type
 * order move, so the content served, RRset order included, stays the zone file's.
 */
async function splitIntoJournals(dir: string, alternate: boolean): Promise<void> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(SNAPSHOT_SUFFIX)).sort();
  for (const [i, file] of files.entries()) {
    if (alternate && i % 2 === 1) continue;
    const zone = decodeSnapshot(await readFile(join(dir, file)));
    const types = new Map<string, number[]>();
    for (const r of zone.rrsets) types.set(r.name, [...(types.get(r.name) ?? []), r.type]);
    const movable = [...types].filter(([name, t]) => name !== zone.origin && t.every((type, n) => n === 0 || type > t[n - 1]!)).map(([name]) => name);
    const moved = new Set(movable.filter((_, n) => n % 2 === 1));
    const later = zone.rrsets.filter((r) => moved.has(r.name));
    const base = encodeSnapshot({ origin: zone.origin, rrsets: zone.rrsets.filter((r) => !moved.has(r.name)) });
    const journal: Buffer[] = [encodeJournalHeader({ baseChecksum: Buffer.from(snapshotChecksum(base)), baseSeq: 1 })];
    for (let at = 0; at < later.length; at += 3) {
      const rrsets = later.slice(at, at + 3);
      journal.push(encodeDelta({ origin: zone.origin, seq: 2 + at / 3, serial: 0, rrsets }));
    }
    await writeFile(join(dir, file), base);
    await writeFile(join(dir, file.slice(0, -SNAPSHOT_SUFFIX.length) + JOURNAL_SUFFIX), Buffer.concat(journal));
  }
}
