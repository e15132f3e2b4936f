// Who may sign in and who may claim a zone (issue 20): no account hosts a public suffix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, devLogin, problemOf, startTestControl } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';

let control: TestControl;
let session: string;

beforeAll(async () => {
  control = await startTestControl();
  ({ session } = await devLogin(control.url, 'owner@who-may.test'));
});

afterAll(async () => {
  await control.close();
});

describe('public suffixes', () => {
  it.each([
    ['co.uk', /co\.uk is a public suffix \(Public Suffix List\)/],
    ['github.io', /github\.io is a public suffix/],
    ['COM.', /at least two labels/],
  ])('refuses %s as a zone, creating nothing', async (origin, detail) => {
    const res = await api(control.url, 'POST', '/api/zones', { token: session, body: { origin } });
    expect(res.status).toBe(400);
    expect(problemOf(res)).toMatchObject({ field: 'origin' });
    expect(String(problemOf(res)['detail'])).toMatch(detail);
    const zones = (await api(control.url, 'GET', '/api/zones', { token: session })).json as { zones: unknown[] };
    expect(zones.zones).toEqual([]);
  });

  it('refuses one through a zone-file import too', async () => {
    const res = await api(control.url, 'POST', '/api/import/zonefile', { token: session, body: { zonefile: '$ORIGIN github.io.\nwww 300 IN A 192.0.2.1\n' } });
    expect(res.status).toBe(400);
    expect(String(problemOf(res)['detail'])).toMatch(/github\.io is a public suffix/);
  });

  it('hosts a name registered under one', async () => {
    for (const origin of ['example.co.uk', 'someone.github.io']) {
      const res = await api(control.url, 'POST', '/api/zones', { token: session, body: { origin } });
      expect(res.status, res.text).toBe(201);
    }
  });
});
