// Kill the control plane (SIGKILL) in the middle of a stream of writes: every acknowledged write survives and is published.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Name } from '../../shared/dns/name.js';
import { formatRdata } from '../../shared/dns/rdata.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { readPublishedContent } from '../../shared/snapshot/published-content.js';
import { startControlProcess } from '../helpers/remote-edges.js';
import type { ChildServer } from '../helpers/child-server.js';
import { waitUntil } from '../helpers/wait-until.js';

const ORIGIN = 'restart.example';
const WRITERS = 4;
/** Acknowledged writes to collect before the kill; the writers keep going until it lands. */
const ACKS_BEFORE_KILL = 60;

let dir: string;
const children: ChildServer[] = [];

async function startControlChild(): Promise<{ child: ChildServer; url: string }> {
  const control = await startControlProcess(dir, 0);
  children.push(control.child);
  return control;
}

async function post(url: string, session: string | undefined, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (session !== undefined) headers['authorization'] = `Bearer ${session}`;
  return fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-restart-'));
});

afterAll(async () => {
  for (const c of children) await c.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('control plane restart after SIGKILL', () => {
  it('keeps and publishes every acknowledged write', async () => {
    const first = await startControlChild();
    const link = (await (await post(`${first.url}/api/auth/magic-link`, undefined, { email: 'restart@example.com' })).json()) as { dev_token: string };
    const { session } = (await (await post(`${first.url}/api/auth/exchange`, undefined, { token: link.dev_token })).json()) as { session: string };
    const zoneRes = await post(`${first.url}/api/zones`, session, { origin: ORIGIN });
    expect(zoneRes.status).toBe(201);
    const zone = (await zoneRes.json()) as { id: string };

    // Each writer UPSERTs its own names one after another; a 200 is an acknowledgement.
    const acked = new Map<string, string>();
    let next = 0;
    let killed = false;
    const writer = async (): Promise<void> => {
      while (!killed) {
        const i = next++;
        const name = `w${i}.${ORIGIN}.`;
        const value = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
        try {
          const res = await post(`${first.url}/api/zones/${zone.id}/records`, session, { name, type: 'A', ttl: 60, records: [value] });
          if (res.status === 200) acked.set(name, value);
          else await res.body?.cancel();
        } catch {
          return; // the connection died with the process: this write is not acknowledged
        }
      }
    };
    const writers = Array.from({ length: WRITERS }, writer);
    await waitUntil(() => acked.size >= ACKS_BEFORE_KILL, { what: `${ACKS_BEFORE_KILL} acknowledged writes`, timeoutMs: 30_000, intervalMs: 5 });
    process.kill(first.child.pid, 'SIGKILL');
    await waitUntil(() => first.child.exitStatus() !== null, { what: 'the killed process to exit' });
    killed = true;
    await Promise.all(writers);
    expect(first.child.exitStatus()?.signal).toBe('SIGKILL');
    expect(acked.size).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);

    // Same data directory: the session secret, the rows and the publish backlog survive.
    const second = await startControlChild();
    const auth = { authorization: `Bearer ${session}` };
    const records = (await (await fetch(`${second.url}/api/zones/${zone.id}/records`, { headers: auth })).json()) as { records: { name: string; records: string[] }[] };
    const stored = new Map(records.records.map((r) => [r.name, r.records]));
    for (const [name, value] of acked) expect(stored.get(name), name).toEqual([value]);

    let serial = 0;
    await waitUntil(
      async () => {
        const z = (await (await fetch(`${second.url}/api/zones/${zone.id}`, { headers: auth })).json()) as { serial: number; published_serial: number };
        serial = z.serial;
        return z.published_serial === z.serial;
      },
      { what: 'the backlog to be published after the restart', timeoutMs: 20_000 },
    );
    expect(serial).toBeGreaterThanOrEqual(acked.size + 1);

    const snapshot = await readPublishedContent(join(dir, 'snapshots'), `${ORIGIN}.` as Name);
    const served = new Map(snapshot.rrsets.filter((s) => s.type === RRType.A).map((s) => [s.name as string, s.rdata.map((w) => formatRdata(RRType.A, w))]));
    for (const [name, value] of acked) expect(served.get(name), name).toEqual([value]);
    const soa = snapshot.rrsets.find((s) => s.type === RRType.SOA)!.rdata[0]!;
    expect(soa.readUInt32BE(soa.length - 20)).toBe(serial);
  });
});
