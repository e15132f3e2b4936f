// Integration: POST /api/zones/{id}/acme-challenge over real HTTP, checked at a real edge the way a validator asks.
//
// "Served before the response returns" is tested literally: one UDP query, no EDNS, right
// after the response, with no polling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRdata } from '../../shared/dns/rdata.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { askTxt, createZone } from '../helpers/acme-dnscove.js';
import type { TestZone } from '../helpers/acme-dnscove.js';
import { startAcmeStack } from '../helpers/acme-control.js';
import type { AcmeStack } from '../helpers/acme-control.js';
import { api, devLogin, mintToken, problemOf } from '../helpers/control-harness.js';
import type { ApiResponse } from '../helpers/control-harness.js';
import { exchange } from '../helpers/dns-client.js';
import { encodeQuery } from '../../shared/dns/message.js';

let stack: AcmeStack;
let session = '';
let counter = 0;

/** A base64url value shaped like RFC 8555 §8.4's (43 characters), different every call. */
const value = (): string => `v${String(++counter).padStart(6, '0')}${'x'.repeat(36)}`;

async function newZone(): Promise<TestZone> {
  return createZone(stack.control.url, session, `z${++counter}.acme.test`);
}

function challenge(zone: TestZone, body: unknown, token = session): Promise<ApiResponse> {
  return api(stack.control.url, 'POST', `/api/zones/${zone.id}/acme-challenge`, { token, body });
}

async function served(name: string): Promise<string[]> {
  return (await askTxt(stack.dnsPort, name)).values;
}

async function servedOverTcp(name: string): Promise<string[]> {
  const reply = await exchange(stack.dnsPort, encodeQuery({ id: ++counter % 65536, qname: name, qtype: RRType.TXT }), 'tcp');
  if (reply.message === null) throw new Error(`no TCP answer for ${name}`);
  return reply.message.answer.filter((rr) => rr.type === RRType.TXT).map((rr) => formatRdata(RRType.TXT, rr.rdata).slice(1, -1)).sort();
}

beforeAll(async () => {
  stack = await startAcmeStack();
  session = (await devLogin(stack.control.url, 'acme@example.com')).session;
});

afterAll(async () => {
  await stack?.close();
});

