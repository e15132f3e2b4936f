// Security findings of issue 30 that live in the control plane's API: a token cannot mint one that outlives it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, devLogin, mintToken, problemOf, startTestControl } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';

let control: TestControl;
let session: string;

beforeAll(async () => {
  control = await startTestControl();
  ({ session } = await devLogin(control.url, 'owner@security.test'));
});

afterAll(async () => {
  await control.close();
});

describe('tokens minted by tokens', () => {
  it('a tenant-admin token that expires cannot mint one that never does, or one that lives longer', async () => {
    const short = await mintToken(control.url, session, '/api/tokens', { name: 'ten days', expires_in_days: 10 });
    const forever = await api(control.url, 'POST', '/api/tokens', { token: short.token, body: { name: 'forever' } });
    expect(forever.status).toBe(400);
    expect(problemOf(forever)).toMatchObject({ field: '/expires_in_days' });
    expect(problemOf(forever)['detail']).toMatch(/a token it mints may not outlive it: give expires_in_days from 1 to 9/);
    expect((await api(control.url, 'POST', '/api/tokens', { token: short.token, body: { name: 'longer', expires_in_days: 30 } })).status).toBe(400);
    expect((await api(control.url, 'POST', '/api/tokens', { token: short.token, body: { name: 'shorter', expires_in_days: 5 } })).status).toBe(201);
    const tokens = (await api(control.url, 'GET', '/api/tokens', { token: session })).json as { tokens: { name: string }[] };
    expect(tokens.tokens.map((t) => t.name)).not.toContain('forever');
  });

  it('a token that never expires, and a session, mint as before', async () => {
    const forever = await mintToken(control.url, session, '/api/tokens', { name: 'admin' });
    expect((await api(control.url, 'POST', '/api/tokens', { token: forever.token, body: { name: 'also forever' } })).status).toBe(201);
  });
});

describe('sign-in links cannot be used to lock someone out', () => {
  it('a client that used up its links for an address does not stop the address asking from elsewhere', async () => {
    const { requestMagicLink } = await import('../../control/auth/magic-link.js');
    const { RateLimitedError } = await import('../../control/errors/catalogue.js');
    // Not dev mode on loopback's generous limits: the limits as deployed.
    const strict = await startTestControl({ devMode: false });
    try {
      const { services } = strict;
      for (let i = 0; i < 5; i++) await requestMagicLink(services, 'victim@security.test', '203.0.113.7');
      await expect(requestMagicLink(services, 'victim@security.test', '203.0.113.7')).rejects.toBeInstanceOf(RateLimitedError);
      // The owner, elsewhere, still gets a link.
      expect(await requestMagicLink(services, 'victim@security.test', '198.51.100.20')).toBeDefined();
    } finally {
      await strict.close();
    }
  });
});

describe('Expect: 100-continue', () => {
  /** Sends only the head of a request and collects what the server writes within `ms`. */
  async function headOnly(head: string, ms = 1000): Promise<string> {
    const { connect } = await import('node:net');
    const url = new URL(control.url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.write(head));
      let text = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('error', reject);
      setTimeout(() => {
        socket.destroy();
        resolve(text);
      }, ms);
    });
  }

  it('an oversized body is refused with 413 before the client sends it: no 100 Continue', async () => {
    const answer = await headOnly(`POST /api/zones HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\nExpect: 100-continue\r\nAuthorization: Bearer ${session}\r\n\r\n`);
    expect(answer).not.toMatch(/^HTTP\/1\.1 100/);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('a body that fits is asked for with 100 Continue', async () => {
    const answer = await headOnly(`POST /api/zones HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\nExpect: 100-continue\r\nAuthorization: Bearer ${session}\r\n\r\n`, 300);
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n/);
  });
});

describe('signing out', () => {
  it('ends this session at once, and no other', async () => {
    const first = await devLogin(control.url, 'leaver@security.test');
    const second = await devLogin(control.url, 'leaver@security.test');
    expect((await api(control.url, 'POST', '/api/auth/sign-out', { token: first.session })).status).toBe(204);
    expect((await api(control.url, 'GET', '/api/zones', { token: first.session })).status).toBe(401);
    expect((await api(control.url, 'GET', '/api/zones', { token: second.session })).status).toBe(200);
  });

  it('everywhere ends every session of the address; a new sign-in works', async () => {
    const laptop = await devLogin(control.url, 'lost-laptop@security.test');
    const phone = await devLogin(control.url, 'lost-laptop@security.test');
    expect((await api(control.url, 'POST', '/api/auth/sign-out-everywhere', { token: phone.session })).status).toBe(204);
    expect((await api(control.url, 'GET', '/api/zones', { token: laptop.session })).status).toBe(401);
    expect((await api(control.url, 'GET', '/api/zones', { token: phone.session })).status).toBe(401);
    const again = await devLogin(control.url, 'lost-laptop@security.test');
    expect((await api(control.url, 'GET', '/api/zones', { token: again.session })).status).toBe(200);
  });
});

