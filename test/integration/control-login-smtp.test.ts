// Integration: magic-link login through a real SMTP server — single use, expiry, rate limits, no enumeration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, field, problemOf, startTestControl, stringField } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';
import { startTestSmtp } from '../helpers/control-smtp.js';
import type { TestSmtp } from '../helpers/control-smtp.js';
import { waitUntil } from '../helpers/wait-until.js';

let smtp: TestSmtp;
let control: TestControl;

beforeAll(async () => {
  smtp = await startTestSmtp();
  control = await startTestControl({ smtpUrl: smtp.url, devMode: false, publicUrl: 'https://console.example.test' });
});
afterAll(async () => {
  await control.close();
  await smtp.close();
});

/** Asks for a link and returns the token from the mail that arrives for `email`. */
async function mailedToken(email: string): Promise<string> {
  const before = smtp.messages.length;
  const res = await api(control.url, 'POST', '/api/auth/magic-link', { body: { email } });
  expect(res.status).toBe(200);
  let token = '';
  await waitUntil(
    () => {
      const mail = smtp.messages.slice(before).find((m) => m.to.includes(email.toLowerCase()));
      const m = mail === undefined ? null : /https:\/\/console\.example\.test\/auth\/callback\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
      if (m === null) return false;
      token = m[1]!;
      return true;
    },
    { what: `the sign-in mail to ${email}` },
  );
  return token;
}

describe('magic-link login over SMTP', () => {
  it('the mailed link works once; a second use is refused', async () => {
    const token = await mailedToken('Carol@Example.com');
    const first = await api(control.url, 'POST', '/api/auth/exchange', { body: { token } });
    expect(first.status).toBe(200);
    expect(stringField(first.json, 'email')).toBe('carol@example.com');
    expect(stringField(first.json, 'tenant_id')).toMatch(/^T[0-9a-f]{14}$/);
    expect(Date.parse(stringField(first.json, 'expires_at'))).toBeGreaterThan(Date.now());
    const session = stringField(first.json, 'session');
    expect((await api(control.url, 'GET', '/api/tokens', { token: session })).status).toBe(200);

    const second = await api(control.url, 'POST', '/api/auth/exchange', { body: { token } });
    expect(second.status).toBe(401);
    problemOf(second);
  });

  it('a second login of the same address lands in the same tenant, and logins are audited', async () => {
    const a = await api(control.url, 'POST', '/api/auth/exchange', { body: { token: await mailedToken('erin@example.com') } });
    const b = await api(control.url, 'POST', '/api/auth/exchange', { body: { token: await mailedToken('erin@example.com') } });
    expect(stringField(b.json, 'tenant_id')).toBe(stringField(a.json, 'tenant_id'));
    const audit = await api(control.url, 'GET', '/api/audit', { token: stringField(b.json, 'session') });
    const entries = field(audit.json, 'entries') as { action: string; actor: string }[];
    expect(entries.filter((e) => e.action === 'auth.login' && e.actor === 'user:erin@example.com')).toHaveLength(2);
  });

  it('known and unknown addresses get the same answer, and no dev token without dev mode', async () => {
    const known = await api(control.url, 'POST', '/api/auth/magic-link', { body: { email: 'carol@example.com' } });
    const unknown = await api(control.url, 'POST', '/api/auth/magic-link', { body: { email: 'nobody-yet@example.com' } });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(known.status);
    expect(known.json).toEqual({ sent: true });
    expect(unknown.json).toEqual(known.json);
    expect(unknown.headers.get('content-type')).toBe(known.headers.get('content-type'));
  });

  it('an expired link is refused', async () => {
    const token = await mailedToken('dave@example.com');
    // Age the stored link past its 15 minutes (the store keeps only its hash, so match by address).
    control.services.db.prepare('UPDATE magic_links SET expires_at = ? WHERE email = ?').run(Date.now() - 1000, 'dave@example.com');
    const res = await api(control.url, 'POST', '/api/auth/exchange', { body: { token } });
    expect(res.status).toBe(401);
    problemOf(res);
  });

  it('a made-up token is refused', async () => {
    const res = await api(control.url, 'POST', '/api/auth/exchange', { body: { token: 'A'.repeat(43) } });
    expect(res.status).toBe(401);
  });

  it('a mail server that refuses the connection gives a 503 problem, the same for every address', async () => {
    const gone = await startTestSmtp();
    await gone.close();
    const orphan = await startTestControl({ smtpUrl: gone.url, devMode: false });
    try {
      const res = await api(orphan.url, 'POST', '/api/auth/magic-link', { body: { email: 'someone@example.com' } });
      expect(res.status).toBe(503);
      expect(problemOf(res)['type']).toBe('https://dnscove.dev/problems/mail-unavailable');
      expect(res.text).not.toContain('ECONNREFUSED');
    } finally {
      await orphan.close();
    }
  });

  it('rate-limits links per address: 429 with Retry-After', async () => {
    const email = 'limit@example.com';
    for (let i = 0; i < 5; i++) expect((await api(control.url, 'POST', '/api/auth/magic-link', { body: { email } })).status).toBe(200);
    const refused = await api(control.url, 'POST', '/api/auth/magic-link', { body: { email: 'LIMIT@example.com' } });
    expect(refused.status).toBe(429);
    problemOf(refused);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  it('rate-limits links per client address at 20 in the window', async () => {
    const stored = (): number =>
      (control.services.db.prepare('SELECT COUNT(*) AS n FROM magic_links').get() as { n: number }).n;
    let refused: Awaited<ReturnType<typeof api>> | undefined;
    for (let i = 0; i < 25 && refused === undefined; i++) {
      const res = await api(control.url, 'POST', '/api/auth/magic-link', { body: { email: `ip-${i}@example.com` } });
      if (res.status === 429) refused = res;
      else expect(res.status).toBe(200);
    }
    expect(refused?.status).toBe(429);
    expect(stored()).toBe(20);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
