// Stopping with remote edges connected (issue 29): the control plane and a remote edge each exit
// soon after SIGTERM, whatever long-poll or kept-alive connection is open. The bound below is a
// hang check (before: over 60 s for the control plane, about 25 s for the edge), not a speed test.
// One edge runs without --name: its key names it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, devLogin } from '../helpers/control-harness.js';
import { freePort } from '../helpers/free-port.js';
import { askEdge, dnscoveCli, startControlProcess, startEdgeProcess, writePubkey } from '../helpers/remote-edges.js';
import type { ControlProcess, EdgeProcess } from '../helpers/remote-edges.js';
import { waitUntil } from '../helpers/wait-until.js';

/** Far below the old waits, far above any machine's stop. */
const STOP_BOUND_MS = 10_000;

describe('SIGTERM with a remote edge connected', () => {
  let dir: string;
  let control: ControlProcess;
  /** Stopped first, while it holds its long-poll. */
  let leaving: EdgeProcess;
  /** Still connected when the control plane stops. */
  let edge: EdgeProcess;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dnscove-stop-'));
    const dataDir = join(dir, 'data');
    control = await startControlProcess(dataDir, await freePort());
    const pubkeyFile = await writePubkey(dataDir, dir);
    const start = async (name: string, withoutName: boolean): Promise<EdgeProcess> => {
      const key = (await dnscoveCli(['edge-key', 'create', name, '--data', dataDir])).trim();
      return startEdgeProcess({ name, key, snapshotsUrl: `${control.url}/`, cacheDir: join(dir, name), pubkeyFile, withoutName });
    };
    leaving = await start('ns-leaving', false);
    // Without --name: the control plane knows it by its key's name.
    edge = await start('ns-staying', true);
    // The edge is connected: it has reported and holds its long-poll.
    await waitUntil(async () => (await (await fetch(`${control.url}/healthz`)).text()).includes('ok'), { what: 'the control plane to answer' });
    const { session } = await devLogin(control.url, 'operator@stop.test');
    await waitUntil(
      async () => {
        const edges = (await api(control.url, 'GET', '/api/edges', { token: session })).json as { edges: { name: string; connected: boolean }[] };
        return ['ns-leaving', 'ns-staying'].every((name) => edges.edges.some((e) => e.name === name && e.connected));
      },
      { what: 'both edges to report to the control plane' },
    );
  }, 60_000);

  afterAll(async () => {
    await leaving?.child.stop(1_000);
    await edge?.child.stop(1_000);
    await control?.child.stop(1_000);
    await rm(dir, { recursive: true, force: true });
  });

  it('a remote edge exits without waiting out the long-poll it holds', async () => {
    process.kill(leaving.child.pid, 'SIGTERM');
    await waitUntil(() => leaving.child.exitStatus() !== null, { what: 'the edge to exit after SIGTERM', timeoutMs: STOP_BOUND_MS });
    expect(leaving.child.exitStatus()?.code).toBe(0);
  });

  it('the control plane exits with the other edge connected, and that edge keeps serving its cache meanwhile', async () => {
    process.kill(control.child.pid, 'SIGTERM');
    await waitUntil(() => control.child.exitStatus() !== null, { what: 'the control plane to exit after SIGTERM', timeoutMs: STOP_BOUND_MS });
    expect(control.child.exitStatus()).toEqual({ code: 0, signal: null });
    expect((await askEdge(edge.port, 'nothing.example.', 'A')).rcode).toBe(5);
  });
});
