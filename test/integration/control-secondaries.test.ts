// Secondaries through the API (issue 14): configured per zone or for every zone of the tenant,
// NOTIFY signed with their key on every publish and retried until answered, their served
// serial shown per zone, and a publish that waits for them and names the one that lags.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, devLogin, problemOf, startTestControl } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';
import { startUdpSecondary } from '../helpers/udp-secondary.js';
import type { UdpSecondary } from '../helpers/udp-secondary.js';
import { waitUntil } from '../helpers/wait-until.js';
import type { Name } from '../../shared/dns/name.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOperatorSecondaries } from '../../control/secondaries/operator-secondaries.js';
import { mayTransfer, parseTransferKeys, TRANSFER_KEYS_FILE } from '../../shared/transfer/transfer-keys-file.js';

let control: TestControl;
let owner: string;
let stranger: string;
let zone: { id: string; origin: string };
let key: { id: string; name: string; secret: string };
let secondary: UdpSecondary;

const call = (method: string, path: string, body?: unknown, token = owner) => api(control.url, method, path, { token, ...(body === undefined ? {} : { body }) });

beforeAll(async () => {
  control = await startTestControl({ syncTimeoutMs: 1_500 });
  ({ session: owner } = await devLogin(control.url, 'owner@secondaries.test'));
  ({ session: stranger } = await devLogin(control.url, 'stranger@secondaries.test'));
  zone = (await call('POST', '/api/zones', { origin: 'secondaries.test' })).json as typeof zone;
  key = (await call('POST', '/api/tsig-keys', { name: 'ns2.secondaries.test', scope: 'transfer', zone_id: zone.id })).json as typeof key;
  secondary = await startUdpSecondary({ name: key.name as Name, algorithm: 'hmac-sha256', secret: Buffer.from(key.secret, 'base64') });
});

afterAll(async () => {
  await control?.close();
  await secondary?.close();
});

describe('configuring secondaries', () => {
  it('refuses an address that is not IP[:port], another tenant’s key, a key of another zone, a zone key for every zone, and the same address twice; nothing is added', async () => {
    for (const address of ['ns2.example.com', '192.0.2.1:0', '192.0.2.1:70000', '[2001:db8::1', '300.1.1.1']) {
      const res = await call('POST', `/api/zones/${zone.id}/secondaries`, { address, tsig_key_id: key.id });
      expect(res.status, address).toBe(400);
      expect(problemOf(res)['field']).toBe('/address');
    }
    const strangerZone = (await call('POST', '/api/zones', { origin: 'stranger.secondaries.test' }, stranger)).json as typeof zone;
    const strangerKey = (await call('POST', '/api/tsig-keys', { name: 'stranger.secondaries.test', scope: 'transfer' }, stranger)).json as typeof key;
    expect((await call('POST', `/api/zones/${zone.id}/secondaries`, { address: '192.0.2.1', tsig_key_id: strangerKey.id })).status).toBe(404);
    expect((await call('POST', `/api/zones/${strangerZone.id}/secondaries`, { address: '192.0.2.1', tsig_key_id: key.id }, owner)).status).toBe(404);
    const otherZone = (await call('POST', '/api/zones', { origin: 'other.secondaries.test' })).json as typeof zone;
    const otherKey = (await call('POST', '/api/tsig-keys', { name: 'other.secondaries.test', scope: 'transfer', zone_id: otherZone.id })).json as typeof key;
    const wrongZone = await call('POST', `/api/zones/${zone.id}/secondaries`, { address: '192.0.2.1', tsig_key_id: otherKey.id });
    expect(wrongZone.status).toBe(400);
    expect(String(problemOf(wrongZone)['detail'])).toMatch(/may not transfer secondaries\.test\./);
    expect((await call('POST', '/api/secondaries', { address: '192.0.2.1', tsig_key_id: key.id })).status).toBe(400);
    expect((await call('GET', `/api/zones/${zone.id}/secondaries`)).json).toMatchObject({ secondaries: [] });
    expect((await call('GET', '/api/secondaries')).json).toEqual({ secondaries: [], catalog_zone: null });
  });

  it('adds a secondary of the zone (IPv6 written [addr]:port), 409 for the same address again, 409 when its key is deleted first; removes it, audited', async () => {
    const added = await call('POST', `/api/zones/${zone.id}/secondaries`, { address: '[::1]:5399', tsig_key_id: key.id });
    expect(added.status).toBe(201);
    const id = (added.json as { id: string }).id;
    expect(added.json).toMatchObject({ address: '[::1]:5399', tsig_key_id: key.id, zone_id: zone.id });
    expect((await call('POST', `/api/zones/${zone.id}/secondaries`, { address: '[0:0::1]:5399', tsig_key_id: key.id })).status).toBe(409);
    const keyDelete = await call('DELETE', `/api/tsig-keys/${key.id}`);
    expect(keyDelete.status).toBe(409);
    expect(String(problemOf(keyDelete)['detail'])).toMatch(/remove the secondary first/);
    expect((await call('DELETE', `/api/zones/${zone.id}/secondaries/${id}`, undefined, stranger)).status).toBe(404);
    expect((await call('DELETE', `/api/secondaries/${id}`)).status).toBe(404);
    expect((await call('DELETE', `/api/zones/${zone.id}/secondaries/${id}`)).status).toBe(204);
    const audit = JSON.stringify((await call('GET', '/api/audit?limit=20')).json);
    expect(audit).toContain('secondary.create');
    expect(audit).toContain('secondary.delete');
  });
});

