// Integration (issue 31): in `dnscove control` mode an ACME answer says "served" only when a
// nameserver serves the value. With its one remote edge killed (SIGKILL), a PRESENT answers a
// 504 problem naming the edge after DNSCOVE_SYNC_TIMEOUT_MS, the value committed; once the edge
// is back, the same PRESENT again answers 200 and the edge serves the value.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/control-harness.js';
import type { ChildServer } from '../helpers/child-server.js';
import { freePort } from '../helpers/free-port.js';
import { askEdge, dnscoveCli, startControlProcess, startEdgeProcess, writePubkey } from '../helpers/remote-edges.js';
import type { ControlProcess, EdgeProcess, EdgeSpec } from '../helpers/remote-edges.js';
import { waitUntil } from '../helpers/wait-until.js';

const ORIGIN = 'not-served.test';
const SYNC_TIMEOUT_MS = 1500;

let dir = '';
let control: ControlProcess;
let spec: EdgeSpec;
let edge: EdgeProcess;
let session = '';
let zoneId = '';
const children: ChildServer[] = [];

const present = (value: string): ReturnType<typeof api> =>
  api(control.url, 'POST', `/api/zones/${zoneId}/acme-challenge`, { token: session, body: { action: 'PRESENT', name: `_acme-challenge.${ORIGIN}.`, value } });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-not-served-'));
  const dataDir = join(dir, 'data');
  control = await startControlProcess(dataDir, await freePort(), { DNSCOVE_SYNC_TIMEOUT_MS: String(SYNC_TIMEOUT_MS) });
  children.push(control.child);
  const key = (await dnscoveCli(['edge-key', 'create', 'ns1', '--data', dataDir])).trim();
  spec = { name: 'ns1', key, snapshotsUrl: `${control.url}/`, cacheDir: join(dir, 'cache'), pubkeyFile: await writePubkey(dataDir, dir) };
  edge = await startEdgeProcess(spec);
  children.push(edge.child);
  const link = (await api(control.url, 'POST', '/api/auth/magic-link', { body: { email: 'not-served@example.com' } })).json as { dev_token: string };
  session = ((await api(control.url, 'POST', '/api/auth/exchange', { body: { token: link.dev_token } })).json as { session: string }).session;
  const zone = await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: ORIGIN } });
  expect(zone.status).toBe(201);
  zoneId = (zone.json as { id: string }).id;
  await waitUntil(async () => (await askEdge(edge.port, ORIGIN, 'A')).rcode === 0, { what: 'the edge to serve the zone', timeoutMs: 15_000 });
}, 60_000);

afterAll(async () => {
  for (const child of children) await child.stop();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('PRESENT on `dnscove control` with its only edge down', () => {
  it('answers 200 while the edge serves the value', async () => {
    const res = await present('a'.repeat(43));
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ edges: { total: 1, in_sync: 1, lagging: [] } });
    expect((await askEdge(edge.port, `_acme-challenge.${ORIGIN}`, 'TXT')).values).toEqual(['a'.repeat(43)]);
  });

  it('answers 504 naming the edge once it is killed, and 200 for the same request once it is back', async () => {
    process.kill(edge.child.pid, 'SIGKILL');
    await waitUntil(() => edge.child.exitStatus() !== null, { what: 'the edge to die' });
    const started = Date.now();
    const refused = await present('b'.repeat(43));
    expect(refused.status, refused.text).toBe(504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(SYNC_TIMEOUT_MS - 100);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.json).toMatchObject({ status: 504, detail: expect.stringContaining('ns1'), edges: { total: 1, in_sync: 0, lagging: ['ns1'] } });
    // The value is committed: it is in the zone's records.
    const records = (await api(control.url, 'GET', `/api/zones/${zoneId}/records`, { token: session })).json as { records: { name: string; type: string; records: string[] }[] };
    expect(records.records.find((r) => r.name === `_acme-challenge.${ORIGIN}.` && r.type === 'TXT')?.records).toContain(`"${'b'.repeat(43)}"`);

    edge = await startEdgeProcess({ ...spec, port: edge.port });
    children.push(edge.child);
    const retried = await present('b'.repeat(43));
    expect(retried.status, retried.text).toBe(200);
    expect(retried.json).toMatchObject({ changed: false, edges: { in_sync: 1, lagging: [] } });
    expect((await askEdge(edge.port, `_acme-challenge.${ORIGIN}`, 'TXT')).values.sort()).toEqual(['a'.repeat(43), 'b'.repeat(43)]);
  }, 60_000);
});
