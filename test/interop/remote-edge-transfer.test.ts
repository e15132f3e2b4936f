// Remote edges as transfer sources (issue 14): the TSIG keys reach a `dnscove edge --snapshots
// http://...` through its signed feed, so a secondary near it transfers from it; a key minted
// or deleted later is in force there within moments, with no zone changing.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/control-harness.js';
import type { ChildServer } from '../helpers/child-server.js';
import { freePort } from '../helpers/free-port.js';
import { askEdge, dnscoveCli, startControlProcess, startEdgeProcess, writePubkey } from '../helpers/remote-edges.js';
import type { ControlProcess, EdgeProcess } from '../helpers/remote-edges.js';
import { waitUntil } from '../helpers/wait-until.js';

const run = promisify(execFile);
const ORIGIN = 'far.xfr.test';

let dir: string;
let control: ControlProcess;
let edge: EdgeProcess;
let session: string;
const children: ChildServer[] = [];

const mint = async (name: string): Promise<{ id: string; secret: string }> => (await api(control.url, 'POST', '/api/tsig-keys', { token: session, body: { name, scope: 'transfer' } })).json as { id: string; secret: string };

/** kdig's AXFR of the zone from the remote edge, signed with the key. */
async function axfr(keyName: string, secret: string): Promise<string> {
  const args = ['@127.0.0.1', '-p', String(edge.port), '-y', `hmac-sha256:${keyName}:${secret}`, ORIGIN, 'AXFR', '+time=3', '+retry=0'];
  const { stdout, stderr } = await run('kdig', args).catch((err: { stdout: string; stderr: string }) => err);
  return stdout + stderr;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-remote-xfr-'));
  const dataDir = join(dir, 'data');
  control = await startControlProcess(dataDir, await freePort());
  children.push(control.child);
  const pubkey = await writePubkey(dataDir, dir);
  const key = (await dnscoveCli(['edge-key', 'create', 'far', '--data', dataDir])).trim();
  // Two workers: each reads the replicated keys file.
  edge = await startEdgeProcess({ name: 'far', key, snapshotsUrl: `${control.url}/`, cacheDir: join(dir, 'cache'), pubkeyFile: pubkey, workers: 2 });
  children.push(edge.child);
  const link = (await api(control.url, 'POST', '/api/auth/magic-link', { body: { email: 'far@example.com' } })).json as { dev_token: string };
  session = ((await api(control.url, 'POST', '/api/auth/exchange', { body: { token: link.dev_token } })).json as { session: string }).session;
  const zoneId = ((await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: ORIGIN } })).json as { id: string }).id;
  expect((await api(control.url, 'POST', `/api/zones/${zoneId}/records`, { token: session, body: { action: 'UPSERT', name: `www.${ORIGIN}`, type: 'A', ttl: 300, records: ['192.0.2.77'] } })).status).toBe(200);
  await waitUntil(async () => (await askEdge(edge.port, `www.${ORIGIN}`, 'A')).values.includes('192.0.2.77'), { what: 'the remote edge to serve the zone', timeoutMs: 20_000 });
}, 60_000);

afterAll(async () => {
  for (const child of children) await child.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('a remote edge as a transfer source', () => {
  it('answers AXFR with a key minted after it started (kdig verifies every message), keeps the keys private, and refuses the key once it is deleted', async () => {
    const key = await mint('far-secondary.xfr.test');
    await waitUntil(async () => /www\.far\.xfr\.test\.\s+300\s+IN\s+A\s+192\.0\.2\.77/.test(await axfr('far-secondary.xfr.test', key.secret)), {
      what: 'the remote edge to answer the AXFR with the new key',
      timeoutMs: 20_000,
      intervalMs: 250,
    });
    const output = await axfr('far-secondary.xfr.test', key.secret);
    expect(output).not.toMatch(/failed to verify|TSIG error|Transfer failed/i);
    expect((await stat(join(dir, 'cache', 'transfer-keys.json'))).mode & 0o777).toBe(0o600);

    expect((await api(control.url, 'DELETE', `/api/tsig-keys/${key.id}`, { token: session })).status).toBe(204);
    await waitUntil(async () => /NOTAUTH|BADKEY/.test(await axfr('far-secondary.xfr.test', key.secret)), { what: 'the remote edge to refuse the deleted key', timeoutMs: 20_000, intervalMs: 250 });
  });
});
