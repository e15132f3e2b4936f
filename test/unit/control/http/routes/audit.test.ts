// GET /api/audit over a real server: the tenant's entries only, newest first, paginated by cursor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, devLogin, field, mintToken, problemOf, startTestControl } from '../../../../helpers/control-harness.js';
import type { TestControl } from '../../../../helpers/control-harness.js';

interface Entry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  summary: Record<string, unknown>;
}

let control: TestControl;
let session: string;
let otherSession: string;
const minted: string[] = [];

beforeAll(async () => {
  control = await startTestControl();
  session = (await devLogin(control.url, 'auditor@example.com')).session;
  otherSession = (await devLogin(control.url, 'someone-else@example.com')).session;
  for (let i = 0; i < 5; i++) minted.push((await mintToken(control.url, session, '/api/tokens', { name: `t${i}` })).id);
  const revoked = await api(control.url, 'DELETE', `/api/tokens/${minted[0]}`, { token: session });
  expect(revoked.status).toBe(204);
});
afterAll(async () => {
  await control.close();
});

async function page(query: string, token = session): Promise<{ entries: Entry[]; next_before: number | null }> {
  const res = await api(control.url, 'GET', `/api/audit${query}`, { token });
  expect(res.status).toBe(200);
  return res.json as { entries: Entry[]; next_before: number | null };
}

describe('GET /api/audit', () => {
  it("lists the tenant's login and token changes, newest first, with actor and summary", async () => {
    const { entries, next_before } = await page('');
    expect(entries.map((e) => e.action)).toEqual(['token.revoke', ...minted.map(() => 'token.create'), 'auth.login']);
    expect(entries.map((e) => e.target)).toEqual([minted[0], ...[...minted].reverse(), 'auditor@example.com']);
    expect(new Set(entries.map((e) => e.actor))).toEqual(new Set(['user:auditor@example.com']));
    expect(entries[0]!.summary).toEqual({ before: { scope: 'tenant-admin', zone_id: null, name: 't0', revoked: false }, after: { revoked: true } });
    expect(JSON.stringify(entries)).not.toMatch(/dnsc_/);
    expect(next_before).toBeNull();
  });

  it('pages with limit and before until next_before is null', async () => {
    const all = (await page('')).entries.map((e) => e.id);
    const seen: number[] = [];
    let query = '?limit=3';
    for (let i = 0; i < 10; i++) {
      const p = await page(query);
      seen.push(...p.entries.map((e) => e.id));
      if (p.next_before === null) break;
      query = `?limit=3&before=${p.next_before}`;
    }
    expect(seen).toEqual(all);
  });

  it("never shows another tenant's entries", async () => {
    const { entries } = await page('', otherSession);
    expect(entries.map((e) => e.target)).toEqual(['someone-else@example.com']);
    expect(field(entries[0], 'action')).toBe('auth.login');
  });

  it.each(['?limit=0', '?limit=201', '?limit=x', '?before=-1', '?before=1.5'])('refuses %s', async (query) => {
    const res = await api(control.url, 'GET', `/api/audit${query}`, { token: session });
    expect(res.status).toBe(400);
    expect(problemOf(res)['type']).toBe('https://dnscove.dev/problems/validation');
  });
});