describe('PRESENT and CLEANUP', () => {
  it('PRESENT answers published: true and the edge already serves the value', async () => {
    const zone = await newZone();
    const v = value();
    const res = await challenge(zone, { action: 'PRESENT', name: zone.origin, value: v });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'ok', action: 'PRESENT', changed: true, published: true });
    const answer = await askTxt(stack.dnsPort, `_acme-challenge.${zone.origin}`);
    expect(answer).toMatchObject({ rcode: 0, values: [v] });
  });

  const names: { given: (origin: string) => string; owner: (origin: string) => string }[] = [
    { given: (o) => o, owner: (o) => `_acme-challenge.${o}` },
    { given: (o) => `${o}.`, owner: (o) => `_acme-challenge.${o}` },
    { given: (o) => `*.${o}`, owner: (o) => `_acme-challenge.${o}` },
    { given: (o) => `_acme-challenge.${o}.`, owner: (o) => `_acme-challenge.${o}` },
    { given: (o) => `WWW.${o.toUpperCase()}`, owner: (o) => `_acme-challenge.www.${o}` },
    { given: (o) => `*.www.${o}`, owner: (o) => `_acme-challenge.www.${o}` },
    { given: (o) => `_acme-challenge.deep.sub.${o}`, owner: (o) => `_acme-challenge.deep.sub.${o}` },
  ];

  it.each(names.map((n, i) => ({ ...n, i })))('name form $i is served at the right owner', async ({ given, owner }) => {
    const zone = await newZone();
    const v = value();
    expect((await challenge(zone, { action: 'PRESENT', name: given(zone.origin), value: v })).status).toBe(200);
    expect(await served(owner(zone.origin))).toEqual([v]);
  });

  it('values merge (apex and wildcard), repeats change nothing, CLEANUP removes one value at a time', async () => {
    const zone = await newZone();
    const [a, b] = [value(), value()];
    const first = await challenge(zone, { action: 'PRESENT', name: zone.origin, value: a });
    const second = await challenge(zone, { action: 'PRESENT', name: `*.${zone.origin}`, value: b });
    expect(await served(`_acme-challenge.${zone.origin}`)).toEqual([a, b].sort());
    const repeat = await challenge(zone, { action: 'PRESENT', name: zone.origin, value: a });
    expect(repeat.json).toMatchObject({ changed: false, published: true, serial: (second.json as { serial: number }).serial });
    expect((second.json as { serial: number }).serial).toBeGreaterThan((first.json as { serial: number }).serial);

    expect((await challenge(zone, { action: 'CLEANUP', name: zone.origin, value: a })).json).toMatchObject({ action: 'CLEANUP', changed: true });
    expect(await served(`_acme-challenge.${zone.origin}`)).toEqual([b]);
    expect((await challenge(zone, { action: 'CLEANUP', name: zone.origin, value: a })).json).toMatchObject({ changed: false });
    expect((await challenge(zone, { action: 'CLEANUP', name: zone.origin, value: b })).json).toMatchObject({ changed: true });
    const gone = await askTxt(stack.dnsPort, `_acme-challenge.${zone.origin}`);
    expect(gone).toMatchObject({ rcode: 3, values: [] });
    const records = await api(stack.control.url, 'GET', `/api/zones/${zone.id}/records`, { token: session });
    expect(JSON.stringify(records.json)).not.toContain('_acme-challenge');
  });

  it('the TXT RRset has TTL 60 and two values fit a 512-byte answer without EDNS', async () => {
    const zone = await newZone();
    await challenge(zone, { action: 'PRESENT', name: zone.origin, value: 'A'.repeat(43) });
    await challenge(zone, { action: 'PRESENT', name: `*.${zone.origin}`, value: 'B'.repeat(43) });
    const records = await api(stack.control.url, 'GET', `/api/zones/${zone.id}/records`, { token: session });
    const txt = (records.json as { records: { name: string; type: string; ttl: number; records: string[] }[] }).records.find((r) => r.type === 'TXT');
    expect(txt).toEqual({ name: `_acme-challenge.${zone.origin}.`, type: 'TXT', ttl: 60, records: [`"${'A'.repeat(43)}"`, `"${'B'.repeat(43)}"`] });
    const answer = await askTxt(stack.dnsPort, `_acme-challenge.${zone.origin}`);
    expect(answer.values).toHaveLength(2);
    expect(answer.size).toBeLessThanOrEqual(512);
  });

  it('every request is audited with its endpoint, repeats included', async () => {
    const zone = await newZone();
    const v = value();
    await challenge(zone, { action: 'PRESENT', name: zone.origin, value: v });
    await challenge(zone, { action: 'PRESENT', name: zone.origin, value: v });
    await challenge(zone, { action: 'CLEANUP', name: zone.origin, value: v });
    const audit = await api(stack.control.url, 'GET', '/api/audit?limit=20', { token: session });
    const entries = (audit.json as { entries: { action: string; target: string; actor: string; summary: { after?: { value: string; changed: boolean; via: string } } }[] }).entries
      .filter((e) => e.target === `_acme-challenge.${zone.origin}./TXT`)
      .reverse();
    expect(entries.map((e) => [e.action, e.summary.after?.changed, e.summary.after?.via, e.summary.after?.value])).toEqual([
      ['acme.present', true, 'api', v],
      ['acme.present', false, 'api', v],
      ['acme.cleanup', true, 'api', v],
    ]);
    expect(entries[0]?.actor).toBe('user:acme@example.com');
  });
});

