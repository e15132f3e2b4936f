// TSIG keys through the API (issue 14): minted with the secret shown once, listed without it, scoped to the tenant, deleted, audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, devLogin, problemOf, startTestControl } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';

let control: TestControl;
let owner: string;
let stranger: string;
let zoneId: string;

beforeAll(async () => {
  control = await startTestControl();
  ({ session: owner } = await devLogin(control.url, 'owner@tsig.test'));
  ({ session: stranger } = await devLogin(control.url, 'stranger@tsig.test'));
  zoneId = ((await api(control.url, 'POST', '/api/zones', { token: owner, body: { origin: 'tsig.test' } })).json as { id: string }).id;
});

afterAll(async () => {
  await control.close();
});

describe('POST /api/tsig-keys', () => {
  it('mints an hmac-sha256 key by default: its base64 secret once, the name with its trailing dot', async () => {
    const res = await api(control.url, 'POST', '/api/tsig-keys', { token: owner, body: { name: 'XFR.tsig.test', scope: 'transfer' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const key = res.json as Record<string, unknown>;
    expect(key).toMatchObject({ name: 'xfr.tsig.test.', algorithm: 'hmac-sha256', scope: 'transfer', zone_id: null });
    expect(Buffer.from(String(key['secret']), 'base64')).toHaveLength(32);
    const listed = (await api(control.url, 'GET', '/api/tsig-keys', { token: owner })).json as { keys: Record<string, unknown>[] };
    expect(listed.keys.map((k) => k['name'])).toContain('xfr.tsig.test.');
    expect(JSON.stringify(listed)).not.toContain(String(key['secret']));
  });

  it.each([
    ['hmac-sha512', 64],
    ['hmac-sha384', 48],
    ['hmac-sha1', 20],
  ])('mints %s keys with a secret as long as the hash', async (algorithm, bytes) => {
    const res = await api(control.url, 'POST', '/api/tsig-keys', { token: owner, body: { name: `${algorithm}.tsig.test`, algorithm, scope: 'zone-admin', zone_id: zoneId } });
    expect(res.status).toBe(201);
    expect(Buffer.from(String((res.json as { secret: string }).secret), 'base64')).toHaveLength(bytes);
  });

  it('refuses a zone-bound scope without a zone, another tenant’s zone, a name that is not a domain name, and a name in use anywhere', async () => {
    const noZone = await api(control.url, 'POST', '/api/tsig-keys', { token: owner, body: { name: 'acme.tsig.test', scope: 'acme-dns01' } });
    expect(noZone.status).toBe(400);
    expect(String(problemOf(noZone)['detail'])).toMatch(/zone_id is required/);
    expect((await api(control.url, 'POST', '/api/tsig-keys', { token: stranger, body: { name: 'steal.tsig.test', scope: 'zone-admin', zone_id: zoneId } })).status).toBe(404);
    expect((await api(control.url, 'POST', '/api/tsig-keys', { token: owner, body: { name: 'bad..name', scope: 'transfer' } })).status).toBe(400);
    const taken = await api(control.url, 'POST', '/api/tsig-keys', { token: stranger, body: { name: 'xfr.tsig.test.', scope: 'transfer' } });
    expect(taken.status).toBe(409);
    // Nothing was created by the refused requests.
    const mine = (await api(control.url, 'GET', '/api/tsig-keys', { token: stranger })).json as { keys: unknown[] };
    expect(mine.keys).toEqual([]);
  });
});

describe('DELETE /api/tsig-keys/{id}', () => {
  it('deletes the tenant’s key (404 to another tenant), and the audit log has both', async () => {
    const minted = (await api(control.url, 'POST', '/api/tsig-keys', { token: owner, body: { name: 'gone.tsig.test', scope: 'transfer' } })).json as { id: string };
    expect((await api(control.url, 'DELETE', `/api/tsig-keys/${minted.id}`, { token: stranger })).status).toBe(404);
    expect((await api(control.url, 'DELETE', `/api/tsig-keys/${minted.id}`, { token: owner })).status).toBe(204);
    expect((await api(control.url, 'DELETE', `/api/tsig-keys/${minted.id}`, { token: owner })).status).toBe(404);
    const audit = (await api(control.url, 'GET', '/api/audit?limit=20', { token: owner })).json as { entries: { action: string; target: string }[] };
    expect(audit.entries.filter((e) => e.target === minted.id).map((e) => e.action).sort()).toEqual(['tsig-key.create', 'tsig-key.delete']);
  });

  it('a zone’s keys go with the zone', async () => {
    const zone = ((await api(control.url, 'POST', '/api/zones', { token: owner, body: { origin: 'short-lived.tsig.test' } })).json as { id: string }).id;
    const key = (await api(control.url, 'POST', '/api/tsig-keys', { token: owner, body: { name: 'short.tsig.test', scope: 'zone-admin', zone_id: zone } })).json as { id: string };
    expect((await api(control.url, 'DELETE', `/api/zones/${zone}`, { token: owner })).status).toBe(204);
    const listed = (await api(control.url, 'GET', '/api/tsig-keys', { token: owner })).json as { keys: { id: string }[] };
    expect(listed.keys.map((k) => k.id)).not.toContain(key.id);
  });
});
