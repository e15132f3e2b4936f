// Bad input to the zone and record endpoints: each a 4xx problem document naming the field, and nothing changed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadControlConfig } from '../../control/config.js';
import { startControl } from '../../control/control-server.js';
import type { RunningControl } from '../../control/control-server.js';
import { silentLogger } from '../../shared/log.js';

let dir: string;
let control: RunningControl;
let session: string;
let zoneId: string;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; type: string; json: Record<string, unknown> }> {
  const init: RequestInit = { method, headers: { authorization: `Bearer ${session}`, ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { 'content-type': 'application/json', ...init.headers };
  }
  const res = await fetch(control.url + path, init);
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

async function devLogin(email: string): Promise<string> {
  const link = await fetch(`${control.url}/api/auth/magic-link`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
  const { dev_token } = (await link.json()) as { dev_token: string };
  const exchange = await fetch(`${control.url}/api/auth/exchange`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: dev_token }) });
  return ((await exchange.json()) as { session: string }).session;
}

/** Everything a bad request must leave alone: the RRsets and the serial. */
async function zoneState(): Promise<{ records: unknown; serial: unknown }> {
  const records = await call('GET', `/api/zones/${zoneId}/records`);
  const zone = await call('GET', `/api/zones/${zoneId}`);
  return { records: records.json['records'], serial: zone.json['serial'] };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-bad-input-'));
  const config = loadControlConfig({}, { dataDir: dir, httpHost: '127.0.0.1', httpPort: 0, devMode: true, smtpUrl: undefined, bodyLimitBytes: 64 * 1024 });
  control = await startControl({ config, log: silentLogger });
  session = await devLogin('bad-input@example.com');
  const zone = await call('POST', '/api/zones', { origin: 'bad-input.example' });
  expect(zone.status).toBe(201);
  zoneId = String(zone.json['id']);
  const seed = await call('POST', `/api/zones/${zoneId}/records`, {
    changes: [
      { name: 'www.bad-input.example', type: 'A', records: ['192.0.2.1'] },
      { name: 'alias.bad-input.example', type: 'CNAME', records: ['www.bad-input.example.'] },
    ],
  });
  expect(seed.status).toBe(200);
});

afterAll(async () => {
  await control.close();
  await rm(dir, { recursive: true, force: true });
});

interface BadCase {
  readonly why: string;
  readonly body: unknown;
  readonly status: number;
  /** Matches the problem's `field` (ajv errors give a JSON pointer, domain errors a path like changes[2].ttl). */
  readonly field?: RegExp;
  readonly headers?: Record<string, string>;
}

const change = (extra: Record<string, unknown>) => ({ action: 'UPSERT', name: 'new.bad-input.example', type: 'A', ttl: 300, records: ['192.0.2.7'], ...extra });

