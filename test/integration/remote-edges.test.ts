// Remote edges (issue 12): a control plane and three `dnscove edge --snapshots http://...` processes on loopback.
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANGES_SIGNED_NAME } from '../../control/http/routes/edge-feed.js';
import { signPart } from '../../shared/feed/file-signature.js';
import { api } from '../helpers/control-harness.js';
import type { ChildServer } from '../helpers/child-server.js';
import { freePort } from '../helpers/free-port.js';
import { askEdge, dnscoveCli, startControlProcess, startEdgeProcess, writePubkey } from '../helpers/remote-edges.js';
import type { ControlProcess, EdgeProcess, EdgeSpec } from '../helpers/remote-edges.js';
import { waitUntil } from '../helpers/wait-until.js';

const ORIGIN = 'remote.test';
/** As many as issue 31 asks for (and bench/edges.ts runs). */
const ACME_ROUNDS = 200;
const SYNC_TIMEOUT_MS = 3000;

let dir: string;
let dataDir: string;
let controlPort: number;
let control: ControlProcess;
let session: string;
let zoneId: string;
let pubkey: string;
const specs: EdgeSpec[] = [];
const edges: EdgeProcess[] = [];
const children: ChildServer[] = [];
let serial = 0;

const startControl = async (): Promise<ControlProcess> => {
  const started = await startControlProcess(dataDir, controlPort, { DNSCOVE_SYNC_TIMEOUT_MS: String(SYNC_TIMEOUT_MS) });
  children.push(started.child);
  return started;
};

const startEdge = async (spec: EdgeSpec): Promise<EdgeProcess> => {
  const edge = await startEdgeProcess(spec);
  children.push(edge.child);
  return edge;
};

/**
 * UPSERTs www A 192.0.2.N and publishes; returns the address and the publish answer. `bulky`
 * adds a 10 KB TXT RRset to the change, so its delta is too big to ride in the changes answer
 * and edges fetch it as a journal range.
 */
async function changeAddress(options: { bulky?: boolean } = {}): Promise<{ address: string; publish: { edges: { total: number; in_sync: number; lagging: string[] } } }> {
  const address = `192.0.2.${(++serial % 250) + 1}`;
  if (options.bulky === true) {
    const strings = Array.from({ length: 40 }, (_, i) => `"${String(serial).padEnd(4, '-')}${String(i).padStart(2, '0')}${'x'.repeat(244)}"`);
    const padding = await api(control.url, 'POST', `/api/zones/${zoneId}/records`, { token: session, body: { action: 'UPSERT', name: `pad.${ORIGIN}.`, type: 'TXT', ttl: 60, records: [strings.join(' ')] } });
    expect(padding.status, padding.text).toBe(200);
  }
  // After the padding: each write is published on its own, and an edge that missed the padding
  // cannot take this small change as a tail either (its journal does not end where it begins).
  const write = await api(control.url, 'POST', `/api/zones/${zoneId}/records`, { token: session, body: { action: 'UPSERT', name: `www.${ORIGIN}.`, type: 'A', ttl: 60, records: [address] } });
  expect(write.status).toBe(200);
  const publish = await api(control.url, 'POST', `/api/zones/${zoneId}/publish`, { token: session });
  expect(publish.status).toBe(200);
  return { address, publish: publish.json as { edges: { total: number; in_sync: number; lagging: string[] } } };
}

const addressAt = async (edge: EdgeProcess): Promise<string[]> => (await askEdge(edge.port, `www.${ORIGIN}`, 'A')).values;

/** An answer of the control plane as a proxy between it and an edge sees it. */
interface ProxiedAnswer {
  status: number;
  bytes: Buffer;
  signature: string | null;
}

/**
 * An HTTP proxy between an edge and the control plane (an on-path attacker): passes each
 * request on and sends the edge what `answer(url, upstreamAnswer)` returns.
 */
async function startFeedProxy(upstreamUrl: string, answer: (url: string, upstream: ProxiedAnswer) => ProxiedAnswer): Promise<{ url: string; close: () => Promise<void> }> {
  const proxy = http.createServer((req, res) => {
    void (async () => {
      try {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const upstream = await fetch(`${upstreamUrl}${req.url}`, {
          method: req.method,
          headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => ['authorization', 'content-type'].includes(k)) as [string, string][]),
          ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
        });
        const sent = answer(req.url ?? '', { status: upstream.status, bytes: Buffer.from(await upstream.arrayBuffer()), signature: upstream.headers.get('x-dnscove-signature') });
        res.writeHead(sent.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream', ...(sent.signature === null ? {} : { 'x-dnscove-signature': sent.signature }) });
        res.end(sent.bytes);
      } catch {
        res.writeHead(502).end();
      }
    })();
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => proxy.close(() => resolve())),
  };
}

