// Integration: lego's httpreq protocol at /acme/httpreq over real HTTP, checked at a real edge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askTxt, createZone } from '../helpers/acme-dnscove.js';
import type { TestZone } from '../helpers/acme-dnscove.js';
import { startAcmeStack } from '../helpers/acme-control.js';
import type { AcmeStack } from '../helpers/acme-control.js';
import { api, devLogin, mintToken, problemOf } from '../helpers/control-harness.js';
import type { ApiResponse } from '../helpers/control-harness.js';

let stack: AcmeStack;
let session = '';
let zone: TestZone;
let other: TestZone;
let acmeToken = '';
let zoneAdminToken = '';
let otherTenantToken = '';
let counter = 0;

const value = (): string => `h${String(++counter).padStart(6, '0')}${'y'.repeat(36)}`;
const basic = (password: string, user = 'lego'): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function httpreq(verb: 'present' | 'cleanup', body: unknown, authorization?: string): Promise<ApiResponse> {
  return api(stack.control.url, 'POST', `/acme/httpreq/${verb}`, { body, ...(authorization === undefined ? {} : { headers: { Authorization: authorization } }) });
}

async function served(name: string): Promise<string[]> {
  return (await askTxt(stack.dnsPort, name)).values;
}

beforeAll(async () => {
  stack = await startAcmeStack();
  session = (await devLogin(stack.control.url, 'httpreq@example.com')).session;
  zone = await createZone(stack.control.url, session, 'httpreq.test');
  other = await createZone(stack.control.url, session, 'other-httpreq.test');
  acmeToken = (await mintToken(stack.control.url, session, `/api/zones/${zone.id}/tokens`, { scope: 'acme-dns01', name: 'lego' })).token;
  zoneAdminToken = (await mintToken(stack.control.url, session, `/api/zones/${zone.id}/tokens`, { scope: 'zone-admin' })).token;
  const intruder = await devLogin(stack.control.url, 'intruder@example.com');
  await createZone(stack.control.url, intruder.session, 'intruder.test');
  otherTenantToken = (await mintToken(stack.control.url, intruder.session, '/api/tokens', { name: 'admin' })).token;
});

afterAll(async () => {
  await stack?.close();
});

describe('present and cleanup as lego sends them', () => {
  it('present serves the value before answering; cleanup removes that one value', async () => {
    const [a, b] = [value(), value()];
    const first = await httpreq('present', { fqdn: `_acme-challenge.${zone.origin}.`, value: a }, basic(acmeToken));
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ status: 'ok', action: 'PRESENT', changed: true, published: true });
    expect(await served(`_acme-challenge.${zone.origin}`)).toEqual([a]);
    await httpreq('present', { fqdn: `_acme-challenge.${zone.origin}.`, value: b }, basic(acmeToken));
    expect(await served(`_acme-challenge.${zone.origin}`)).toEqual([a, b].sort());
    const repeat = await httpreq('present', { fqdn: `_acme-challenge.${zone.origin}.`, value: b }, basic(acmeToken));
    expect(repeat.json).toMatchObject({ changed: false });
    const cleanup = await httpreq('cleanup', { fqdn: `_acme-challenge.${zone.origin}.`, value: a }, basic(acmeToken));
    expect(cleanup.json).toMatchObject({ status: 'ok', action: 'CLEANUP', changed: true, published: true });
    expect(await served(`_acme-challenge.${zone.origin}`)).toEqual([b]);
    await httpreq('cleanup', { fqdn: `_acme-challenge.${zone.origin}.`, value: b }, basic(acmeToken));
    expect(await served(`_acme-challenge.${zone.origin}`)).toEqual([]);
  });

  const fqdns: { fqdn: (o: string) => string; owner: (o: string) => string }[] = [
    { fqdn: (o) => `_acme-challenge.www.${o}`, owner: (o) => `_acme-challenge.www.${o}` },
    { fqdn: (o) => `_acme-challenge.www.${o}.`, owner: (o) => `_acme-challenge.www.${o}` },
    { fqdn: (o) => `_ACME-CHALLENGE.Deep.${o.toUpperCase()}.`, owner: (o) => `_acme-challenge.deep.${o}` },
  ];

  it.each(fqdns.map((f, i) => ({ ...f, i })))('fqdn form $i is served at its owner', async ({ fqdn, owner }) => {
    const v = value();
    expect((await httpreq('present', { fqdn: fqdn(zone.origin), value: v }, basic(acmeToken))).status).toBe(200);
    expect(await served(owner(zone.origin))).toEqual([v]);
    expect((await httpreq('cleanup', { fqdn: fqdn(zone.origin), value: v }, basic(acmeToken))).status).toBe(200);
    expect(await served(owner(zone.origin))).toEqual([]);
  });

  it('the user name is ignored, a zone-admin token and a Bearer session work too, and each call is audited as httpreq', async () => {
    const v = value();
    expect((await httpreq('present', { fqdn: `_acme-challenge.${zone.origin}.`, value: v }, basic(zoneAdminToken, ''))).status).toBe(200);
    expect((await httpreq('cleanup', { fqdn: `_acme-challenge.${zone.origin}.`, value: v }, `Bearer ${session}`)).status).toBe(200);
    const audit = await api(stack.control.url, 'GET', '/api/audit?limit=5', { token: session });
    const entries = (audit.json as { entries: { action: string; summary: { after?: { via: string; value: string } } }[] }).entries;
    expect(entries.filter((e) => e.summary.after?.value === v).map((e) => [e.action, e.summary.after?.via])).toEqual([
      ['acme.cleanup', 'httpreq'],
      ['acme.present', 'httpreq'],
    ]);
  });
});

