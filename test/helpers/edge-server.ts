// Starts the DNSCove edge as a black box through its CLI: build snapshots, then serve them.
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild } from './child-server.js';
import type { ChildServer } from './child-server.js';
import { freePort } from './free-port.js';
import { waitUntil } from './wait-until.js';
import type { ZoneFixture } from './zone-fixture.js';

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

/**
 * Builds snapshots of `zones` into a temp directory and starts `dnscove edge` on a free
 * 127.0.0.1 port; resolves once it prints "edge listening" (on stderr, or stdout).
 */
export async function startEdge(zones: readonly ZoneFixture[]): Promise<EdgeServer> {
  // The free port can be taken between the probe and the edge's bind: try a fresh one then.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startEdgeOnce(zones);
    } catch (err) {
      if (attempt >= 3 || !/EADDRINUSE|already in use/i.test((err as Error).message)) throw err;
    }
  }
}

async function startEdgeOnce(zones: readonly ZoneFixture[]): Promise<EdgeServer> {
  const snapshotsDir = await mkdtemp(join(tmpdir(), 'dnscove-edge-'));
  try {
    await buildSnapshots(zones, snapshotsDir);
  } catch (err) {
    await rm(snapshotsDir, { recursive: true, force: true });
    throw err;
  }
  const port = await freePort();
  const child = await startChild('edge', process.execPath, [CLI, 'edge', '--snapshots', snapshotsDir, '--listen', `127.0.0.1:${port}`], REPO_ROOT);
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
  } catch (err) {
    const output = child.stdout() + child.stderr();
    await stop();
    throw new Error(`edge did not start: ${(err as Error).message}\n--- edge output ---\n${output}`, { cause: err });
  }
  return { port, child, snapshotsDir, stop, output: () => child.stdout() + child.stderr() };
}