describe('NOTIFY and what secondaries serve', () => {
  it('NOTIFY, signed with the key, is retried with backoff until the secondary answers; the API then shows it answered', async () => {
    secondary.dropNotifies = 2;
    secondary.serial = 1;
    const added = await call('POST', `/api/zones/${zone.id}/secondaries`, { address: `127.0.0.1:${secondary.port}`, tsig_key_id: key.id });
    expect(added.status).toBe(201);
    await waitUntil(async () => secondary.notifies.length >= 3, { what: 'the third NOTIFY', timeoutMs: 10_000 });
    expect(secondary.notifies.every((n) => n.zone === 'secondaries.test.' && n.verified)).toBe(true);
    await waitUntil(async () => ((await call('GET', `/api/zones/${zone.id}/secondaries`)).json as { secondaries: { notify_answered: boolean }[] }).secondaries[0]?.notify_answered === true, {
      what: 'the API to show the NOTIFY answered',
      timeoutMs: 5_000,
    });
  });

  it('a publish waits for the secondary and names it when it serves an older serial; in sync once it serves the published one', async () => {
    secondary.serial = 1;
    const before = secondary.notifies.length;
    expect((await call('POST', `/api/zones/${zone.id}/records`, { action: 'UPSERT', name: 'www.secondaries.test', type: 'A', ttl: 300, records: ['192.0.2.80'] })).status).toBe(200);
    const published = (await call('POST', `/api/zones/${zone.id}/publish`)).json as { published_serial: number; edges: unknown };
    expect(published.edges).toEqual({ total: 1, in_sync: 0, lagging: [`127.0.0.1:${secondary.port}`] });
    expect(secondary.notifies.length).toBeGreaterThan(before);
    const lagging = (await call('GET', `/api/zones/${zone.id}/secondaries`)).json as { published_serial: number; secondaries: Record<string, unknown>[] };
    expect(lagging.published_serial).toBe(published.published_serial);
    expect(lagging.secondaries[0]).toMatchObject({ serial_served: 1, in_sync: false, last_error: `serves serial 1, published is ${published.published_serial}` });

    secondary.serial = published.published_serial;
    const again = (await call('POST', `/api/zones/${zone.id}/publish`)).json as { edges: unknown };
    expect(again.edges).toEqual({ total: 1, in_sync: 1, lagging: [] });
    expect(((await call('GET', `/api/zones/${zone.id}/secondaries`)).json as { secondaries: unknown[] }).secondaries[0]).toMatchObject({ serial_served: published.published_serial, in_sync: true, last_error: null });
  });

  it('a secondary removed while its NOTIFY is retried gets no more NOTIFY', async () => {
    const silent = await startUdpSecondary({ name: key.name as Name, algorithm: 'hmac-sha256', secret: Buffer.from(key.secret, 'base64') });
    try {
      silent.dropNotifies = 1_000;
      const added = (await call('POST', `/api/zones/${zone.id}/secondaries`, { address: `127.0.0.1:${silent.port}`, tsig_key_id: key.id })).json as { id: string };
      await waitUntil(async () => silent.notifies.length >= 1, { what: 'the first NOTIFY', timeoutMs: 5_000 });
      expect((await call('DELETE', `/api/zones/${zone.id}/secondaries/${added.id}`)).status).toBe(204);
      const after = silent.notifies.length;
      // The retries would come after 1 s and 2 s more (each attempt waits 2 s for an answer).
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      expect(silent.notifies.length).toBe(after);
    } finally {
      await silent.close();
    }
  });

  it('a secondary that does not serve the zone shows why', async () => {
    secondary.serial = undefined;
    const status = (await call('GET', `/api/zones/${zone.id}/secondaries`)).json as { secondaries: Record<string, unknown>[] };
    expect(status.secondaries[0]).toMatchObject({ serial_served: null, in_sync: false, last_error: expect.stringMatching(/REFUSED/) });
  });

  it('a tenant-wide secondary gets NOTIFY for a zone created later, and is listed under every zone after the zone’s own', async () => {
    const wide = (await call('POST', '/api/tsig-keys', { name: 'wide.secondaries.test', scope: 'transfer' })).json as typeof key;
    const wideSecondary = await startUdpSecondary({ name: wide.name as Name, algorithm: 'hmac-sha256', secret: Buffer.from(wide.secret, 'base64') });
    try {
      expect((await call('POST', '/api/secondaries', { address: `127.0.0.1:${wideSecondary.port}`, tsig_key_id: wide.id })).status).toBe(201);
      expect(((await call('GET', '/api/secondaries')).json as { secondaries: unknown[] }).secondaries).toHaveLength(1);
      const later = (await call('POST', '/api/zones', { origin: 'later.secondaries.test' })).json as typeof zone;
      await waitUntil(async () => wideSecondary.notifies.some((n) => n.zone === 'later.secondaries.test.' && n.verified), { what: 'NOTIFY of the new zone', timeoutMs: 5_000 });
      const listed = (await call('GET', `/api/zones/${zone.id}/secondaries`)).json as { secondaries: { address: string; zone_id: string | null }[] };
      expect(listed.secondaries.map((s) => [s.address, s.zone_id])).toEqual([
        [`127.0.0.1:${secondary.port}`, zone.id],
        [`127.0.0.1:${wideSecondary.port}`, null],
      ]);
      // A zone's deletion takes its own secondaries with it, not the tenant's.
      expect((await call('DELETE', `/api/zones/${later.id}`)).status).toBe(204);
      expect(((await call('GET', '/api/secondaries')).json as { secondaries: unknown[] }).secondaries).toHaveLength(1);
    } finally {
      await wideSecondary.close();
    }
  });
});

