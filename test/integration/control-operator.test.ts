// The operator (issue 20): sees every account, and suspends one — its credentials are refused at
// once and its zones answer REFUSED from the edge — then reinstates it, all through `dnscove start`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, devLogin, mintToken, problemOf } from '../helpers/control-harness.js';
import { startDnscove } from '../helpers/dnscove-process.js';
import type { DnscoveProcess } from '../helpers/dnscove-process.js';
import { askEdge } from '../helpers/remote-edges.js';
import { waitUntil } from '../helpers/wait-until.js';

const ORIGIN = 'customer.test';
const REFUSED = 5;

let dnscove: DnscoveProcess;
let operator: { session: string; tenantId: string };
let customer: { session: string; tenantId: string };
let token: string;

const www = () => askEdge(dnscove.dnsPort, `www.${ORIGIN}`, 'A');

beforeAll(async () => {
  dnscove = await startDnscove({ DNSCOVE_OPERATOR: 'Ops@Operator.example' });
  operator = await devLogin(dnscove.apiUrl, 'ops@operator.example');
  customer = await devLogin(dnscove.apiUrl, 'someone@customer.test');
  const zone = (await api(dnscove.apiUrl, 'POST', '/api/zones', { token: customer.session, body: { origin: ORIGIN } })).json as { id: string };
  await api(dnscove.apiUrl, 'POST', `/api/zones/${zone.id}/records`, { token: customer.session, body: { name: `www.${ORIGIN}`, type: 'A', records: ['192.0.2.8'] } });
  token = (await mintToken(dnscove.apiUrl, customer.session, '/api/tokens', { name: 'ci' })).token;
  await waitUntil(async () => (await www()).values.includes('192.0.2.8'), { what: 'the edge to serve the customer zone' });
}, 60_000);

afterAll(async () => {
  await dnscove?.stop();
});

describe('the operator', () => {
  it('sees every account with its members and zones; nobody else may', async () => {
    const res = await api(dnscove.apiUrl, 'GET', '/api/operator/tenants', { token: operator.session });
    expect(res.status, res.text).toBe(200);
    expect((res.json as { tenants: unknown[] }).tenants).toContainEqual(expect.objectContaining({ id: customer.tenantId, members: ['someone@customer.test (owner)'], zones: [ORIGIN], suspended_at: null }));
    expect((await api(dnscove.apiUrl, 'GET', '/api/operator/tenants', { token: customer.session })).status).toBe(403);
  });

  it('suspends only once confirmed, saying what would stop', async () => {
    const res = await api(dnscove.apiUrl, 'POST', `/api/operator/tenants/${customer.tenantId}/suspend`, { token: operator.session, body: { confirm: false } });
    expect(res.status).toBe(400);
    expect(problemOf(res)['detail']).toBe(`suspending ${customer.tenantId} stops serving its 1 zone (${ORIGIN}) and refuses its sessions and tokens; send {"confirm": true}`);
    expect((await api(dnscove.apiUrl, 'GET', '/api/zones', { token })).status).toBe(200);
    expect((await www()).values).toEqual(['192.0.2.8']);
  });

  it('a suspended account’s token and session get 401 at once, and its zones answer REFUSED', async () => {
    const res = await api(dnscove.apiUrl, 'POST', `/api/operator/tenants/${customer.tenantId}/suspend`, { token: operator.session, body: { confirm: true } });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ id: customer.tenantId, zones: 1 });
    expect((await api(dnscove.apiUrl, 'GET', '/api/zones', { token })).status).toBe(401);
    expect((await api(dnscove.apiUrl, 'GET', '/api/zones', { token: customer.session })).status).toBe(401);
    expect((await www()).rcode).toBe(REFUSED);
  });

  it('reinstating gives both back, and the account’s audit log says who did it', async () => {
    const res = await api(dnscove.apiUrl, 'POST', `/api/operator/tenants/${customer.tenantId}/reinstate`, { token: operator.session });
    expect(res.status, res.text).toBe(200);
    expect((await api(dnscove.apiUrl, 'GET', '/api/zones', { token })).status).toBe(200);
    await waitUntil(async () => (await www()).values.includes('192.0.2.8'), { what: 'the zone to be served again' });
    const audit = ((await api(dnscove.apiUrl, 'GET', '/api/audit?limit=10', { token: customer.session })).json as { entries: { action: string; actor: string }[] }).entries;
    expect(audit).toContainEqual(expect.objectContaining({ action: 'tenant.suspend', actor: 'user:ops@operator.example' }));
    expect(audit).toContainEqual(expect.objectContaining({ action: 'tenant.reinstate', actor: 'user:ops@operator.example' }));
  });

  it('cannot suspend its own account', async () => {
    const res = await api(dnscove.apiUrl, 'POST', `/api/operator/tenants/${operator.tenantId}/suspend`, { token: operator.session, body: { confirm: true } });
    expect(res.status).toBe(409);
  });
});
