// A remote edge the control plane refuses, or cannot reach, says why in one line and does not spin; several processes of one key each report (issue 29).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/control-harness.js';
import type { ChildServer } from '../helpers/child-server.js';
import { freePort } from '../helpers/free-port.js';
import { startChild } from '../helpers/child-server.js';
import { askEdge, dnscoveCli, spawnEdgeProcess, startControlProcess, startEdgeProcess, writePubkey } from '../helpers/remote-edges.js';
import type { ControlProcess, EdgeSpec } from '../helpers/remote-edges.js';
import { waitUntil } from '../helpers/wait-until.js';

const ORIGIN = 'refused.test';

let dir: string;
let dataDir: string;
let control: ControlProcess;
let pubkey: string;
let session: string;
let good: EdgeSpec;
const children: ChildServer[] = [];

/** Starts an edge that is expected to stop on its own; resolves with its exit code and stderr. */
async function runToExit(spec: EdgeSpec): Promise<{ code: number | null; stderr: string }> {
  const { child } = await spawnEdgeProcess(spec);
  children.push(child);
  await waitUntil(() => child.exitStatus() !== null, { what: `edge ${spec.name} to exit`, timeoutMs: 15_000 });
  return { code: child.exitStatus()!.code, stderr: child.stderr() };
}

/** The log lines (JSON) on an edge's stderr that match `pattern`. */
const logLines = (from: ChildServer | string, pattern: RegExp): string[] =>
  (typeof from === 'string' ? from : from.stderr())
    .split('\n')
    .filter((line) => line.startsWith('{') && pattern.test(line));

/** What an edge wrote on stderr for a person, not its log: the lines that are not JSON. */
const plainLines = (stderr: string): string[] =>
  stderr
    .trim()
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('{'));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-edge-failures-'));
  dataDir = join(dir, 'data');
  control = await startControlProcess(dataDir, await freePort());
  children.push(control.child);
  pubkey = await writePubkey(dataDir, dir);
  const key = (await dnscoveCli(['edge-key', 'create', 'ns3', '--data', dataDir])).trim();
  await dnscoveCli(['edge-key', 'create', 'ns4', '--data', dataDir]);
  good = { name: 'ns3', key, snapshotsUrl: `${control.url}/`, cacheDir: join(dir, 'cache-good'), pubkeyFile: pubkey };
  const link = (await api(control.url, 'POST', '/api/auth/magic-link', { body: { email: 'ops@example.com' } })).json as { dev_token: string };
  session = ((await api(control.url, 'POST', '/api/auth/exchange', { body: { token: link.dev_token } })).json as { session: string }).session;
  const zone = await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: ORIGIN } });
  expect(zone.status).toBe(201);
  const zoneId = (zone.json as { id: string }).id;
  expect((await api(control.url, 'POST', `/api/zones/${zoneId}/records`, { token: session, body: { action: 'UPSERT', name: `www.${ORIGIN}`, type: 'A', records: ['192.0.2.44'] } })).status).toBe(200);
  expect((await api(control.url, 'POST', `/api/zones/${zoneId}/publish`, { token: session })).status).toBe(200);
}, 60_000);