const recordCases: BadCase[] = [
  { why: 'an invalid name', body: change({ name: 'a..b' }), status: 400, field: /name/ },
  { why: 'a label longer than 63 octets', body: change({ name: 'x'.repeat(64) }), status: 400, field: /name/ },
  { why: 'a name outside the zone', body: change({ name: 'www.example.net.' }), status: 400, field: /name/ },
  { why: 'invalid IPv4 RDATA', body: change({ records: ['300.1.2.3'] }), status: 400, field: /records.?0/ },
  { why: 'an AAAA value that is IPv4', body: change({ type: 'AAAA', records: ['192.0.2.1'] }), status: 400, field: /records.?0/ },
  { why: 'an MX without preference', body: change({ type: 'MX', records: ['mail.example.com.'] }), status: 400, field: /records.?0/ },
  { why: 'an unterminated TXT string', body: change({ type: 'TXT', records: ['"open'] }), status: 400, field: /records.?0/ },
  { why: 'a CAA with a bad flag', body: change({ type: 'CAA', records: ['256 issue "ca.example"'] }), status: 400, field: /records.?0/ },
  { why: 'a negative TTL', body: change({ ttl: -1 }), status: 400, field: /ttl/ },
  { why: 'a TTL above 2^31-1', body: change({ ttl: 2147483648 }), status: 400, field: /ttl/ },
  { why: 'a TTL that is a string', body: change({ ttl: '300' }), status: 400, field: /ttl/ },
  { why: 'an unknown type', body: change({ type: 'BOGUS' }), status: 400, field: /type/ },
  { why: 'a type the API does not offer', body: change({ type: 'NSEC3PARAM', records: ['1 0 0 -'] }), status: 400, field: /type/ },
  { why: 'an unknown action', body: change({ action: 'CREATE' }), status: 400, field: /action/ },
  { why: 'a missing name', body: { type: 'A', records: ['192.0.2.1'] }, status: 400, field: /name/ },
  { why: 'an unknown property', body: change({ color: 'blue' }), status: 400, field: /color/ },
  { why: 'an UPSERT without values', body: change({ records: [] }), status: 400, field: /records/ },
  { why: 'a CNAME beside existing data', body: change({ name: 'www.bad-input.example', type: 'CNAME', records: ['elsewhere.example.'] }), status: 400, field: /type/ },
  { why: 'data beside an existing CNAME', body: change({ name: 'alias.bad-input.example', type: 'TXT', records: ['"x"'] }), status: 400, field: /type/ },
  { why: 'deleting the apex NS', body: { action: 'DELETE', name: '@', type: 'NS' }, status: 400, field: /type/ },
  { why: 'deleting the apex SOA', body: { action: 'DELETE', name: '@', type: 'SOA' }, status: 400, field: /action/ },
  {
    why: 'a batch whose third change fails',
    body: { changes: [change({ name: 'b1.bad-input.example' }), change({ name: 'b2.bad-input.example' }), change({ name: 'b3.bad-input.example', records: ['192.0.2.300'] }), change({ name: 'b4.bad-input.example' })] },
    status: 400,
    field: /changes.?2.?.records.?0/,
  },
  { why: 'a batch with a bad TTL in one change', body: { changes: [change({ name: 'c1.bad-input.example' }), change({ name: 'c2.bad-input.example', ttl: -5 })] }, status: 400, field: /changes.?1.?.ttl/ },
  { why: 'a batch with a CNAME conflict', body: { changes: [change({ name: 'd1.bad-input.example' }), change({ name: 'd1.bad-input.example', type: 'CNAME', records: ['x.example.'] })] }, status: 400, field: /changes.?1.?.type/ },
  { why: 'an empty batch', body: { changes: [] }, status: 400, field: /changes/ },
  { why: 'malformed JSON', body: '{"name": "www", ', status: 400 },
  { why: 'a body that is not JSON', body: 'name=www', status: 415, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
  { why: 'an oversize body', body: change({ records: Array.from({ length: 5000 }, (_, i) => `192.0.${i >> 8}.${i & 255}`) }), status: 413 },
];

describe('bad record changes', () => {
  it.each(recordCases)('refuse $why and change nothing', async (c) => {
    const before = await zoneState();
    const res = await call('POST', `/api/zones/${zoneId}/records`, c.body, c.headers);
    expect(res.status).toBe(c.status);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.json['status']).toBe(c.status);
    expect(typeof res.json['detail']).toBe('string');
    expect(JSON.stringify(res.json)).not.toMatch(/at .*\.js:\d+/);
    if (c.field !== undefined) expect(String(res.json['field'])).toMatch(c.field);
    expect(await zoneState()).toEqual(before);
  });
});

describe('bad zones', () => {
  const zoneCases: BadCase[] = [
    { why: 'a one-label origin', body: { origin: 'com' }, status: 400, field: /origin/ },
    { why: 'an origin with an empty label', body: { origin: 'a..example' }, status: 400, field: /origin/ },
    { why: 'a wildcard origin', body: { origin: '*.example.com' }, status: 400, field: /origin/ },
    { why: 'an origin that is not a string', body: { origin: 42 }, status: 400, field: /origin/ },
    { why: 'an origin already hosted', body: { origin: 'BAD-INPUT.example.' }, status: 409 },
  ];

  it.each(zoneCases)('refuse $why', async (c) => {
    const before = await call('GET', '/api/zones');
    const res = await call('POST', '/api/zones', c.body);
    expect(res.status).toBe(c.status);
    expect(res.type).toMatch(/^application\/problem\+json/);
    if (c.field !== undefined) expect(String(res.json['field'])).toMatch(c.field);
    expect((await call('GET', '/api/zones')).json).toEqual(before.json);
  });

  it('refuses a zone overlapping another tenant’s zone, but not the same tenant’s', async () => {
    const own = await call('POST', '/api/zones', { origin: 'sub.bad-input.example' });
    expect(own.status).toBe(201);
    const mine = session;
    session = await devLogin('other-tenant@example.com');
    try {
      expect((await call('POST', '/api/zones', { origin: 'deeper.bad-input.example' })).status).toBe(409);
      expect((await call('POST', '/api/zones', { origin: 'bad-input.example' })).status).toBe(409);
      expect((await call('GET', `/api/zones/${zoneId}/records`)).status).toBe(404);
    } finally {
      session = mine;
    }
  });

  it('answers 404 for a zone id that does not exist', async () => {
    const res = await call('DELETE', '/api/zones/Z00000000000000');
    expect(res.status).toBe(404);
    expect(res.type).toMatch(/^application\/problem\+json/);
  });
});