describe('nothing is read before we know who sends it', () => {
  it('an unauthenticated body over 16 KiB is refused (413) whatever the route, before the route can say 401', async () => {
    const big = JSON.stringify({ zonefile: 'x'.repeat(1_000_000) });
    const res = await api(control.url, 'POST', '/api/import/zonefile', { body: JSON.parse(big) as unknown });
    expect(res.status).toBe(413);
    expect(String(problemOf(res)['detail'])).toBe('The request body exceeds 16384 bytes.');
    // Sent in chunks without a length, it is cut off at the limit too.
    const { request } = await import('node:http');
    const url = new URL(`${control.url}/api/import/zonefile`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on('error', (err) => (/EPIPE|ECONNRESET/.test(err.message) ? undefined : reject(err)));
      for (let i = 0; i < 64; i++) req.write('x'.repeat(32 * 1024));
      req.end();
    });
    expect(status).toBe(413);
  });

  it('a session may send a zone-sized import; a token that may not import is held to the ordinary limit', async () => {
    const zonefile = `$ORIGIN sized.security.test.\n${Array.from({ length: 40_000 }, (_, i) => `h${i} 300 IN A 192.0.2.${i % 250}`).join('\n')}\n`;
    expect(zonefile.length).toBeGreaterThan(1024 * 1024);
    const imported = await api(control.url, 'POST', '/api/import/zonefile', { token: session, body: { zonefile } });
    expect(imported.status, imported.text.slice(0, 300)).toBe(200);
    const zone = ((await api(control.url, 'GET', '/api/zones', { token: session })).json as { zones: { id: string; origin: string }[] }).zones.find((z) => z.origin === 'sized.security.test')!;
    const zoneAdmin = await mintToken(control.url, session, `/api/zones/${zone.id}/tokens`, { scope: 'zone-admin' });
    const refused = await api(control.url, 'POST', '/api/import/zonefile', { token: zoneAdmin.token, body: { zonefile } });
    expect(refused.status).toBe(413);
  });
});

describe('the memory request bodies may take together', () => {
  it('a body that does not fit beside those being read gets 503 with Retry-After at once, and fits once they are done', async () => {
    const small = await startTestControl({ importBodyLimitBytes: 1_000_000, bodyMemoryBytes: 1_500_000 });
    try {
      const { session: owner } = await devLogin(small.url, 'owner@budget.test');
      const { request } = await import('node:http');
      const url = new URL(`${small.url}/api/import/zonefile`);
      const body = JSON.stringify({ zonefile: `$ORIGIN budget.test.\n@ 300 IN TXT "${'x'.repeat(200)}"\n`.padEnd(900_000, ' ') });
      // A slow upload of 900 kB: half of it is sent, the rest held back.
      let finishSlow: () => void = () => undefined;
      const slow = new Promise<number>((resolve, reject) => {
        const req = request(
          { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${owner}` } },
          (r) => {
            r.resume();
            resolve(r.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.write(body.slice(0, 450_000));
        finishSlow = () => req.end(body.slice(450_000));
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const busy = await api(small.url, 'POST', '/api/import/zonefile', { token: owner, body: JSON.parse(body) as unknown });
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('1');
      expect(String(problemOf(busy)['detail'])).toMatch(/DNSCOVE_BODY_MEMORY/);
      // Small bodies still fit beside it.
      expect((await api(small.url, 'POST', '/api/zones', { token: owner, body: { origin: 'small.budget.test' } })).status).toBe(201);
      finishSlow();
      expect(await slow).not.toBe(503);
      const after = await api(small.url, 'POST', '/api/import/zonefile', { token: owner, body: JSON.parse(body) as unknown });
      expect(after.status).not.toBe(503);
    } finally {
      await small.close();
    }
  });
});