/** Starts an edge named `name` (a new key) that reaches the control plane through `url`, once it has reported (publishes then wait for it). */
async function startProxiedEdge(name: string, url: string): Promise<EdgeProcess> {
  const key = (await dnscoveCli(['edge-key', 'create', name, '--data', dataDir])).trim();
  const edge = await startEdge({ name, key, snapshotsUrl: url, cacheDir: join(dir, name), pubkeyFile: pubkey });
  await waitUntil(async () => ((await api(control.url, 'GET', '/api/edges', { token: session })).json as { edges: { name: string }[] }).edges.some((e) => e.name === name), { what: `${name} to report` });
  return edge;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-remote-edges-'));
  dataDir = join(dir, 'data');
  controlPort = await freePort();
  control = await startControl();
  pubkey = await writePubkey(dataDir, dir);
  for (const name of ['edge-1', 'edge-2', 'edge-3']) {
    const key = (await dnscoveCli(['edge-key', 'create', name, '--data', dataDir])).trim();
    // edge-3 runs two workers, so the primary's reload over IPC is exercised too.
    specs.push({ name, key, snapshotsUrl: `${control.url}/`, cacheDir: join(dir, name), pubkeyFile: pubkey, workers: name === 'edge-3' ? 2 : 1 });
  }
  for (const spec of specs) edges.push(await startEdge(spec));
  const link = (await api(control.url, 'POST', '/api/auth/magic-link', { body: { email: 'edges@example.com' } })).json as { dev_token: string };
  session = ((await api(control.url, 'POST', '/api/auth/exchange', { body: { token: link.dev_token } })).json as { session: string }).session;
  const zone = await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: ORIGIN } });
  expect(zone.status).toBe(201);
  zoneId = (zone.json as { id: string }).id;
  // Every edge has reported before the tests rely on publishes waiting for it.
  await waitUntil(async () => ((await api(control.url, 'GET', '/api/edges', { token: session })).json as { edges: unknown[] }).edges.length === 3, { what: 'three edges to report' });
});

