// Knot 3.2 as a secondary that consumes the tenant's catalog zone (RFC 9432, issue 14): a zone
// created through the API is served by Knot without touching Knot's configuration, and a deleted
// zone disappears from it. Knot transfers the catalog and its members from the edge with a
// tenant-wide transfer key and hears of changes by the control plane's signed NOTIFY.
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
import { KNOT_BINARY } from '../helpers/knot-server.js';
import { waitUntil } from '../helpers/wait-until.js';
import { encodeQuery } from '../../shared/dns/message.js';
import { devLogin } from '../helpers/control-harness.js';

let dns: DnscoveProcess;
let session: string;
let dir: string;
let knot: ChildServer | undefined;
let knotPort: number;

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${dns.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${session}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/** Knot's answer to `name` A: its rcode and the addresses. */
async function knotAnswer(name: string): Promise<{ rcode: number; addresses: string[] }> {
  const reply = await exchange(knotPort, encodeQuery({ id: 9, qname: name, qtype: 1 }), 'udp', { timeoutMs: 500, attempts: 1 });
  return { rcode: reply.message?.rcode ?? -1, addresses: (reply.message?.answer ?? []).filter((r) => r.type === 1).map((r) => [...r.rdata].join('.')) };
}

/** The Knot configuration README.md shows for a catalog-consuming secondary. */
function knotConfig(catalog: string, keyName: string, secret: string): string {
  return [
    'server:',
    `  rundir: "${dir}"`,
    `  listen: 127.0.0.1@${knotPort}`,
    'log:',
    '  - target: stderr',
    '    any: info',
    'database:',
    `  storage: "${dir}"`,
    'key:',
    `  - id: ${keyName}`,
    '    algorithm: hmac-sha256',
    `    secret: ${secret}`,
    'remote:',
    '  - id: dnscove',
    `    address: 127.0.0.1@${dns.dnsPort}`,
    `    key: ${keyName}`,
    'acl:',
    '  - id: dnscove-notify',
    '    address: 127.0.0.1',
    `    key: ${keyName}`,
    '    action: notify',
    'template:',
    '  - id: dnscove-member',
    '    master: dnscove',
    '    acl: dnscove-notify',
    'zone:',
    `  - domain: ${catalog}`,
    '    master: dnscove',
    '    acl: dnscove-notify',
    '    catalog-role: interpret',
    '    catalog-template: dnscove-member',
    '',
  ].join('\n');
}

beforeAll(async () => {
  await access(KNOT_BINARY);
  dns = await startDnscove({ SMTP_URL: '' });
  ({ session } = await devLogin(dns.apiUrl, 'catalog@example.com'));
  const first = (await api('POST', '/api/zones', { origin: 'first.catalog.test' })).json['id'] as string;
  expect((await api('POST', `/api/zones/${first}/records`, { action: 'UPSERT', name: 'www.first.catalog.test', type: 'A', ttl: 300, records: ['192.0.2.1'] })).status).toBe(200);
  const key = (await api('POST', '/api/tsig-keys', { name: 'knot.catalog.test', scope: 'transfer' })).json as { id: string; name: string; secret: string };
  const catalog = (await api('GET', '/api/secondaries')).json['catalog_zone'] as string;
  expect(catalog).toMatch(/^t[0-9a-f]{14}\.catalog\.invalid\.$/);
  dir = await mkdtemp(join(tmpdir(), 'dnscove-knot-catalog-'));
  knotPort = await freePort();
  await writeFile(join(dir, 'knot.conf'), knotConfig(catalog, key.name.slice(0, -1), key.secret));
  knot = await startChild('knotd', KNOT_BINARY, ['-c', join(dir, 'knot.conf')]);
  expect((await api('POST', '/api/secondaries', { address: `127.0.0.1:${knotPort}`, tsig_key_id: key.id })).status).toBe(201);
}, 60_000);

afterAll(async () => {
  await knot?.stop();
  await dns?.server.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('Knot consuming the catalog zone', () => {
  it('serves the zones of the catalog, then a zone created through the API, and stops serving a deleted one, with no change to its configuration', async () => {
    const log = (): string => knot!.stderr();
    await waitUntil(async () => (await knotAnswer('www.first.catalog.test.')).addresses.includes('192.0.2.1'), { what: `Knot to provision first.catalog.test from the catalog\n${log()}`, timeoutMs: 30_000 });

    const created = (await api('POST', '/api/zones', { origin: 'later.catalog.test' })).json['id'] as string;
    expect((await api('POST', `/api/zones/${created}/records`, { action: 'UPSERT', name: 'www.later.catalog.test', type: 'A', ttl: 300, records: ['192.0.2.2'] })).status).toBe(200);
    await waitUntil(async () => (await knotAnswer('www.later.catalog.test.')).addresses.includes('192.0.2.2'), { what: `Knot to provision later.catalog.test\n${log()}`, timeoutMs: 30_000 });

    expect((await api('DELETE', `/api/zones/${created}`)).status).toBe(204);
    await waitUntil(async () => (await knotAnswer('www.later.catalog.test.')).rcode === 5, { what: `Knot to drop later.catalog.test (REFUSED)\n${log()}`, timeoutMs: 30_000 });
    expect((await knotAnswer('www.first.catalog.test.')).addresses).toEqual(['192.0.2.1']);
  });
});
