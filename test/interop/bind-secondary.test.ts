// BIND 9 as a secondary of DNSCove (issue 14), configured as README.md shows: it transfers the
// zone from the edge with a TSIG key, and after a change the control plane's signed NOTIFY
// brings the change by IXFR.
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChild } from '../helpers/child-server.js';
import type { ChildServer } from '../helpers/child-server.js';
import { exchange } from '../helpers/dns-client.js';
import { startDnscove } from '../helpers/dnscove-process.js';
import type { DnscoveProcess } from '../helpers/dnscove-process.js';
import { freePort } from '../helpers/free-port.js';
import { waitUntil } from '../helpers/wait-until.js';
import { encodeQuery } from '../../shared/dns/message.js';
import { devLogin } from '../helpers/control-harness.js';

const NAMED = '/usr/sbin/named';
const ORIGIN = 'bind.xfr.test';

let dns: DnscoveProcess;
let session: string;
let zoneId: string;
let dir: string;
let named: ChildServer | undefined;
let namedPort: number;

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${dns.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${session}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

async function namedAnswer(name: string): Promise<string[]> {
  const reply = await exchange(namedPort, encodeQuery({ id: 8, qname: name, qtype: 1 }), 'udp', { timeoutMs: 500, attempts: 1 });
  return (reply.message?.answer ?? []).filter((r) => r.type === 1).map((r) => [...r.rdata].join('.'));
}

beforeAll(async () => {
  await access(NAMED).catch(() => {
    throw new Error(`BIND is not installed (${NAMED} is missing): run "apt-get install -y bind9" (.ci/run does)`);
  });
  dns = await startDnscove({ SMTP_URL: '' });
  ({ session } = await devLogin(dns.apiUrl, 'bind@example.com'));
  zoneId = (await api('POST', '/api/zones', { origin: ORIGIN })).json['id'] as string;
  expect((await api('POST', `/api/zones/${zoneId}/records`, { action: 'UPSERT', name: `www.${ORIGIN}`, type: 'A', ttl: 300, records: ['192.0.2.1'] })).status).toBe(200);
  const key = (await api('POST', '/api/tsig-keys', { name: 'bind.xfr.test', scope: 'transfer', zone_id: zoneId })).json as { id: string; secret: string };
  dir = await mkdtemp(join(tmpdir(), 'dnscove-bind-secondary-'));
  namedPort = await freePort();
  // The configuration README.md shows for a BIND secondary.
  const conf = [
    'options {',
    `  directory "${dir}";`,
    `  pid-file "${join(dir, 'named.pid')}";`,
    `  listen-on port ${namedPort} { 127.0.0.1; };`,
    '  listen-on-v6 { none; };',
    '  recursion no;',
    '  dnssec-validation no;',
    '};',
    'key "bind.xfr.test" { algorithm hmac-sha256; secret "' + key.secret + '"; };',
    `zone "${ORIGIN}" {`,
    '  type secondary;',
    `  file "${join(dir, `${ORIGIN}.db`)}";`,
    `  primaries { 127.0.0.1 port ${dns.dnsPort} key "bind.xfr.test"; };`,
    '  allow-notify { key "bind.xfr.test"; };',
    '};',
    '',
  ].join('\n');
  await writeFile(join(dir, 'named.conf'), conf);
  named = await startChild('named', NAMED, ['-g', '-c', join(dir, 'named.conf')]);
  expect((await api('POST', `/api/zones/${zoneId}/secondaries`, { address: `127.0.0.1:${namedPort}`, tsig_key_id: key.id })).status).toBe(201);
}, 60_000);

afterAll(async () => {
  await named?.stop();
  await dns?.server.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('BIND 9 as a secondary of the edge', () => {
  it('transfers the zone with the key, and takes a change by IXFR after the NOTIFY', async () => {
    const log = (): string => named!.stderr();
    await waitUntil(async () => (await namedAnswer(`www.${ORIGIN}.`)).includes('192.0.2.1'), { what: `BIND to transfer the zone\n${log()}`, timeoutMs: 20_000 });
    expect((await api('POST', `/api/zones/${zoneId}/records`, { action: 'UPSERT', name: `www.${ORIGIN}`, type: 'A', ttl: 300, records: ['203.0.113.9'] })).status).toBe(200);
    await waitUntil(async () => (await namedAnswer(`www.${ORIGIN}.`)).includes('203.0.113.9'), { what: `BIND to take the change\n${log()}`, timeoutMs: 20_000 });
    // BIND's refresh is an hour away: the NOTIFY brought it, signed, and the change came as differences.
    expect(log()).toMatch(/received notify for zone 'bind\.xfr\.test': TSIG 'bind\.xfr\.test'/);
    const served = dns.server.stderr().split('\n').filter((l) => /(AXFR|IXFR)[^"]* of bind\.xfr\.test\. served/.test(l));
    expect(served[0]).toMatch(/"msg":"edge: (AXFR|IXFR as AXFR) of bind\.xfr\.test\. served"/);
    expect(served.at(-1)).toMatch(/"msg":"edge: IXFR of bind\.xfr\.test\. served"/);
  });
});