afterAll(async () => {
  for (const child of children) await child.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a remote edge the control plane refuses', () => {
  it('with a key the control plane does not know and nothing cached, exits 2 with one line naming the control plane and the reason', async () => {
    const { code, stderr } = await runToExit({ ...good, name: 'ns3', key: `dnsce_${randomBytes(32).toString('base64url')}`, cacheDir: join(dir, 'cache-badkey') });
    expect(code).toBe(2);
    const lines = plainLines(stderr);
    expect(lines, stderr).toHaveLength(1);
    expect(logLines(stderr, /"level":"(warn|error)"/)).toEqual([]);
    expect(lines[0]).toMatch(new RegExp(`^dnscove edge: the control plane at ${control.url}/ refuses this edge: status: HTTP 401: `));
  });

  it('with another control plane’s public key, exits 2 saying the signature does not verify', async () => {
    const other = join(dir, 'other.pub');
    await writeFile(other, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const { code, stderr } = await runToExit({ ...good, cacheDir: join(dir, 'cache-badpub'), pubkeyFile: other });
    expect(code).toBe(2);
    expect(plainLines(stderr), stderr).toHaveLength(1);
    expect(stderr).toMatch(/refuses this edge: changes \(from 0\): the signature does not verify with the snapshot public key/);
  });

  it('with --name of another key, exits 2 naming the key’s own name', async () => {
    const { code, stderr } = await runToExit({ ...good, name: 'ns4', cacheDir: join(dir, 'cache-badname') });
    expect(code).toBe(2);
    expect(stderr).toMatch(/refuses this edge: status: HTTP 400: this edge key belongs to "ns3"/);
  });

  it('with a cache, serves it, says how many zones it serves and retries with a growing delay instead of exiting', async () => {
    const edge = await startEdgeProcess(good);
    children.push(edge.child);
    await waitUntil(async () => (await askEdge(edge.port, `www.${ORIGIN}`, 'A')).values.includes('192.0.2.44'), { what: 'the good edge to serve the zone' });
    await edge.child.stop();
    const cache = join(dir, 'cache-copy');
    await cp(good.cacheDir, cache, { recursive: true });
    const refused = await startEdgeProcess({ ...good, key: `dnsce_${randomBytes(32).toString('base64url')}`, cacheDir: cache });
    children.push(refused.child);
    await waitUntil(() => logLines(refused.child, /refuses this edge/).length >= 1, { what: 'the refusal to be logged' });
    expect(logLines(refused.child, /refuses this edge/)[0]).toMatch(/HTTP 401: edge feed: a valid, unrevoked edge key \(Bearer dnsce_\.\.\.\) is required; serving the [1-9][0-9]* cached zones; retrying in 1 s/);
    // Three seconds later: tried again at 1 and 3 s, still serving, and the same reason is not logged again (once a minute at most).
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(refused.child.exitStatus()).toBeNull();
    expect((await askEdge(refused.port, `www.${ORIGIN}`, 'A')).values).toEqual(['192.0.2.44']);
    expect(logLines(refused.child, /refuses this edge/)).toHaveLength(1);
    await refused.child.stop();
  });
});

describe('a remote edge that cannot reach the control plane', () => {
  it('names the address and the network error, says it has no zone cached, and backs off', async () => {
    const port = await freePort();
    const edge = await startEdgeProcess({ ...good, snapshotsUrl: `http://127.0.0.1:${port}/`, cacheDir: join(dir, 'cache-unreachable') });
    children.push(edge.child);
    await waitUntil(() => logLines(edge.child, /cannot replicate/).length >= 1, { what: 'the failure to be logged' });
    const [line] = logLines(edge.child, /cannot replicate/);
    expect(line).toMatch(new RegExp(`cannot replicate from the control plane at http://127\\.0\\.0\\.1:${port}/: status: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}; no zone is cached yet, so every query is REFUSED; retrying in 1 s`));
    expect(line).not.toMatch(/serving the cached zones/);
    // Three seconds of a dead control plane: tries at 0, 1 and 3 s, and one log line, not dozens.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(logLines(edge.child, /cannot replicate/)).toHaveLength(1);
    expect(edge.child.exitStatus()).toBeNull();
    await edge.child.stop();
  });
});

describe('several processes with one edge key', () => {
  it('each reports under its own instance, and both show as in sync', async () => {
    const first = await startEdgeProcess({ ...good, cacheDir: join(dir, 'cache-a') });
    const second = await startEdgeProcess({ ...good, cacheDir: join(dir, 'cache-b') });
    children.push(first.child, second.child);
    type Listed = { name: string; instance: string; connected: boolean; zones_behind: number };
    const connected = async (): Promise<Listed[]> =>
      ((await api(control.url, 'GET', '/api/edges', { token: session })).json as { edges: Listed[] }).edges.filter((e) => e.name === 'ns3' && e.connected && e.instance !== '');
    await waitUntil(async () => (await connected()).filter((e) => e.zones_behind === 0).length >= 2, { what: 'both processes to report in sync' });
    const instances = new Set((await connected()).map((e) => e.instance));
    expect(instances.size).toBeGreaterThanOrEqual(2);
    for (const i of instances) expect(i).toMatch(/^[0-9a-f]{12}$/);
    // A restart keeps the instance (it is kept with the cache): no new row.
    await first.child.stop();
    const again = await startEdgeProcess({ ...good, cacheDir: join(dir, 'cache-a'), port: first.port });
    children.push(again.child);
    await waitUntil(async () => (await askEdge(again.port, `www.${ORIGIN}`, 'A')).values.includes('192.0.2.44'), { what: 'the restarted edge to serve' });
    const all = ((await api(control.url, 'GET', '/api/edges', { token: session })).json as { edges: Listed[] }).edges.filter((e) => e.name === 'ns3');
    expect(new Set(all.map((e) => e.instance)).size).toBe(all.length);
    expect(all.length).toBe(new Set([...instances, ...all.map((e) => e.instance)]).size);
  });
});

describe('where the edge key comes from', () => {
  it('--edge-key-file readable by other users is refused; mode 0600 works; --edge-key on the command line is warned about', async () => {
    const { chmod } = await import('node:fs/promises');
    const { spawnSync } = await import('node:child_process');
    const file = join(dir, 'edge.key');
    await writeFile(file, `${good.key}\n`);
    await chmod(file, 0o644);
    const base = ['bin/dnscove.js', 'edge', '--snapshots', `${control.url}/`, '--cache', join(dir, 'cache-keyfile'), '--snapshot-pubkey', pubkey, '--listen', '127.0.0.1:0', '--workers', '1'];
    const { DNSCOVE_EDGE_KEY: _unset, ...env } = process.env;
    const loose = spawnSync(process.execPath, [...base, '--edge-key-file', file], { env, encoding: 'utf8', timeout: 10_000 });
    expect(loose.status).toBe(2);
    expect(loose.stderr).toMatch(new RegExp(`--edge-key-file ${file} is readable by other users \\(mode 0644\\): chmod 600`));
    await chmod(file, 0o600);
    const port = await freePort();
    const fromFile = await startChild('edge from key file', process.execPath, [...base.slice(0, -4), '--listen', `127.0.0.1:${port}`, '--workers', '1', '--edge-key-file', file], undefined, env);
    children.push(fromFile);
    await waitUntil(async () => (await askEdge(port, `www.${ORIGIN}`, 'A')).values.includes('192.0.2.44'), { what: 'the edge with its key from a file to serve' });
    await fromFile.stop();
    const onCommandLine = await startChild('edge with key on the command line', process.execPath, [...base, '--edge-key', good.key], undefined, env);
    children.push(onCommandLine);
    await waitUntil(() => logLines(onCommandLine, /the edge key is on the command line, where every local user can read it/).length === 1, { what: 'the warning' });
    await onCommandLine.stop();
  });
});

describe('a key revoked while its long-poll is held', () => {
  it('gets 401 when the poll wakes, not the list of changed zones', async () => {
    const key = (await dnscoveCli(['edge-key', 'create', 'ns-poll', '--data', dataDir])).trim();
    const auth = { authorization: `Bearer ${key}` };
    const first = await fetch(`${control.url}/api/edge/v1/changes?after=0&wait=0`, { headers: auth });
    expect(first.status).toBe(200);
    const { seq } = (await first.json()) as { seq: number };
    const held = fetch(`${control.url}/api/edge/v1/changes?after=${seq}&wait=20`, { headers: auth });
    // Let the poll be held, then revoke the key and change a zone, which wakes every poll.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await dnscoveCli(['edge-key', 'revoke', 'ns-poll', '--data', dataDir]);
    expect((await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: 'wake.refused.test' } })).status).toBe(201);
    const answer = await held;
    expect(answer.status).toBe(401);
    expect(await answer.text()).not.toMatch(/wake\.refused\.test|refused\.test/);
  });
});
