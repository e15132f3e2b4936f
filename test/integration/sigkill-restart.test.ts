// Killed outright (SIGKILL, no chance to clean up) and started again: a control plane in
// `control` mode and a remote edge of two workers (issue 31). The edge serves its cache while
// the control plane is gone and picks the feed up again; an edge's workers do not outlive their
// primary, so the edge starts again on the same port, serving its cache at once.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, devLogin } from '../helpers/control-harness.js';
import { freePort } from '../helpers/free-port.js';
import { askEdge, dnscoveCli, startControlProcess, startEdgeProcess, writePubkey } from '../helpers/remote-edges.js';
import type { ControlProcess, EdgeProcess, EdgeSpec } from '../helpers/remote-edges.js';
import { waitUntil } from '../helpers/wait-until.js';

const ORIGIN = 'sigkill.test';
const NAME = `www.${ORIGIN}`;

let dir: string;
let control: ControlProcess | undefined;
let edge: EdgeProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-sigkill-'));
});

afterAll(async () => {
  await edge?.child.stop();
  await control?.child.stop();
  await rm(dir, { recursive: true, force: true });
});

const serves = async (port: number, address: string): Promise<boolean> => (await askEdge(port, NAME, 'A').catch(() => ({ values: [] as string[] }))).values.includes(address);

describe('SIGKILL and restart', () => {
  it('of the control plane and of a remote edge: nothing served is lost, nothing is left holding a port', async () => {
    const dataDir = join(dir, 'data');
    const httpPort = await freePort();
    control = await startControlProcess(dataDir, httpPort);
    const pubkeyFile = await writePubkey(dataDir, dir);
    const key = (await dnscoveCli(['edge-key', 'create', 'ns3', '--data', dataDir])).trim();
    const spec: EdgeSpec = { name: 'ns3', key, snapshotsUrl: `${control.url}/`, cacheDir: join(dir, 'ns3'), pubkeyFile, workers: 2 };
    edge = await startEdgeProcess(spec);
    const { session } = await devLogin(control.url, 'ops@sigkill.test');
    const zone = (await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: ORIGIN } })).json as { id: string };
    const setA = async (address: string): Promise<void> => {
      const res = await api(control!.url, 'POST', `/api/zones/${zone.id}/records`, { token: session, body: { name: NAME, type: 'A', records: [address] } });
      expect(res.status, res.text).toBe(200);
      const port = edge!.port;
      await waitUntil(() => serves(port, address), { what: `the edge to serve ${address}` });
    };
    await setA('192.0.2.1');

    // The control plane killed: the edge keeps serving what it has.
    process.kill(control.child.pid, 'SIGKILL');
    await waitUntil(() => control!.child.exitStatus() !== null, { what: 'the control plane to die' });
    expect(await serves(edge.port, '192.0.2.1')).toBe(true);
    control = await startControlProcess(dataDir, httpPort);
    await setA('192.0.2.2');

    // The edge killed (its primary; the workers must follow), then started on the same port and cache.
    const port = edge.port;
    process.kill(edge.child.pid, 'SIGKILL');
    await waitUntil(() => edge!.child.exitStatus() !== null, { what: 'the edge to die' });
    await waitUntil(async () => !(await serves(port, '192.0.2.2')), { what: 'its workers to stop answering' });
    edge = await startEdgeProcess({ ...spec, port });
    expect(await serves(port, '192.0.2.2'), 'the cache is served at once').toBe(true);
    await setA('192.0.2.3');
  });
});
