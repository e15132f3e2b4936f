// Claiming a squatted zone (issue 20): an account that holds a zone PENDING_VERIFICATION loses it to
// whoever proves control of the name with a TXT record at the name's real provider (NSD here,
// under a private root); an ACTIVE zone cannot be claimed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateZone } from '../../control/store/checks.js';
import { api, devLogin, mintToken, problemOf, startTestControl } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';
import { freePort } from '../helpers/free-port.js';
import { startMigrationNsd } from '../helpers/migration-nsd.js';
import { checksThroughPrivateRoot, privateRootZone } from '../helpers/private-root.js';
import type { MigrationNsd } from '../helpers/migration-nsd.js';

const HOST = '127.0.0.1';
const ORIGIN = 'claimed.example';

const rootZone = privateRootZone(HOST, `${ORIGIN}. 86400 IN NS ns.provider.example.
ns.provider.example. 86400 IN A ${HOST}
`);

/** The name's zone at its real (old) provider, with the claim's proof once the owner publishes it. */
const providerZone = (proof?: string): string => `$ORIGIN ${ORIGIN}.
@ 3600 IN SOA ns.provider.example. hostmaster.provider.example. 1 1800 900 604800 60
@ 3600 IN NS ns.provider.example.
www 300 IN A 192.0.2.80
${proof === undefined ? '' : `_dnscove-claim 60 IN TXT "${proof}"`}
`;

let port: number;
let nsd: MigrationNsd;
let control: TestControl;
let squatter: { session: string; tenantId: string };
let owner: { session: string; tenantId: string };
let squattedId: string;

const provider = (proof?: string): Promise<MigrationNsd> =>
  startMigrationNsd(HOST, port, [
    { origin: '.', text: rootZone },
    { origin: `${ORIGIN}.`, text: providerZone(proof) },
  ]);

beforeAll(async () => {
  port = await freePort();
  nsd = await provider();
  control = await startTestControl({ checks: checksThroughPrivateRoot(HOST, port) });
  squatter = await devLogin(control.url, 'squatter@elsewhere.example');
  owner = await devLogin(control.url, 'owner@claimed.example');
  const zone = await api(control.url, 'POST', '/api/zones', { token: squatter.session, body: { origin: ORIGIN } });
  squattedId = (zone.json as { id: string }).id;
  await api(control.url, 'POST', `/api/zones/${squattedId}/records`, { token: squatter.session, body: { name: `www.${ORIGIN}`, type: 'A', records: ['203.0.113.66'] } });
}, 60_000);

afterAll(async () => {
  await control?.close();
  await nsd?.stop();
});

describe('claiming a zone', () => {
  it('refuses a public suffix, a name nobody holds, and one already in the account', async () => {
    const suffix = await api(control.url, 'POST', '/api/zones/claim', { token: owner.session, body: { origin: 'co.uk' } });
    expect(suffix.status).toBe(400);
    const nobody = await api(control.url, 'POST', '/api/zones/claim', { token: owner.session, body: { origin: 'free.example' } });
    expect(nobody.status).toBe(409);
    expect(problemOf(nobody)['detail']).toBe('No account holds free.example: create it with POST /api/zones.');
    const own = await api(control.url, 'POST', '/api/zones/claim', { token: squatter.session, body: { origin: ORIGIN } });
    expect(own.status).toBe(409);
  });

  it('answers the TXT record to publish, and stays pending while the provider does not serve it', async () => {
    const res = await api(control.url, 'POST', '/api/zones/claim', { token: owner.session, body: { origin: `${ORIGIN}.` } });
    expect(res.status, res.text).toBe(201);
    const claim = res.json as { id: string; status: string; record: { name: string; type: string; value: string } };
    expect(claim).toMatchObject({ status: 'pending', record: { name: `_dnscove-claim.${ORIGIN}.`, type: 'TXT', value: expect.stringMatching(/^dnscove-claim=[A-Za-z0-9_-]{24}$/) } });
    // Asking again answers the same claim.
    expect((await api(control.url, 'POST', '/api/zones/claim', { token: owner.session, body: { origin: ORIGIN } })).json).toEqual(claim);
    const check = await api(control.url, 'POST', `/api/zones/claim/${claim.id}/verify`, { token: owner.session });
    expect(check.status, check.text).toBe(200);
    expect(check.json).toMatchObject({ status: 'pending', detail: "_dnscove-claim.claimed.example does not exist yet (NXDOMAIN): publish the TXT record at the name's current DNS provider" });
    // Another account cannot even see the claim.
    expect((await api(control.url, 'POST', `/api/zones/claim/${claim.id}/verify`, { token: squatter.session })).status).toBe(404);
    // Nothing moved.
    expect((await api(control.url, 'GET', `/api/zones/${squattedId}`, { token: squatter.session })).status).toBe(200);
  });

  it('moves the zone once the proof is served: the squatter loses it, its tokens stop working, both accounts audit it', async () => {
    const token = await mintToken(control.url, squatter.session, `/api/zones/${squattedId}/tokens`, { scope: 'zone-admin' });
    const claim = (await api(control.url, 'POST', '/api/zones/claim', { token: owner.session, body: { origin: ORIGIN } })).json as { id: string; record: { value: string } };
    await nsd.stop();
    nsd = await provider(claim.record.value);
    const check = await api(control.url, 'POST', `/api/zones/claim/${claim.id}/verify`, { token: owner.session });
    expect(check.status, check.text).toBe(200);
    const claimed = check.json as { status: string; zone_id: string };
    expect(claimed.status).toBe('claimed');
    expect(claimed.zone_id).not.toBe(squattedId);
    expect((await api(control.url, 'GET', `/api/zones/${squattedId}`, { token: squatter.session })).status).toBe(404);
    expect((await api(control.url, 'GET', `/api/zones/${squattedId}/records`, { token: token.token })).status).toBe(401);
    const zone = (await api(control.url, 'GET', `/api/zones/${claimed.zone_id}`, { token: owner.session })).json as { origin: string; status: string };
    expect(zone).toMatchObject({ origin: ORIGIN, status: 'PENDING_VERIFICATION' });
    // The squatter's records did not come along.
    const records = (await api(control.url, 'GET', `/api/zones/${claimed.zone_id}/records`, { token: owner.session })).json as { records: { type: string }[] };
    expect(records.records.map((r) => r.type)).toEqual(['SOA', 'NS']);
    const auditOf = async (session: string) => ((await api(control.url, 'GET', '/api/audit?limit=20', { token: session })).json as { entries: { action: string; actor: string }[] }).entries;
    expect((await auditOf(owner.session)).map((e) => e.action)).toContain('zone.claim');
    expect(await auditOf(squatter.session)).toContainEqual(expect.objectContaining({ action: 'zone.delete', actor: `claim:${claim.id} by user:owner@claimed.example` }));
  });

  it('cannot take a zone whose holder proved control (ACTIVE)', async () => {
    const held = (await api(control.url, 'POST', '/api/zones', { token: squatter.session, body: { origin: 'proved.example' } })).json as { id: string };
    activateZone(control.services.db, held.id, new Date().toISOString());
    const res = await api(control.url, 'POST', '/api/zones/claim', { token: owner.session, body: { origin: 'proved.example' } });
    expect(res.status).toBe(409);
    expect(problemOf(res)['detail']).toMatch(/ACTIVE in another account, which has proved it controls the name; it cannot be claimed/);
  });
});
