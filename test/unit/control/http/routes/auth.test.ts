// The login routes in dev mode over a real server: dev_token/dev_link, the logged link, and the session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, problemOf, startTestControl, stringField } from '../../../../helpers/control-harness.js';
import type { TestControl } from '../../../../helpers/control-harness.js';

let control: TestControl;

beforeAll(async () => {
  control = await startTestControl({ publicUrl: 'https://dns.example.test' });
});
afterAll(async () => {
  await control.close();
});

describe('login routes (dev mode)', () => {
  it('answers with dev_token and dev_link, and logs the link', async () => {
    const res = await api(control.url, 'POST', '/api/auth/magic-link', { body: { email: 'Dev@Example.com' } });
    expect(res.status).toBe(200);
    const token = stringField(res.json, 'dev_token');
    expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(160);
    expect(stringField(res.json, 'dev_link')).toBe(`https://dns.example.test/auth/callback?token=${token}`);
    expect(control.logs.some((l) => l['msg'] === 'magic link (dev mode)' && l['link'] === stringField(res.json, 'dev_link'))).toBe(true);
    const stored = control.services.db.prepare('SELECT token_hash FROM magic_links WHERE email = ?').all('dev@example.com') as { token_hash: string }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0]!.token_hash).not.toContain(token);
  });

  it('exchanges the token for a 12-hour session that authenticates requests', async () => {
    const link = await api(control.url, 'POST', '/api/auth/magic-link', { body: { email: 'fresh@example.com' } });
    const before = Date.now();
    const res = await api(control.url, 'POST', '/api/auth/exchange', { body: { token: stringField(link.json, 'dev_token') } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json as object).sort()).toEqual(['email', 'expires_at', 'session', 'tenant_id']);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const after = Date.now();
    // The session starts between `before` and `after`; expires_at may be cut to whole seconds.
    const expiresAt = Date.parse(stringField(res.json, 'expires_at'));
    expect(expiresAt).toBeGreaterThan(before + 12 * 3600 * 1000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(after + 12 * 3600 * 1000);
    const session = stringField(res.json, 'session');
    expect((await api(control.url, 'GET', '/api/tokens', { token: session })).status).toBe(200);
    const forged = session.slice(0, -4) + (session.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const refused = await api(control.url, 'GET', '/api/tokens', { token: forged });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
    problemOf(refused);
  });

  it('two concurrent exchanges of one link: exactly one succeeds', async () => {
    const link = await api(control.url, 'POST', '/api/auth/magic-link', { body: { email: 'race@example.com' } });
    const token = stringField(link.json, 'dev_token');
    const results = await Promise.all([1, 2, 3].map(() => api(control.url, 'POST', '/api/auth/exchange', { body: { token } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401]);
  });
});
