// Integration: the acme-dns API (/acme-dns/register, /update, /health) and a tenant's registrations, checked at a real edge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireAcmeDnsValues } from '../../control/acme/acme-dns/expire-values.js';
import { parseName } from '../../shared/dns/name.js';
import { formatRdata } from '../../shared/dns/rdata.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { askTxt, createZone } from '../helpers/acme-dnscove.js';
import { startAcmeStack } from '../helpers/acme-control.js';
import type { AcmeStack } from '../helpers/acme-control.js';
import { api, devLogin, mintToken, problemOf, stringField } from '../helpers/control-harness.js';
import type { ApiResponse } from '../helpers/control-harness.js';
import { exchange } from '../helpers/dns-client.js';
import { encodeQuery } from '../../shared/dns/message.js';
import { waitUntil } from '../helpers/wait-until.js';

// Short enough that the expiry sweep (a quarter of it, at least 1 s) runs within the test.
const VALUE_SECONDS = 8;
const ZONE = 'auth.acme-dns.test';

let stack: AcmeStack;
let session = '';
let otherSession = '';
let clockOffsetMs = 0;
let counter = 0;

interface Registration {
  readonly username: string;
  readonly password: string;
  readonly fulldomain: string;
  readonly subdomain: string;
  readonly allowfrom: string[];
}

const value = (): string => `d${String(++counter).padStart(6, '0')}${'z'.repeat(36)}`;