describe("the operator's secondaries (DNSCOVE_SECONDARIES)", () => {
  it('get NOTIFY for every zone signed with the configured key, are listed under every zone (not removable), and their key transfers any zone', async () => {
    const opsKey = { name: 'ops.secondaries.test.' as Name, algorithm: 'hmac-sha256' as const, secret: Buffer.alloc(32, 4) };
    const ops = await startUdpSecondary(opsKey);
    const parsed = parseOperatorSecondaries(`127.0.0.1:${ops.port}`, `hmac-sha256:ops.secondaries.test:${opsKey.secret.toString('base64')}`);
    const withOps = await startTestControl({ operatorSecondaries: parsed });
    try {
      const { session } = await devLogin(withOps.url, 'tenant@ops.test');
      const created = (await api(withOps.url, 'POST', '/api/zones', { token: session, body: { origin: 'ops.test' } })).json as typeof zone;
      await waitUntil(async () => ops.notifies.some((n) => n.zone === 'ops.test.' && n.verified), { what: 'NOTIFY of the new zone to the operator’s secondary', timeoutMs: 5_000 });
      const listed = (await api(withOps.url, 'GET', `/api/zones/${created.id}/secondaries`, { token: session })).json as { secondaries: Record<string, unknown>[] };
      expect(listed.secondaries).toEqual([expect.objectContaining({ address: `127.0.0.1:${ops.port}`, operator: true, tsig_key_id: null, zone_id: null })]);
      const id = String(listed.secondaries[0]!['id']);
      expect((await api(withOps.url, 'DELETE', `/api/secondaries/${id}`, { token: session })).status).toBe(404);
      // A tenant cannot take the operator key's name.
      expect((await api(withOps.url, 'POST', '/api/tsig-keys', { token: session, body: { name: 'ops.secondaries.test', scope: 'transfer' } })).status).toBe(409);
      const keys = parseTransferKeys(readFileSync(join(withOps.services.config.snapshotsDir, TRANSFER_KEYS_FILE), 'utf8'));
      const inForce = keys.get(opsKey.name)!;
      expect(inForce.secret.equals(opsKey.secret)).toBe(true);
      expect(mayTransfer(inForce, 'ops.test.' as Name) && mayTransfer(inForce, 'any.other.example.' as Name)).toBe(true);
    } finally {
      await withOps.close();
      await ops.close();
    }
  });

  it('a list without a key, a bad address or a malformed key is a configuration error naming the variable', () => {
    expect(() => parseOperatorSecondaries('192.0.2.1', undefined)).toThrow(/DNSCOVE_SECONDARIES_KEY/);
    expect(() => parseOperatorSecondaries('ns.example', 'k:c2VjcmV0c2VjcmV0c2VjcmV0')).toThrow(/DNSCOVE_SECONDARIES/);
    expect(() => parseOperatorSecondaries('192.0.2.1', 'hmac-md5:k:c2VjcmV0c2VjcmV0c2VjcmV0')).toThrow(/DNSCOVE_SECONDARIES_KEY/);
    expect(parseOperatorSecondaries('', undefined)).toBeUndefined();
  });
});
