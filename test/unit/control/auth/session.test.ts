// Unit: signed sessions verify only with the right key, untampered and before expiry.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { looksLikeSession, signSession, verifySession } from '../../../../control/auth/session.js';

const SECRET = 'k'.repeat(64);
const NOW = 1_800_000_000;
const claims = { tenantId: 'T0123456789abcd', email: 'a@example.com', expiresAt: NOW + 3600, id: 'AAAAAAAAAAAAAAAA', epoch: 2 };
const good = signSession(SECRET, claims);

function tamperPayload(text: string): string {
  const [v, payload, sig] = text.split('.');
  const json = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
  json['t'] = 'Tffffffffffffff';
  return `${v}.${Buffer.from(JSON.stringify(json)).toString('base64url')}.${sig}`;
}

describe('sessions', () => {
  it('round-trips the claims', () => {
    expect(good).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(looksLikeSession(good)).toBe(true);
    expect(verifySession(SECRET, good, NOW)).toEqual({ ok: true, claims });
  });

  it.each([
    { name: 'another key', secret: 'x'.repeat(64), text: good, now: NOW, reason: 'bad session signature' },
    { name: 'tampered payload', secret: SECRET, text: tamperPayload(good), now: NOW, reason: 'bad session signature' },
    { name: 'truncated signature', secret: SECRET, text: good.slice(0, -2), now: NOW, reason: 'bad session signature' },
    { name: 'at expiry', secret: SECRET, text: good, now: NOW + 3600, reason: 'session expired' },
    { name: 'after expiry', secret: SECRET, text: good, now: NOW + 7200, reason: 'session expired' },
    { name: 'no signature', secret: SECRET, text: 'v1.abc', now: NOW, reason: 'malformed session' },
    { name: 'not a session', secret: SECRET, text: 'dnsc_0123456789abcdef_x', now: NOW, reason: 'not a session' },
    { name: 'empty', secret: SECRET, text: 'v1.', now: NOW, reason: 'malformed session' },
  ])('refuses $name', ({ secret, text, now, reason }) => {
    expect(verifySession(secret, text, now)).toEqual({ ok: false, reason });
  });

  it('refuses a correctly signed payload of the wrong shape', () => {
    const payload = Buffer.from(JSON.stringify({ t: 1, e: 'a', x: 'later' })).toString('base64url');
    const sig = createHmac('sha256', SECRET).update(`v1.${payload}`).digest('base64url');
    expect(verifySession(SECRET, `v1.${payload}.${sig}`, NOW)).toEqual({ ok: false, reason: 'malformed session payload' });
  });
});
