// The token routes over a real server: minting per zone and tenant-wide, listing, revoking, last use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, devLogin, field, problemOf, startTestControl, stringField } from '../../../../helpers/control-harness.js';
import type { TestControl } from '../../../../helpers/control-harness.js';

let control: TestControl;
let session: string;
let zoneId: string;
let otherZoneId: string;

beforeAll(async () => {
  control = await startTestControl();
  session = (await devLogin(control.url, 'tokens@example.com')).session;
  const zone = async (origin: string): Promise<string> =>
    stringField((await api(control.url, 'POST', '/api/zones', { token: session, body: { origin } })).json, 'id');
  zoneId = await zone('tokens.test');
  otherZoneId = await zone('other-tokens.test');
});
afterAll(async () => {
  await control.close();
});

const TOKEN_KEYS = ['created_at', 'expires_at', 'id', 'last_used_at', 'name', 'revoked', 'scope', 'zone_id'];

describe('token routes', () => {
  it('mints a zone token (acme-dns01 by default), shown once, listed without its secret', async () => {
    const res = await api(control.url, 'POST', `/api/zones/${zoneId}/tokens`, { token: session, body: { name: 'cert-manager' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(res.json as object).sort()).toEqual([...TOKEN_KEYS, 'token'].sort());
    expect(res.json).toMatchObject({ zone_id: zoneId, scope: 'acme-dns01', name: 'cert-manager', expires_at: null, revoked: false, last_used_at: null });
    const token = stringField(res.json, 'token');
    expect(token).toMatch(new RegExp(`^dnsc_${stringField(res.json, 'id')}_`));

    const listed = await api(control.url, 'GET', `/api/zones/${zoneId}/tokens`, { token: session });
    expect(listed.text).not.toContain(token.split('_')[2]!);
    const tokens = field(listed.json, 'tokens') as Record<string, unknown>[];
    expect(tokens.map((t) => t['id'])).toEqual([stringField(res.json, 'id')]);
    expect(Object.keys(tokens[0]!).sort()).toEqual(TOKEN_KEYS);
    expect(field((await api(control.url, 'GET', `/api/zones/${otherZoneId}/tokens`, { token: session })).json, 'tokens')).toEqual([]);
  });

  it('mints tenant-wide: tenant-admin by default, zone-bound with zone_id, with an expiry', async () => {
    const admin = await api(control.url, 'POST', '/api/tokens', { token: session, body: { zone_id: zoneId } });
    expect(admin.json).toMatchObject({ scope: 'tenant-admin', zone_id: null });
    const bound = await api(control.url, 'POST', '/api/tokens', { token: session, body: { scope: 'zone-admin', zone_id: otherZoneId, expires_in_days: 30 } });
    expect(bound.status).toBe(201);
    expect(bound.json).toMatchObject({ scope: 'zone-admin', zone_id: otherZoneId });
    const days = (Date.parse(stringField(bound.json, 'expires_at')) - Date.parse(stringField(bound.json, 'created_at'))) / 86_400_000;
    expect(days).toBe(30);
  });

  it.each([
    { body: { scope: 'zone-admin' }, status: 400, field: '/zone_id' },
    { body: { scope: 'acme-dns01', zone_id: 'Z00000000000000' }, status: 404, field: undefined },
    { body: { expires_in_days: -1 }, status: 400, field: '/expires_in_days' },
    { body: { scope: 'tenant-admin', extra: true }, status: 400, field: '/extra' },
  ])('refuses $body → $status', async ({ body, status, field: name }) => {
    const res = await api(control.url, 'POST', '/api/tokens', { token: session, body });
    expect(res.status).toBe(status);
    expect(problemOf(res)['field']).toBe(name);
  });

  it('a zone route does not mint tenant-admin tokens', async () => {
    const res = await api(control.url, 'POST', `/api/zones/${zoneId}/tokens`, { token: session, body: { scope: 'tenant-admin' } });
    expect(res.status).toBe(400);
    expect(problemOf(res)['field']).toBe('/scope');
  });

  it('records last use, and a revoked token stops working on its next request', async () => {
    const minted = await api(control.url, 'POST', '/api/tokens', { token: session, body: { name: 'short-lived' } });
    const token = stringField(minted.json, 'token');
    const id = stringField(minted.json, 'id');
    expect((await api(control.url, 'GET', '/api/tokens', { token })).status).toBe(200);
    const list = async (): Promise<Record<string, unknown>> =>
      (field((await api(control.url, 'GET', '/api/tokens', { token: session })).json, 'tokens') as Record<string, unknown>[]).find((t) => t['id'] === id)!;
    expect(typeof (await list())['last_used_at']).toBe('string');

    expect((await api(control.url, 'DELETE', `/api/tokens/${id}`, { token: session })).status).toBe(204);
    expect((await api(control.url, 'GET', '/api/tokens', { token })).status).toBe(401);
    expect((await list())['revoked']).toBe(true);
    expect((await api(control.url, 'DELETE', `/api/tokens/${id}`, { token: session })).status).toBe(204);
    expect((await api(control.url, 'DELETE', '/api/tokens/0000000000000000', { token: session })).status).toBe(404);
  });

  it('a tenant-admin token can revoke itself', async () => {
    const minted = await api(control.url, 'POST', '/api/tokens', { token: session, body: {} });
    const token = stringField(minted.json, 'token');
    expect((await api(control.url, 'DELETE', `/api/tokens/${stringField(minted.json, 'id')}`, { token })).status).toBe(204);
    expect((await api(control.url, 'GET', '/api/tokens', { token })).status).toBe(401);
  });
});
