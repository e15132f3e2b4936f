// The records API over HTTP: canonical storage, serials, idempotency, auto-publish and explicit publish.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadControlConfig } from '../../control/config.js';
import { startControl } from '../../control/control-server.js';
import type { RunningControl } from '../../control/control-server.js';
import { silentLogger } from '../../shared/log.js';
import type { Name } from '../../shared/dns/name.js';
import { formatRdata } from '../../shared/dns/rdata.js';
import { RRType, rrTypeToText } from '../../shared/dns/rr-type.js';
import { readPublishedContent } from '../../shared/snapshot/published-content.js';
import { waitUntil } from '../helpers/wait-until.js';

let dir: string;
let control: RunningControl;
let session: string;

interface Zone {
  id: string;
  origin: string;
  serial: number;
  published_serial: number;
  auto_publish: boolean;
  ns: string[];
  status: string;
}
interface RRsetJson {
  name: string;
  type: string;
  ttl: number;
  records: string[];
}

async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const headers: Record<string, string> = { authorization: `Bearer ${session}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(control.url + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: (text === '' ? {} : JSON.parse(text)) as T };
}

async function devLogin(email: string): Promise<string> {
  const link = await fetch(`${control.url}/api/auth/magic-link`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
  const { dev_token } = (await link.json()) as { dev_token: string };
  const exchange = await fetch(`${control.url}/api/auth/exchange`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: dev_token }) });
  return ((await exchange.json()) as { session: string }).session;
}

async function createZone(origin: string): Promise<Zone> {
  const res = await call<Zone>('POST', '/api/zones', { origin });
  expect(res.status).toBe(201);
  return res.json;
}

const getZone = async (id: string) => (await call<Zone>('GET', `/api/zones/${id}`)).json;
const getRecords = async (id: string) => (await call<{ records: RRsetJson[] }>('GET', `/api/zones/${id}/records`)).json.records;

/** The published snapshot as {name type → sorted canonical values}, plus the SOA serial. */
async function snapshotOf(origin: string): Promise<{ serial: number; sets: Map<string, string[]> }> {
  const zone = await readPublishedContent(control.services.config.snapshotsDir, `${origin}.` as Name);
  const sets = new Map<string, string[]>();
  let serial = -1;
  for (const set of zone.rrsets) {
    sets.set(`${set.name} ${rrTypeToText(set.type)}`, set.rdata.map((w) => formatRdata(set.type, w)).sort());
    if (set.type === RRType.SOA) serial = set.rdata[0]!.readUInt32BE(set.rdata[0]!.length - 20);
  }
  return { serial, sets };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-records-'));
  const config = loadControlConfig({}, { dataDir: dir, httpHost: '127.0.0.1', httpPort: 0, devMode: true, smtpUrl: undefined });
  control = await startControl({ config, log: silentLogger });
  session = await devLogin('records@example.com');
});

afterAll(async () => {
  await control.close();
  await rm(dir, { recursive: true, force: true });
});

describe('zones', () => {
  it('creates a zone with the system SOA and NS, published at once', async () => {
    const zone = await createZone('Fresh.Example.');
    expect(zone.id).toMatch(/^Z[0-9a-f]{14}$/);
    expect(zone).toMatchObject({ origin: 'fresh.example', status: 'PENDING_VERIFICATION', serial: 1, published_serial: 1, auto_publish: true });
    expect(zone.ns).toEqual(control.services.config.nameservers.map((n) => n.slice(0, -1)));
    const records = await getRecords(zone.id);
    expect(records.map((r) => `${r.name} ${r.type}`)).toEqual(['fresh.example. SOA', 'fresh.example. NS']);
    const [soa] = records;
    expect(soa!.records[0]).toMatch(new RegExp(`^${control.services.config.nameservers[0]!.replace(/\./g, '\\.')} \\S+ 1 3600 900 1209600 300$`));
    const snap = await snapshotOf('fresh.example');
    expect(snap.serial).toBe(1);
    expect(snap.sets.get('fresh.example. NS')).toEqual([...control.services.config.nameservers].sort());
    const list = await call<{ zones: Zone[] }>('GET', '/api/zones');
    expect(list.json.zones.map((z) => z.id)).toContain(zone.id);
  });

  it('deletes a zone and its snapshot', async () => {
    const zone = await createZone('gone.example');
    await snapshotOf('gone.example');
    expect((await call('DELETE', `/api/zones/${zone.id}`)).status).toBe(204);
    expect((await call('GET', `/api/zones/${zone.id}`)).status).toBe(404);
    await expect(snapshotOf('gone.example')).rejects.toThrow(/ENOENT/);
  });

  it('revokes the tokens of a deleted zone, so a zone recreated at the same origin does not inherit them', async () => {
    const zone = await createZone('reborn.example');
    const minted = await call<{ token: string; id: string }>('POST', `/api/zones/${zone.id}/tokens`, { scope: 'zone-admin', name: 'ci' });
    expect(minted.status).toBe(201);
    expect((await call('DELETE', `/api/zones/${zone.id}`)).status).toBe(204);
    const reborn = await createZone('reborn.example');
    const res = await fetch(`${control.url}/api/zones/${reborn.id}/records`, { headers: { authorization: `Bearer ${minted.json.token}` } });
    expect(res.status).toBe(401);
    const tokens = await call<{ tokens: { id: string; revoked: boolean }[] }>('GET', '/api/tokens');
    expect(tokens.json.tokens.find((t) => t.id === minted.json.id)?.revoked).toBe(true);
  });
});

describe('records', () => {
  let zone: Zone;
  beforeAll(async () => {
    zone = await createZone('records.example');
  });

  it('stores values in canonical form, collapses duplicates and lists in canonical order', async () => {
    const res = await call<{ status: string; serial: number }>('POST', `/api/zones/${zone.id}/records`, {
      changes: [
        { name: 'www.records.example', type: 'AAAA', records: ['2001:DB8:0:0::1', '2001:db8::1'] },
        { name: 'records.example', type: 'MX', ttl: 3600, records: ['10 MAIL.records.example', '20 mail2.records.example.'] },
        { name: 'WWW.records.example.', type: 'a', records: ['192.0.2.1'] },
        { name: '@', type: 'SPF', records: ['"v=spf1 -all"'] },
        { name: '_sip._tcp.records.example', type: 'SRV', records: ['10 60 5060 sip.records.example.'] },
        { name: '@', type: 'CAA', records: ['0 issue "letsencrypt.org"'] },
        { name: 'alias.records.example', type: 'CNAME', records: ['www.records.example'] },
      ],
    });
    // The answer echoes what was stored, in the request's order, canonical as it will be served.
    expect(res).toEqual({
      status: 200,
      json: {
        status: 'PENDING',
        serial: 2,
        rrsets: [
          { name: 'www.records.example.', type: 'AAAA', ttl: 300, records: ['2001:db8::1'] },
          { name: 'records.example.', type: 'MX', ttl: 3600, records: ['10 mail.records.example.', '20 mail2.records.example.'] },
          { name: 'www.records.example.', type: 'A', ttl: 300, records: ['192.0.2.1'] },
          { name: 'records.example.', type: 'TXT', ttl: 300, records: ['"v=spf1 -all"'] },
          { name: '_sip._tcp.records.example.', type: 'SRV', ttl: 300, records: ['10 60 5060 sip.records.example.'] },
          { name: 'records.example.', type: 'CAA', ttl: 300, records: ['0 issue "letsencrypt.org"'] },
          { name: 'alias.records.example.', type: 'CNAME', ttl: 300, records: ['www.records.example.'] },
        ],
      },
    });
    const records = await getRecords(zone.id);
    expect(records.map((r) => `${r.name} ${r.type}`)).toEqual([
      'records.example. SOA',
      'records.example. NS',
      'records.example. MX',
      'records.example. TXT',
      'records.example. CAA',
      '_sip._tcp.records.example. SRV',
      'alias.records.example. CNAME',
      'www.records.example. A',
      'www.records.example. AAAA',
    ]);
    const byKey = new Map(records.map((r) => [`${r.name} ${r.type}`, r]));
    expect(byKey.get('www.records.example. AAAA')?.records).toEqual(['2001:db8::1']);
    expect(byKey.get('records.example. MX')).toEqual({ name: 'records.example.', type: 'MX', ttl: 3600, records: ['10 mail.records.example.', '20 mail2.records.example.'] });
    expect(byKey.get('alias.records.example. CNAME')?.records).toEqual(['www.records.example.']);
    expect(byKey.get('records.example. TXT')?.records).toEqual(['"v=spf1 -all"']);
    expect(byKey.get('records.example. SOA')?.records[0]).toMatch(/ 2 3600 900 1209600 300$/);
  });

  it('bumps the serial once per change and not for no-ops', async () => {
    const first = await call<{ serial: number }>('POST', `/api/zones/${zone.id}/records`, { name: 'n1.records.example', type: 'TXT', records: ['"one"'] });
    const same = await call<{ serial: number }>('POST', `/api/zones/${zone.id}/records`, { name: 'n1.records.example', type: 'TXT', records: ['"one"'] });
    const absent = await call<{ serial: number }>('POST', `/api/zones/${zone.id}/records`, { action: 'DELETE', name: 'nothing-here.records.example', type: 'A' });
    const second = await call<{ serial: number }>('POST', `/api/zones/${zone.id}/records`, { action: 'DELETE', name: 'n1.records.example', type: 'TXT' });
    expect([first.status, same.status, absent.status, second.status]).toEqual([200, 200, 200, 200]);
    expect(same.json.serial).toBe(first.json.serial);
    expect(absent.json.serial).toBe(first.json.serial);
    expect(second.json.serial).toBe(first.json.serial + 1);
    expect((await getZone(zone.id)).serial).toBe(second.json.serial);
  });

  it('DELETE with values removes only those values', async () => {
    await call('POST', `/api/zones/${zone.id}/records`, { name: 'multi.records.example', type: 'TXT', records: ['"a"', '"b"', '"c"'] });
    await call('POST', `/api/zones/${zone.id}/records`, { action: 'DELETE', name: 'multi.records.example', type: 'TXT', records: ['"b"'] });
    const set = (await getRecords(zone.id)).find((r) => r.name === 'multi.records.example.');
    expect(set?.records).toEqual(['"a"', '"c"']);
  });

  it('auto-publishes committed changes, with the SOA serial equal to the zone serial', async () => {
    const res = await call<{ serial: number }>('POST', `/api/zones/${zone.id}/records`, { name: 'auto.records.example', type: 'A', records: ['192.0.2.44'] });
    await waitUntil(async () => (await getZone(zone.id)).published_serial === res.json.serial, { what: 'the auto-publish' });
    const snap = await snapshotOf('records.example');
    expect(snap.serial).toBe(res.json.serial);
    expect(snap.sets.get('auto.records.example. A')).toEqual(['192.0.2.44']);
    expect(snap.sets.get('www.records.example. AAAA')).toEqual(['2001:db8::1']);
  });

  it('stages changes while auto_publish is off until an explicit publish', async () => {
    const patched = await call<Zone>('PATCH', `/api/zones/${zone.id}`, { auto_publish: false });
    expect(patched.json.auto_publish).toBe(false);
    const before = await getZone(zone.id);
    const staged = await call<{ serial: number }>('POST', `/api/zones/${zone.id}/records`, { name: 'staged.records.example', type: 'A', records: ['192.0.2.55'] });
    expect(staged.json.serial).toBe(before.serial + 1);
    const published = await call('POST', `/api/zones/${zone.id}/publish`);
    expect(published).toEqual({ status: 200, json: { published_serial: staged.json.serial, published: true, edges: { total: 0, in_sync: 0, lagging: [] } } });
    expect((await getZone(zone.id)).published_serial).toBe(staged.json.serial);
    expect((await snapshotOf('records.example')).sets.get('staged.records.example. A')).toEqual(['192.0.2.55']);
    await call('PATCH', `/api/zones/${zone.id}`, { auto_publish: true });
  });

  it('turning auto_publish back on publishes staged changes', async () => {
    await call('PATCH', `/api/zones/${zone.id}`, { auto_publish: false });
    const staged = await call<{ serial: number }>('POST', `/api/zones/${zone.id}/records`, { name: 'later.records.example', type: 'A', records: ['192.0.2.66'] });
    await call('PATCH', `/api/zones/${zone.id}`, { auto_publish: true });
    await waitUntil(async () => (await getZone(zone.id)).published_serial === staged.json.serial, { what: 'the staged change to be published' });
    expect((await snapshotOf('records.example')).sets.get('later.records.example. A')).toEqual(['192.0.2.66']);
  });

  it('gives concurrent changes distinct consecutive serials', async () => {
    const start = (await getZone(zone.id)).serial;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call<{ serial: number }>('POST', `/api/zones/${zone.id}/records`, { name: `c${i}.records.example`, type: 'A', records: [`192.0.2.${i}`] })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(results.map((r) => r.json.serial).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => start + 1 + i));
    await waitUntil(async () => (await getZone(zone.id)).published_serial === start + 20, { what: 'the burst to be published' });
    const snap = await snapshotOf('records.example');
    for (let i = 0; i < 20; i++) expect(snap.sets.get(`c${i}.records.example. A`)).toEqual([`192.0.2.${i}`]);
  });

  it('writes audit entries for record changes', async () => {
    await call('POST', `/api/zones/${zone.id}/records`, { name: 'audited.records.example', type: 'A', records: ['192.0.2.77'] });
    const audit = await call<{ entries: { action: string; target: string; actor: string }[] }>('GET', '/api/audit?limit=50');
    expect(audit.status).toBe(200);
    expect(audit.json.entries).toContainEqual(expect.objectContaining({ action: 'rrset.upsert', target: 'audited.records.example./A', actor: 'user:records@example.com' }));
    expect(audit.json.entries.map((e) => e.action)).toContain('zone.create');
  });
});