describe('concurrency (libdns TestAppendRecords_Concurrent)', () => {
  it('twenty concurrent PRESENTs on one name all land; concurrent CLEANUPs leave exactly the rest', async () => {
    const zone = await newZone();
    const values = Array.from({ length: 20 }, () => value());
    const presents = await Promise.all(values.map((v, i) => challenge(zone, { action: 'PRESENT', name: i % 2 === 0 ? zone.origin : `*.${zone.origin}`, value: v })));
    expect(presents.map((r) => r.status)).toEqual(values.map(() => 200));
    expect(presents.every((r) => (r.json as { changed: boolean }).changed)).toBe(true);
    // Twenty 43-byte values do not fit 512 bytes: ask over TCP.
    expect(await servedOverTcp(`_acme-challenge.${zone.origin}`)).toEqual([...values].sort());
    const serials = presents.map((r) => (r.json as { serial: number }).serial);
    expect(new Set(serials).size).toBe(20);

    const cleaned = values.filter((_, i) => i % 3 !== 0);
    const kept = values.filter((_, i) => i % 3 === 0);
    const cleanups = await Promise.all(cleaned.map((v) => challenge(zone, { action: 'CLEANUP', name: zone.origin, value: v })));
    expect(cleanups.map((r) => r.status)).toEqual(cleaned.map(() => 200));
    expect(await served(`_acme-challenge.${zone.origin}`)).toEqual([...kept].sort());
  });

  it('concurrent PRESENTs on different zones all land', async () => {
    const zones = await Promise.all([newZone(), newZone(), newZone(), newZone()]);
    const calls = zones.flatMap((zone) => [value(), value(), value()].map((v) => ({ zone, v })));
    await Promise.all(calls.map(({ zone, v }) => challenge(zone, { action: 'PRESENT', name: zone.origin, value: v })));
    for (const zone of zones) {
      expect(await served(`_acme-challenge.${zone.origin}`)).toEqual(calls.filter((c) => c.zone === zone).map((c) => c.v).sort());
    }
  });
});

describe('staged changes stay staged (API.md "Challenge values never drag staged work live")', () => {
  it('a PRESENT on a zone with auto_publish off serves the value and nothing staged', async () => {
    const zone = await newZone();
    expect((await api(stack.control.url, 'PATCH', `/api/zones/${zone.id}`, { token: session, body: { auto_publish: false } })).status).toBe(200);
    const staged = await api(stack.control.url, 'POST', `/api/zones/${zone.id}/records`, {
      token: session,
      body: { action: 'UPSERT', name: `www.${zone.origin}.`, type: 'TXT', ttl: 300, records: ['"staged"'] },
    });
    expect(staged.status).toBe(200);
    const [a, b] = [value(), value()];
    const present = await challenge(zone, { action: 'PRESENT', name: zone.origin, value: a });
    expect(present.json).toMatchObject({ changed: true, published: true });
    await challenge(zone, { action: 'PRESENT', name: zone.origin, value: b });
    expect(await served(`_acme-challenge.${zone.origin}`)).toEqual([a, b].sort());
    expect((await askTxt(stack.dnsPort, `www.${zone.origin}`)).rcode).toBe(3);
    const info = await api(stack.control.url, 'GET', `/api/zones/${zone.id}`, { token: session });
    const { serial, published_serial } = info.json as { serial: number; published_serial: number };
    expect(published_serial).toBeLessThan(serial);

    await challenge(zone, { action: 'CLEANUP', name: zone.origin, value: a });
    expect(await served(`_acme-challenge.${zone.origin}`)).toEqual([b]);
    expect((await askTxt(stack.dnsPort, `www.${zone.origin}`)).rcode).toBe(3);

    // The next publish carries the staged change and keeps the challenge value.
    expect((await api(stack.control.url, 'POST', `/api/zones/${zone.id}/publish`, { token: session })).status).toBe(200);
    expect(await served(`www.${zone.origin}`)).toEqual(['staged']);
    expect(await served(`_acme-challenge.${zone.origin}`)).toEqual([b]);
  });
});

