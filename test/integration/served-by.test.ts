// "Served by N of M nameservers" (issue 29): every nameserver counts, the embedded edge of `dnscove start` included, and the ones behind are named.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EdgeList } from '../../shared/schemas/edges.js';
import type { ZoneJson } from '../../shared/schemas/zones.js';
import { api, devLogin } from '../helpers/control-harness.js';
import { startDnscove } from '../helpers/dnscove-process.js';
import type { DnscoveProcess } from '../helpers/dnscove-process.js';
import { askEdge, dnscoveCli, startEdgeProcess, writePubkey } from '../helpers/remote-edges.js';
import type { EdgeProcess, EdgeSpec } from '../helpers/remote-edges.js';
import { waitUntil } from '../helpers/wait-until.js';

const ORIGIN = 'served-by.test';

let dir: string;
let dnscove: DnscoveProcess;
let session: string;
let spec: EdgeSpec;
let edge: EdgeProcess;
let zone: ZoneJson;

const zoneEdges = async (): Promise<ZoneJson['edges']> => ((await api(dnscove.apiUrl, 'GET', `/api/zones/${zone.id}`, { token: session })).json as ZoneJson).edges;

const change = async (address: string): Promise<void> => {
  const res = await api(dnscove.apiUrl, 'POST', `/api/zones/${zone.id}/records`, { token: session, body: { name: `www.${ORIGIN}`, type: 'A', records: [address] } });
  expect(res.status, res.text).toBe(200);
  await waitUntil(async () => (await askEdge(dnscove.dnsPort, `www.${ORIGIN}`, 'A')).values.includes(address), { what: 'the embedded edge to serve the change' });
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-served-by-'));
  const dataDir = join(dir, 'data');
  dnscove = await startDnscove({}, { dataDir });
  ({ session } = await devLogin(dnscove.apiUrl, 'ops@served-by.test'));
  const pubkeyFile = await writePubkey(dataDir, dir);
  const key = (await dnscoveCli(['edge-key', 'create', 'ns3', '--data', dataDir])).trim();
  spec = { name: 'ns3', key, snapshotsUrl: `${dnscove.apiUrl}/`, cacheDir: join(dir, 'ns3'), pubkeyFile };
  edge = await startEdgeProcess(spec);
  zone = (await api(dnscove.apiUrl, 'POST', '/api/zones', { token: session, body: { origin: ORIGIN } })).json as ZoneJson;
}, 60_000);

afterAll(async () => {
  await edge?.child.stop();
  await dnscove?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('which nameservers serve a zone', () => {
  it('counts the embedded edge beside the remote one', async () => {
    await waitUntil(async () => (await zoneEdges()).in_sync === 2, { what: 'both nameservers to serve the new zone' });
    expect(await zoneEdges()).toEqual({ total: 2, in_sync: 2, lagging: [] });
  });

  it('names a remote edge that has not caught up, and counts it again once it has', async () => {
    await edge.child.stop();
    await change('192.0.2.31');
    expect(await zoneEdges()).toEqual({ total: 2, in_sync: 1, lagging: ['ns3'] });
    edge = await startEdgeProcess({ ...spec, port: edge.port });
    await waitUntil(async () => (await askEdge(edge.port, `www.${ORIGIN}`, 'A')).values.includes('192.0.2.31'), { what: 'the remote edge to catch up' });
    await waitUntil(async () => (await zoneEdges()).in_sync === 2, { what: 'the count to say so' });
    expect(await zoneEdges()).toEqual({ total: 2, in_sync: 2, lagging: [] });
  });

  it('GET /api/edges names the zones an edge process lags on, with the serial it serves and the one published', async () => {
    const ns3 = async (): Promise<EdgeList['edges'][number]> => {
      const list = (await api(dnscove.apiUrl, 'GET', '/api/edges', { token: session })).json as EdgeList;
      return list.edges.find((e) => e.name === 'ns3' && e.connected)!;
    };
    await waitUntil(async () => (await ns3())?.zones_lagging === 0, { what: 'ns3 to report every zone current' });
    const before = ((await api(dnscove.apiUrl, 'GET', `/api/zones/${zone.id}`, { token: session })).json as ZoneJson).published_serial;
    // Frozen, the edge cannot fetch the change nor report: its last report says what it serves.
    process.kill(edge.child.pid, 'SIGSTOP');
    try {
      await change('192.0.2.32');
      const after = ((await api(dnscove.apiUrl, 'GET', `/api/zones/${zone.id}`, { token: session })).json as ZoneJson).published_serial;
      expect(after).toBeGreaterThan(before);
      const lagging = await ns3();
      expect(lagging.zones_lagging).toBe(1);
      expect(lagging.lagging_zones).toEqual([{ zone: `${ORIGIN}.`, serving: before, published: after }]);
    } finally {
      process.kill(edge.child.pid, 'SIGCONT');
    }
    await waitUntil(async () => (await ns3()).zones_lagging === 0, { what: 'ns3 to catch up and say so' });
    expect((await ns3()).lagging_zones).toEqual([]);
  });
});
