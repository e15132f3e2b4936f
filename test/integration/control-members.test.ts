// Teams (issue 20): an account has members with roles; owners invite, change roles and remove;
// admins manage all but owners; viewers only read; removed members are out at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, devLogin, problemOf, startTestControl } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';

let control: TestControl;
let owner: { session: string; tenantId: string };
let admin: { session: string; tenantId: string };
let viewer: { session: string; tenantId: string };

const invite = (session: string, email: string, role: string) => api(control.url, 'POST', '/api/members', { token: session, body: { email, role } });

beforeAll(async () => {
  control = await startTestControl();
  owner = await devLogin(control.url, 'owner@team.example');
  expect((await invite(owner.session, 'Admin@Team.example', 'admin')).status).toBe(201);
  admin = await devLogin(control.url, 'admin@team.example');
  expect((await invite(admin.session, 'viewer@team.example', 'viewer')).status).toBe(201);
  viewer = await devLogin(control.url, 'viewer@team.example');
});

afterAll(async () => {
  await control.close();
});

describe('members', () => {
  it('an invited address joins the inviting account with its role, and the list shows everyone', async () => {
    expect(admin.tenantId).toBe(owner.tenantId);
    expect(viewer.tenantId).toBe(owner.tenantId);
    const list = (await api(control.url, 'GET', '/api/members', { token: viewer.session })).json as { members: { email: string; role: string }[]; invitations: unknown[] };
    expect(list.members.map((m) => `${m.email} ${m.role}`)).toEqual(['admin@team.example admin', 'owner@team.example owner', 'viewer@team.example viewer']);
    expect(list.invitations).toEqual([]);
  });

  it('a viewer reads and changes nothing', async () => {
    expect((await api(control.url, 'GET', '/api/zones', { token: viewer.session })).status).toBe(200);
    const create = await api(control.url, 'POST', '/api/zones', { token: viewer.session, body: { origin: 'viewer.team.example' } });
    expect(create.status).toBe(403);
    expect(problemOf(create)['detail']).toMatch(/Viewers may read this account, not change it/);
    expect((await invite(viewer.session, 'x@team.example', 'viewer')).status).toBe(403);
    expect((await api(control.url, 'POST', '/api/tokens', { token: viewer.session, body: { name: 'nope' } })).status).toBe(403);
  });

  it('an admin manages admins and viewers but not owners', async () => {
    expect((await invite(admin.session, 'boss@team.example', 'owner')).status).toBe(403);
    expect((await api(control.url, 'PATCH', '/api/members/owner@team.example', { token: admin.session, body: { role: 'viewer' } })).status).toBe(403);
    expect((await api(control.url, 'DELETE', '/api/members/owner@team.example', { token: admin.session })).status).toBe(403);
    const promoted = await api(control.url, 'PATCH', '/api/members/viewer@team.example', { token: admin.session, body: { role: 'admin' } });
    expect(promoted.json).toEqual({ email: 'viewer@team.example', role: 'admin', status: 'member' });
    // The new role applies to the session already held.
    expect((await api(control.url, 'POST', '/api/zones', { token: viewer.session, body: { origin: 'promoted.team.example' } })).status).toBe(201);
    await api(control.url, 'PATCH', '/api/members/viewer@team.example', { token: owner.session, body: { role: 'viewer' } });
  });

  it('the last owner can neither leave nor be demoted', async () => {
    const leave = await api(control.url, 'DELETE', '/api/members/owner@team.example', { token: owner.session });
    expect(leave.status).toBe(409);
    expect(problemOf(leave)['detail']).toBe('owner@team.example is the last owner and cannot leave; make someone else an owner first.');
    expect((await api(control.url, 'PATCH', '/api/members/owner@team.example', { token: owner.session, body: { role: 'admin' } })).status).toBe(409);
  });

  it('an address with an account of its own cannot be invited', async () => {
    await devLogin(control.url, 'loner@elsewhere.example');
    const res = await invite(owner.session, 'loner@elsewhere.example', 'viewer');
    expect(res.status).toBe(409);
  });

  it('a removed member is out at once, and the audit log names who did what', async () => {
    expect((await api(control.url, 'DELETE', '/api/members/viewer@team.example', { token: admin.session })).status).toBe(204);
    expect((await api(control.url, 'GET', '/api/zones', { token: viewer.session })).status).toBe(401);
    const audit = ((await api(control.url, 'GET', '/api/audit?limit=50', { token: owner.session })).json as { entries: { action: string; actor: string; target: string }[] }).entries;
    expect(audit).toContainEqual(expect.objectContaining({ action: 'member.remove', actor: 'user:admin@team.example', target: 'viewer@team.example' }));
    expect(audit).toContainEqual(expect.objectContaining({ action: 'member.invite', actor: 'user:owner@team.example', target: 'admin@team.example' }));
  });
});