describe('refusals', () => {
  let zone: TestZone;
  let other: TestZone;
  let acmeToken = '';
  let otherSession = '';

  beforeAll(async () => {
    zone = await newZone();
    other = await newZone();
    acmeToken = (await mintToken(stack.control.url, session, `/api/zones/${zone.id}/tokens`, { scope: 'acme-dns01', name: 'acme' })).token;
    otherSession = (await devLogin(stack.control.url, 'intruder@example.com')).session;
  });

  const bad: { why: string; body: (origin: string) => unknown; status: number }[] = [
    { why: 'a name outside the zone', body: () => ({ action: 'PRESENT', name: 'example.org', value: 'abc' }), status: 400 },
    { why: 'a value with a space', body: (o) => ({ action: 'PRESENT', name: o, value: 'a b' }), status: 400 },
    { why: 'a value with a quote', body: (o) => ({ action: 'PRESENT', name: o, value: 'a"b' }), status: 400 },
    { why: 'an empty value', body: (o) => ({ action: 'PRESENT', name: o, value: '' }), status: 400 },
    { why: 'an unknown action', body: (o) => ({ action: 'DELETE', name: o, value: 'abc' }), status: 400 },
    { why: 'an extra field', body: (o) => ({ action: 'PRESENT', name: o, value: 'abc', ttl: 5 }), status: 400 },
    { why: 'a malformed name', body: (o) => ({ action: 'PRESENT', name: `a..${o}`, value: 'abc' }), status: 400 },
  ];

  it.each(bad)('$why → $status, nothing served', async ({ body, status }) => {
    const res = await challenge(zone, body(zone.origin));
    expect(res.status).toBe(status);
    problemOf(res);
    expect(await served(`_acme-challenge.${zone.origin}`)).toEqual([]);
  });

  it('a TXT beside a CNAME is refused (400 naming the name) and nothing changes', async () => {
    await api(stack.control.url, 'POST', `/api/zones/${zone.id}/records`, {
      token: session,
      body: { action: 'UPSERT', name: `_acme-challenge.cname.${zone.origin}.`, type: 'CNAME', ttl: 60, records: ['elsewhere.example.net.'] },
    });
    const res = await challenge(zone, { action: 'PRESENT', name: `cname.${zone.origin}`, value: 'abc' });
    expect(res.status).toBe(400);
    expect(problemOf(res)['detail']).toMatch(/CNAME/i);
  });

  const creds: { who: string; token: () => string; zone: () => TestZone; status: number }[] = [
    { who: 'an acme-dns01 token on its own zone', token: () => acmeToken, zone: () => zone, status: 200 },
    { who: 'an acme-dns01 token on another zone', token: () => acmeToken, zone: () => other, status: 403 },
    { who: 'a wrong token', token: () => `${acmeToken.slice(0, -4)}AAAA`, zone: () => zone, status: 401 },
    { who: "another tenant's session", token: () => otherSession, zone: () => zone, status: 404 },
  ];

  it.each(creds)('$who → $status', async ({ token, zone: target, status }) => {
    const v = value();
    const res = await challenge(target(), { action: 'PRESENT', name: target().origin, value: v }, token());
    expect(res.status).toBe(status);
    expect((await served(`_acme-challenge.${target().origin}`)).includes(v)).toBe(status === 200);
  });

  it('an acme-dns01 token cannot change other records (403)', async () => {
    const res = await api(stack.control.url, 'POST', `/api/zones/${zone.id}/records`, {
      token: acmeToken,
      body: { action: 'UPSERT', name: `_acme-challenge.${zone.origin}.`, type: 'TXT', ttl: 60, records: ['"sneaky"'] },
    });
    expect(res.status).toBe(403);
    expect(await served(`_acme-challenge.${zone.origin}`)).not.toContain('sneaky');
  });
});