afterAll(async () => {
  for (const child of children) await child.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('remote edges', () => {
  it('a publish returns once all three edges serve the change, and the API says so', async () => {
    const { address, publish } = await changeAddress();
    expect(publish.edges).toEqual({ total: 3, in_sync: 3, lagging: [] });
    for (const edge of edges) expect(await addressAt(edge)).toEqual([address]);
    const listed = (await api(control.url, 'GET', '/api/edges', { token: session })).json as { edges: { name: string; connected: boolean; zones_behind: number }[] };
    expect(listed.edges.map((e) => [e.name, e.connected, e.zones_behind])).toEqual([['edge-1', true, 0], ['edge-2', true, 0], ['edge-3', true, 0]]);
    const zone = (await api(control.url, 'GET', `/api/zones/${zoneId}`, { token: session })).json as { edges: unknown };
    expect(zone.edges).toEqual({ total: 3, in_sync: 3, lagging: [] });
  });

  it(`ACME PRESENT and CLEANUP return only when all three edges serve the result (${ACME_ROUNDS} rounds)`, async () => {
    for (let i = 0; i < ACME_ROUNDS; i++) {
      const value = `round${i}-${Date.now()}`;
      const present = await api(control.url, 'POST', `/api/zones/${zoneId}/acme-challenge`, { token: session, body: { action: 'PRESENT', name: ORIGIN, value } });
      expect(present.status).toBe(200);
      expect((present.json as { edges: unknown }).edges).toEqual({ total: 3, in_sync: 3, lagging: [] });
      for (const edge of edges) expect((await askEdge(edge.port, `_acme-challenge.${ORIGIN}`, 'TXT')).values).toEqual([value]);
      const cleanup = await api(control.url, 'POST', `/api/zones/${zoneId}/acme-challenge`, { token: session, body: { action: 'CLEANUP', name: ORIGIN, value } });
      expect(cleanup.status).toBe(200);
      for (const edge of edges) expect((await askEdge(edge.port, `_acme-challenge.${ORIGIN}`, 'TXT')).values).toEqual([]);
    }
  });

  it('an edge refuses a tampered changes answer or journal range, keeps serving what it had, and catches up once they verify again', async () => {
    let tamper: 'none' | 'changes' | 'files' = 'none';
    let journalRanges = 0;
    // Flips one byte of the bodies of one kind of answer: the changes list (which carries a
    // small change's delta itself) or files (a big change's delta is a journal range).
    const proxy = await startFeedProxy(control.url, (url, answer) => {
      if (url.startsWith(`/api/edge/v1/files/${ORIGIN}.journal?`)) journalRanges++;
      const kind = url.startsWith('/api/edge/v1/files/') ? 'files' : url.startsWith('/api/edge/v1/changes?') ? 'changes' : 'other';
      if (kind === tamper && answer.bytes.length > 0) answer.bytes[answer.bytes.length - 1]! ^= 0x01;
      return answer;
    });
    try {
      const fourth = await startProxiedEdge('edge-4', proxy.url);
      let before = await changeAddress();
      expect(before.publish.edges.lagging).toEqual([]);
      expect(await addressAt(fourth)).toEqual([before.address]);

      for (const [kind, bulky, refused] of [['changes', false, /changes \(from \d+\): the signature does not verify/], ['files', true, /remote\.test\.journal \(from \d+\): the signature does not verify/]] as const) {
        tamper = kind;
        const logged = fourth.child.stderr().length;
        const ranges = journalRanges;
        const after = await changeAddress({ bulky });
        expect(after.publish.edges, kind).toEqual({ total: 4, in_sync: 3, lagging: ['edge-4'] });
        expect(await addressAt(fourth), kind).toEqual([before.address]);
        expect(fourth.child.stderr().slice(logged)).toMatch(refused);

        tamper = 'none';
        await waitUntil(async () => (await addressAt(fourth)).includes(after.address), { what: `edge-4 to catch up once the ${kind} verify` });
        // Small changes ride in the changes answer (the two this edge missed too); a big one is fetched as a range.
        if (kind === 'changes') expect(journalRanges, 'journal ranges fetched for a small change').toBe(ranges);
        else expect(journalRanges).toBeGreaterThan(ranges);
        before = after;
      }
      await fourth.child.stop();
      await dnscoveCli(['edge-key', 'revoke', 'edge-4', '--data', dataDir]);
    } finally {
      await proxy.close();
    }
  });

  it('an edge refuses a new snapshot with one byte flipped, and a feed signed by another key, serving the old data until files verify', async () => {
    type Mode = 'pass' | 'flip-snapshot' | 'foreign-signature';
    let mode = 'pass' as Mode;
    const foreign = generateKeyPairSync('ed25519').privateKey;
    const proxy = await startFeedProxy(control.url, (url, answer) => {
      if (mode === 'flip-snapshot' && url.startsWith(`/api/edge/v1/files/${ORIGIN}.snap`) && answer.bytes.length > 0) {
        const bytes = Buffer.from(answer.bytes);
        bytes[bytes.length >> 1]! ^= 0x01;
        return { ...answer, bytes };
      }
      if (mode === 'foreign-signature' && url.startsWith('/api/edge/v1/changes?') && answer.status === 200) {
        const after = Number(new URL(url, 'http://x').searchParams.get('after'));
        return { ...answer, signature: signPart(foreign, { name: CHANGES_SIGNED_NAME, from: after, base: '' }, answer.bytes) };
      }
      return answer;
    });
    // A zone-file import replaces the zone's content: the publish writes a new snapshot, not a journal delta.
    const importAddress = async (address: string): Promise<void> => {
      const exported = await api(control.url, 'GET', `/api/zones/${zoneId}/export`, { token: session });
      const zonefile = exported.text.replace(/^(www\.remote\.test\.\s+\d+\s+IN\s+A\s+)\S+$/m, `$1${address}`);
      expect(zonefile).toContain(address);
      const res = await api(control.url, 'POST', '/api/import/zonefile', { token: session, body: { zonefile, replace: true } });
      expect(res.status, res.text).toBe(200);
    };
    try {
      const sixth = await startProxiedEdge('edge-6', proxy.url);
      const before = await changeAddress();
      await waitUntil(async () => (await addressAt(sixth)).includes(before.address), { what: 'edge-6 to sync' });
      const refusals: [Mode, string, RegExp][] = [
        ['flip-snapshot', '192.0.2.251', /checksum/],
        ['foreign-signature', '192.0.2.252', /signature does not verify/],
      ];
      for (const [attack, address, reason] of refusals) {
        mode = attack;
        const logged = sixth.child.stderr().length;
        await importAddress(address);
        await waitUntil(() => reason.test(sixth.child.stderr().slice(logged)), { what: `edge-6 to refuse (${attack})`, timeoutMs: 15_000 });
        expect(await addressAt(sixth), attack).toEqual([before.address]);
        expect(await addressAt(edges[0]!), attack).toEqual([address]);
      }
      mode = 'pass';
      await waitUntil(async () => (await addressAt(sixth)).includes('192.0.2.252'), { what: 'edge-6 to catch up once files verify', timeoutMs: 15_000 });
      await sixth.child.stop();
      await dnscoveCli(['edge-key', 'revoke', 'edge-6', '--data', dataDir]);
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('an on-path replay of older signed answers does not take an edge back: it keeps the new data and reports itself behind', async () => {
    // What the attacker did: answer the journal-tail request with 409, and replay the
    // earlier, validly signed whole journal when the edge asks from 0; also replay that old
    // whole journal in answer to any other range.
    let attack = false;
    let oldJournal: ProxiedAnswer | undefined;
    let attackerAnswers = 0;
    const proxy = await startFeedProxy(control.url, (url, answer) => {
      const journal = url.startsWith(`/api/edge/v1/files/${ORIGIN}.journal?`);
      if (!journal) return answer;
      const whole = /[?&]from=0(&|$)/.test(url);
      if (!attack) {
        if (whole && answer.status === 200) oldJournal ??= { ...answer, bytes: Buffer.from(answer.bytes) };
        return answer;
      }
      if (whole) return oldJournal!;
      return attackerAnswers++ % 2 === 0 ? { status: 409, bytes: Buffer.from('{"title":"Conflict","detail":"fetch it from 0"}'), signature: null } : oldJournal!;
    });
    try {
      const old = await changeAddress();
      const fifth = await startProxiedEdge('edge-5', proxy.url);
      await waitUntil(async () => (await addressAt(fifth)).includes(old.address), { what: 'edge-5 to sync' });
      expect(oldJournal, 'the edge fetched the journal whole at its first sync').toBeDefined();
      const fresh = await changeAddress();
      expect(fresh.publish.edges.lagging).toEqual([]);
      expect(await addressAt(fifth)).toEqual([fresh.address]);

      attack = true;
      // Big enough to be fetched as a journal range, which the attacker answers.
      const newest = await changeAddress({ bulky: true });
      expect(newest.publish.edges.lagging).toEqual(['edge-5']);
      await waitUntil(() => attackerAnswers >= 2, { what: 'the edge to ask again through the attacker' });
      expect(await addressAt(fifth)).toEqual([fresh.address]);
      const zone = (await api(control.url, 'GET', `/api/zones/${zoneId}`, { token: session })).json as { edges: { lagging: string[] } };
      expect(zone.edges.lagging).toEqual(['edge-5']);
      const listed = (await api(control.url, 'GET', '/api/edges', { token: session })).json as { edges: { name: string; zones_behind: number }[] };
      expect(listed.edges.find((e) => e.name === 'edge-5')?.zones_behind).toBe(1);
      expect(fifth.child.stderr()).toMatch(/HTTP 409|not the journal the signed feed announced|signature does not verify/);

      attack = false;
      await waitUntil(async () => (await addressAt(fifth)).includes(newest.address), { what: 'edge-5 to catch up once the attacker is gone' });
      await fifth.child.stop();
      await dnscoveCli(['edge-key', 'revoke', 'edge-5', '--data', dataDir]);
    } finally {
      await proxy.close();
    }
  });

  it('an edge restarted while the control plane is down serves from its cache; all resume after the control plane restarts', async () => {
    const { address } = await changeAddress();
    await control.child.stop();
    await edges[0]!.child.stop();
    edges[0] = await startEdge({ ...specs[0]!, port: edges[0]!.port });
    for (const edge of edges) expect(await addressAt(edge)).toEqual([address]);

    control = await startControl();
    const next = await changeAddress();
    // The edges reconnect on their own backoff; publish may answer before that, so wait for them.
    for (const edge of edges) await waitUntil(async () => (await addressAt(edge)).includes(next.address), { what: `edge on port ${edge.port} to serve the change after the restart` });
    const again = await changeAddress();
    expect(again.publish.edges).toEqual({ total: 3, in_sync: 3, lagging: [] });
    for (const edge of edges) expect(await addressAt(edge)).toEqual([again.address]);
  });

  it('an edge whose key is revoked gets nothing new, and publishes stop waiting for it', async () => {
    const { address } = await changeAddress();
    await dnscoveCli(['edge-key', 'revoke', 'edge-3', '--data', dataDir]);
    const next = await changeAddress();
    expect(next.publish.edges).toEqual({ total: 2, in_sync: 2, lagging: [] });
    expect(await addressAt(edges[0]!)).toEqual([next.address]);
    expect(await addressAt(edges[1]!)).toEqual([next.address]);
    await waitUntil(() => /HTTP 401/.test(edges[2]!.child.stderr()), { what: 'edge-3 to be refused' });
    expect(await addressAt(edges[2]!)).toEqual([address]);
  });
});
