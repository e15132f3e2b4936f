// `dnscove start` answers DNS from a process of its own (issue 31): a control plane that does not
// run at all (SIGSTOP) delays no answer, UDP or TCP; an edge process that dies is replaced; and a
// `start` killed with SIGKILL leaves no edge process behind holding the port, and comes back on
// its data with every acknowledged change served.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeQuery } from '../../shared/dns/message.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { ZoneJson } from '../../shared/schemas/zones.js';
import { api, devLogin } from '../helpers/control-harness.js';
import { exchange } from '../helpers/dns-client.js';
import { startDnscove } from '../helpers/dnscove-process.js';
import type { DnscoveProcess } from '../helpers/dnscove-process.js';
import { waitUntil } from '../helpers/wait-until.js';

const ORIGIN = 'edge-process.test';
const NAME = `www.${ORIGIN}`;

let dir: string;
let dnscove: DnscoveProcess | undefined;

/** The PIDs of `pid`'s children. */
async function childrenOf(pid: number): Promise<number[]> {
  const { stdout } = await promisify(execFile)('ps', ['-o', 'pid=', '--ppid', String(pid)]).catch(() => ({ stdout: '' }));
  return stdout.split('\n').map((l) => Number(l.trim())).filter((n) => n > 0);
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The A values answered for NAME over `transport`, within 1 s. */
async function ask(port: number, transport: 'udp' | 'tcp'): Promise<string[]> {
  const reply = await exchange(port, encodeQuery({ id: 7, qname: NAME, qtype: RRType.A }), transport, { timeoutMs: 1_000 });
  if (reply.message === null) throw new Error(`no answer over ${transport}: ${reply.parseError ?? 'timeout'}`);
  return reply.message.answer.filter((rr) => rr.type === RRType.A).map((rr) => [...rr.rdata].join('.'));
}

/** Changes NAME's address and waits until the edge serves it. */
async function setA(d: DnscoveProcess, session: string, zoneId: string, address: string): Promise<void> {
  const res = await api(d.apiUrl, 'POST', `/api/zones/${zoneId}/records`, { token: session, body: { name: NAME, type: 'A', records: [address] } });
  expect(res.status, res.text).toBe(200);
  await waitUntil(async () => (await ask(d.dnsPort, 'udp').catch((): string[] => [])).includes(address), { what: `the edge to serve ${address}` });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-edge-process-'));
});

afterAll(async () => {
  await dnscove?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('dnscove start: the edge in a process of its own', () => {
  it('answers over UDP and TCP while the control plane is stopped, replaces a dead edge process, and leaves none behind when killed', async () => {
    const dataDir = join(dir, 'data');
    dnscove = await startDnscove({}, { dataDir });
    const { session } = await devLogin(dnscove.apiUrl, 'ops@edge-process.test');
    const zone = (await api(dnscove.apiUrl, 'POST', '/api/zones', { token: session, body: { origin: ORIGIN } })).json as ZoneJson;
    await setA(dnscove, session, zone.id, '192.0.2.1');
    expect(await ask(dnscove.dnsPort, 'udp')).toEqual(['192.0.2.1']);

    const control = dnscove.server.pid;
    const [edge] = await childrenOf(control);
    expect(edge, 'one edge process, a child of the control plane').toBeDefined();

    // The control plane frozen: no event loop, no accept() of its own.
    process.kill(control, 'SIGSTOP');
    try {
      for (let i = 0; i < 20; i++) {
        expect(await ask(dnscove.dnsPort, 'udp')).toEqual(['192.0.2.1']);
        expect(await ask(dnscove.dnsPort, 'tcp')).toEqual(['192.0.2.1']);
      }
    } finally {
      process.kill(control, 'SIGCONT');
    }

    // The edge process killed: another takes its place, and publishes reach it.
    process.kill(edge!, 'SIGKILL');
    let replacement: number | undefined;
    await waitUntil(async () => {
      replacement = (await childrenOf(control)).find((pid) => pid !== edge);
      return replacement !== undefined;
    }, { what: 'a new edge process' });
    const port = dnscove.dnsPort;
    await waitUntil(async () => (await ask(port, 'udp').catch((): string[] => [])).includes('192.0.2.1'), { what: 'the new edge process to answer' });
    await setA(dnscove, session, zone.id, '192.0.2.2');

    // `start` killed outright: its edge process must not keep serving (or holding the port).
    process.kill(control, 'SIGKILL');
    await waitUntil(() => !alive(replacement!), { what: 'the edge process to stop once its control plane is gone' });
    await dnscove.server.stop();

    // Started again on the same data: the last acknowledged change is served.
    dnscove = await startDnscove({}, { dataDir });
    expect(await ask(dnscove.dnsPort, 'udp')).toEqual(['192.0.2.2']);
    expect(await ask(dnscove.dnsPort, 'tcp')).toEqual(['192.0.2.2']);
  });
});