async function register(body?: unknown, token = session): Promise<Registration> {
  const res = await api(stack.control.url, 'POST', '/acme-dns/register', { token, ...(body === undefined ? {} : { body }) });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${res.text}`);
  return res.json as Registration;
}

function update(r: Pick<Registration, 'username' | 'password'>, body: unknown): Promise<ApiResponse> {
  return api(stack.control.url, 'POST', '/acme-dns/update', { headers: { 'X-Api-User': r.username, 'X-Api-Key': r.password }, body });
}

async function served(name: string): Promise<string[]> {
  return (await askTxt(stack.dnsPort, name)).values;
}

async function listed(): Promise<{ username: string; fulldomain: string; allowfrom: string[]; values: { txt: string; expires_at: string }[] }[]> {
  const res = await api(stack.control.url, 'GET', '/api/acme-dns/registrations', { token: session });
  expect(res.status).toBe(200);
  return (res.json as { registrations: [] }).registrations;
}

beforeAll(async () => {
  stack = await startAcmeStack({ acmeDnsValueSeconds: VALUE_SECONDS, acmeDnsZone: parseName(`${ZONE}.`) }, () => new Date(Date.now() + clockOffsetMs));
  session = (await devLogin(stack.control.url, 'acme-dns@example.com')).session;
  otherSession = (await devLogin(stack.control.url, 'other@example.com')).session;
});

afterAll(async () => {
  await stack?.close();
});

describe('the acme-dns zone', () => {
  it('is created at start, served by the edge, and no customer can take its origin', async () => {
    const soa = await exchange(stack.dnsPort, encodeQuery({ id: 1, qname: ZONE, qtype: RRType.SOA }), 'udp');
    expect(soa.message).toMatchObject({ rcode: 0, aa: true });
    expect(soa.message?.answer.map((rr) => rr.type)).toEqual([RRType.SOA]);
    const taken = await api(stack.control.url, 'POST', '/api/zones', { token: session, body: { origin: ZONE } });
    expect(taken.status).toBe(409);
    const zones = await api(stack.control.url, 'GET', '/api/zones', { token: session });
    expect(JSON.stringify(zones.json)).not.toContain(ZONE);
  });

  it('GET /acme-dns/health answers 200', async () => {
    expect((await api(stack.control.url, 'GET', '/acme-dns/health')).status).toBe(200);
  });
});

describe('register', () => {
  it('answers like acme-dns, with credentials kept out of caches', async () => {
    const res = await api(stack.control.url, 'POST', '/acme-dns/register', { token: session });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const r = res.json as Registration;
    expect(Object.keys(r).sort()).toEqual(['allowfrom', 'fulldomain', 'password', 'subdomain', 'username']);
    expect(r.fulldomain).toBe(`${r.subdomain}.${ZONE}`);
    expect(r.allowfrom).toEqual([]);
    expect(r.password.length).toBeGreaterThanOrEqual(40);
  });

  const allowfrom: { given: string[]; status: number; stored?: string[] }[] = [
    { given: ['192.0.2.0/24', '2001:DB8::/32'], status: 201, stored: ['192.0.2.0/24', '2001:db8::/32'] },
    { given: ['127.0.0.1'], status: 201, stored: ['127.0.0.1/32'] },
    { given: ['192.0.2.0/33'], status: 400 },
    { given: ['not-an-address'], status: 400 },
    { given: ['192.0.2.0/24/1'], status: 400 },
    { given: ['192.0.2.0/'], status: 400 },
  ];

  it.each(allowfrom)('allowfrom $given → $status', async ({ given, status, stored }) => {
    const res = await api(stack.control.url, 'POST', '/acme-dns/register', { token: session, body: { allowfrom: given } });
    expect(res.status).toBe(status);
    if (stored !== undefined) expect(stringField(res.json, 'fulldomain')).toMatch(/\.auth\.acme-dns\.test$/);
    if (stored !== undefined) expect((res.json as Registration).allowfrom).toEqual(stored);
    else problemOf(res);
  });

  it('needs a session or tenant-admin token (401 without, 403 for a zone-bound token)', async () => {
    expect((await api(stack.control.url, 'POST', '/acme-dns/register')).status).toBe(401);
    const zone = await createZone(stack.control.url, session, 'register-scope.test');
    const acme = await mintToken(stack.control.url, session, `/api/zones/${zone.id}/tokens`, { scope: 'acme-dns01', name: 'a' });
    expect((await api(stack.control.url, 'POST', '/acme-dns/register', { token: acme.token })).status).toBe(403);
  });
});

describe('update', () => {
  it('serves the value at fulldomain before answering, and keeps every concurrent value', async () => {
    const r = await register();
    const v = value();
    const res = await update(r, { subdomain: r.subdomain, txt: v });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ txt: v });
    expect(await served(r.fulldomain)).toEqual([v]);
    const more = [value(), value(), value()];
    await Promise.all(more.map((txt) => update(r, { subdomain: r.subdomain, txt })));
    expect(await served(r.fulldomain)).toEqual([v, ...more].sort());
  });

  it('twenty concurrent updates on one registration all land', async () => {
    const r = await register();
    const values = Array.from({ length: 20 }, () => value());
    const results = await Promise.all(values.map((txt) => update(r, { subdomain: r.subdomain, txt })));
    expect(results.map((res) => res.status)).toEqual(values.map(() => 200));
    const reg = (await listed()).find((x) => x.username === r.username);
    expect(reg?.values.map((v) => v.txt).sort()).toEqual([...values].sort());
    const tcp = await exchange(stack.dnsPort, encodeQuery({ id: 2, qname: r.fulldomain, qtype: RRType.TXT }), 'tcp');
    expect(tcp.message?.answer.map((rr) => formatRdata(RRType.TXT, rr.rdata).slice(1, -1)).sort()).toEqual([...values].sort());
  });

  it('accepts SubDomain/Txt keys in any case', async () => {
    const r = await register();
    const v = value();
    expect((await update(r, { SubDomain: r.subdomain.toUpperCase(), Txt: v })).status).toBe(200);
    expect(await served(r.fulldomain)).toEqual([v]);
  });

  it('serves through a customer CNAME at _acme-challenge (the edge restarts at the target, RFC 1034 §4.3.2 step 3a)', async () => {
    const r = await register();
    const zone = await createZone(stack.control.url, session, 'cname-customer.test');
    const cname = await api(stack.control.url, 'POST', `/api/zones/${zone.id}/records`, {
      token: session,
      body: { action: 'UPSERT', name: `_acme-challenge.${zone.origin}.`, type: 'CNAME', ttl: 60, records: [`${r.fulldomain}.`] },
    });
    expect(cname.status).toBe(200);
    await api(stack.control.url, 'POST', `/api/zones/${zone.id}/publish`, { token: session });
    // Apex and wildcard: two values, which must fit a 512-byte answer without EDNS (Pebble never retries over TCP).
    const [v, w] = [value(), value()];
    await update(r, { subdomain: r.subdomain, txt: v });
    await update(r, { subdomain: r.subdomain, txt: w });
    const reply = await exchange(stack.dnsPort, encodeQuery({ id: 3, qname: `_acme-challenge.${zone.origin}`, qtype: RRType.TXT }), 'udp');
    expect(reply.message).toMatchObject({ rcode: 0, tc: false });
    expect(reply.message?.answer.map((rr) => rr.type)).toEqual([RRType.CNAME, RRType.TXT, RRType.TXT]);
    expect(reply.bytes?.length).toBeLessThanOrEqual(512);
    expect(await served(`_acme-challenge.${zone.origin}`)).toEqual([v, w].sort());
  });

  it('is audited for the registration’s tenant as acme.present via acme-dns', async () => {
    const r = await register();
    const v = value();
    await update(r, { subdomain: r.subdomain, txt: v });
    const audit = await api(stack.control.url, 'GET', '/api/audit?limit=5', { token: session });
    const entry = (audit.json as { entries: { action: string; actor: string; target: string; summary: { after?: { via: string; value: string } } }[] }).entries.find(
      (e) => e.summary.after?.value === v,
    );
    expect(entry).toMatchObject({ action: 'acme.present', actor: `acme-dns:${r.username}`, target: `${r.fulldomain}./TXT`, summary: { after: { via: 'acme-dns' } } });
  });

  const refusals: { why: string; call: (r: Registration, other: Registration) => Promise<ApiResponse>; status: number }[] = [
    { why: 'a wrong key', call: (r) => update({ username: r.username, password: `${r.password}x` }, { subdomain: r.subdomain, txt: value() }), status: 401 },
    { why: 'an unknown user', call: (r) => update({ username: '00000000-0000-4000-8000-000000000000', password: r.password }, { subdomain: r.subdomain, txt: value() }), status: 401 },
    { why: 'no headers', call: (r) => api(stack.control.url, 'POST', '/acme-dns/update', { body: { subdomain: r.subdomain, txt: value() } }), status: 401 },
    { why: "another registration's subdomain", call: (r, other) => update(r, { subdomain: other.subdomain, txt: value() }), status: 403 },
    { why: 'a txt with a space', call: (r) => update(r, { subdomain: r.subdomain, txt: 'a b' }), status: 400 },
    { why: 'no txt', call: (r) => update(r, { subdomain: r.subdomain }), status: 400 },
    { why: 'no subdomain', call: (r) => update(r, { txt: value() }), status: 400 },
    { why: 'an array body', call: (r) => update(r, [r.subdomain]), status: 400 },
  ];

  it.each(refusals)('$why → $status, nothing served', async ({ call, status }) => {
    const [r, other] = [await register(), await register()];
    const res = await call(r, other);
    expect(res.status).toBe(status);
    problemOf(res);
    expect(await served(r.fulldomain)).toEqual([]);
    expect(await served(other.fulldomain)).toEqual([]);
  });

  it('honours allowfrom: 403 outside the ranges, 200 inside', async () => {
    const outside = await register({ allowfrom: ['192.0.2.0/24', '2001:db8::/32'] });
    const res = await update(outside, { subdomain: outside.subdomain, txt: value() });
    expect(res.status).toBe(403);
    expect(await served(outside.fulldomain)).toEqual([]);
    const inside = await register({ allowfrom: ['127.0.0.0/8'] });
    expect((await update(inside, { subdomain: inside.subdomain, txt: value() })).status).toBe(200);
  });
});

describe('expiry', () => {
  it('a value leaves the edge once its time is up; an update moves the expiry', async () => {
    const r = await register();
    const [old, refreshed] = [value(), value()];
    await update(r, { subdomain: r.subdomain, txt: old });
    await update(r, { subdomain: r.subdomain, txt: refreshed });
    clockOffsetMs += (VALUE_SECONDS - 2) * 1000;
    await update(r, { subdomain: r.subdomain, txt: refreshed });
    clockOffsetMs += 3000;
    // The sweep on its timer removes the old value and keeps the refreshed one.
    await waitUntil(async () => JSON.stringify(await served(r.fulldomain)) === JSON.stringify([refreshed]), { what: 'the old value to expire', timeoutMs: 10_000 });
    expect((await listed()).find((x) => x.username === r.username)?.values.map((v) => v.txt)).toEqual([refreshed]);
    clockOffsetMs += VALUE_SECONDS * 1000;
    // The sweep is a plain function too; whichever run gets there first removes the value.
    await expireAcmeDnsValues(stack.control.services);
    await waitUntil(async () => (await served(r.fulldomain)).length === 0, { what: 'the refreshed value to expire', timeoutMs: 10_000 });
    const audit = await api(stack.control.url, 'GET', '/api/audit?limit=50', { token: session });
    const cleanups = (audit.json as { entries: { action: string; actor: string; summary: { after?: { value: string } } }[] }).entries.filter(
      (e) => e.action === 'acme.cleanup' && (e.summary.after?.value === old || e.summary.after?.value === refreshed),
    );
    expect(cleanups.map((e) => e.actor)).toEqual(['system:acme-dns-expiry', 'system:acme-dns-expiry']);
  }, 30_000);
});

describe("a tenant's registrations", () => {
  it('lists them with their values (never the password) and only to their tenant', async () => {
    const r = await register({ allowfrom: ['127.0.0.1/32'] });
    const v = value();
    await update(r, { subdomain: r.subdomain, txt: v });
    const mine = (await listed()).find((x) => x.username === r.username);
    expect(mine).toMatchObject({ username: r.username, fulldomain: r.fulldomain, allowfrom: ['127.0.0.1/32'], values: [{ txt: v }] });
    expect(JSON.stringify(await listed())).not.toContain(r.password);
    const theirs = await api(stack.control.url, 'GET', '/api/acme-dns/registrations', { token: otherSession });
    expect(JSON.stringify(theirs.json)).not.toContain(r.username);
  });

  it('deleting one takes its values off the edge before answering and stops its credentials', async () => {
    const r = await register();
    const values = [value(), value()];
    for (const txt of values) await update(r, { subdomain: r.subdomain, txt });
    expect((await api(stack.control.url, 'DELETE', `/api/acme-dns/registrations/${r.username}`, { token: otherSession })).status).toBe(404);
    expect(await served(r.fulldomain)).toEqual([...values].sort());
    expect((await api(stack.control.url, 'DELETE', `/api/acme-dns/registrations/${r.username}`, { token: session })).status).toBe(204);
    expect(await served(r.fulldomain)).toEqual([]);
    expect((await update(r, { subdomain: r.subdomain, txt: value() })).status).toBe(401);
    expect((await api(stack.control.url, 'DELETE', `/api/acme-dns/registrations/${r.username}`, { token: session })).status).toBe(404);
    expect((await listed()).map((x) => x.username)).not.toContain(r.username);
  });
});