describe('refusals', () => {
  const cases: { why: string; fqdn: () => string; auth: () => string | undefined; status: number }[] = [
    { why: 'no credentials', fqdn: () => `_acme-challenge.${zone.origin}.`, auth: () => undefined, status: 401 },
    { why: 'a wrong token', fqdn: () => `_acme-challenge.${zone.origin}.`, auth: () => basic(`${acmeToken.slice(0, -4)}AAAA`), status: 401 },
    { why: 'a password that is no token', fqdn: () => `_acme-challenge.${zone.origin}.`, auth: () => basic('hunter2'), status: 401 },
    { why: 'a malformed Basic header', fqdn: () => `_acme-challenge.${zone.origin}.`, auth: () => 'Basic !!!', status: 401 },
    { why: "the token of another zone's fqdn", fqdn: () => `_acme-challenge.${other.origin}.`, auth: () => basic(acmeToken), status: 403 },
    { why: "another tenant's token", fqdn: () => `_acme-challenge.${zone.origin}.`, auth: () => basic(otherTenantToken), status: 404 },
    { why: 'a name no zone holds', fqdn: () => '_acme-challenge.nowhere.example.', auth: () => basic(acmeToken), status: 404 },
  ];

  it.each(cases)('$why → $status, nothing served', async ({ fqdn, auth, status }) => {
    const v = value();
    const res = await httpreq('present', { fqdn: fqdn(), value: v }, auth());
    expect(res.status).toBe(status);
    problemOf(res);
    expect(await served(fqdn())).not.toContain(v);
  });

  const bodies: { why: string; body: () => unknown }[] = [
    { why: 'no value', body: () => ({ fqdn: `_acme-challenge.${zone.origin}.` }) },
    { why: 'a value with a space', body: () => ({ fqdn: `_acme-challenge.${zone.origin}.`, value: 'a b' }) },
    { why: 'no fqdn', body: () => ({ value: 'abc' }) },
    { why: 'a malformed fqdn', body: () => ({ fqdn: `a..${zone.origin}`, value: 'abc' }) },
  ];

  it.each(bodies)('$why → 400 once authenticated', async ({ body }) => {
    const res = await httpreq('present', body(), basic(acmeToken));
    expect(res.status).toBe(400);
    problemOf(res);
  });

  it('a bad body without credentials is a 401, not a validation error', async () => {
    expect((await httpreq('present', { nonsense: true })).status).toBe(401);
  });
});
