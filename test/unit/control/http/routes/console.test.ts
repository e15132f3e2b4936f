// The console's static routes over a real server: the page, its files, content types, and no way out of the folders.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestControl } from '../../../../helpers/control-harness.js';
import type { TestControl } from '../../../../helpers/control-harness.js';

let control: TestControl;

beforeAll(async () => {
  control = await startTestControl();
});
afterAll(async () => {
  await control.close();
});

/** GET with the path sent exactly as written (fetch would normalise "..", "%2e" and "%2F"). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  const url = new URL(control.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('console routes', () => {
  it.each([
    { path: '/', type: /^text\/html; charset=utf-8$/, contains: '<script type="module" src="/console/main.js">' },
    { path: '/console/console.css', type: /^text\/css; charset=utf-8$/, contains: ':root' },
    { path: '/console/main.js', type: /^text\/javascript; charset=utf-8$/, contains: "from './router.js'" },
    { path: '/console/zone-page.js', type: /^text\/javascript; charset=utf-8$/, contains: 'renderZone' },
  ])('GET $path → 200 $type', async ({ path, type, contains }) => {
    const res = await api(control.url, 'GET', path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(type);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    // Nothing from elsewhere and no inline code: the page works offline and injected markup cannot run.
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(res.text).toContain(contains);
  });

  it.each([
    '/console/..%2Fpackage.json',
    '/console/..%2F..%2Fpackage.json',
    '/console/%2e%2e%2fpackage.json',
    '/console/..%5Cpackage.json',
    '/console/.env',
    '/console/main.ts',
    '/console/index',
    '/console/Main.js',
    '/console/no-such-module.js',
    '/console/sub/main.js',
    '/console/',
  ])('GET %s → 404, never a file from elsewhere', async (path) => {
    const res = await rawGet(path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('"dependencies"');
  });

  it('GET /auth/callback exchanges the token and opens the console, keeping the token out of history', async () => {
    const res = await api(control.url, 'GET', '/auth/callback?token=abc');
    expect(res.status).toBe(200);
    expect(res.text).toContain("fetch('/api/auth/exchange'");
    expect(res.text).toContain("localStorage.setItem('dnscove.session'");
    expect(res.text).toContain("location.replace('/#/zones')");
    expect(res.text).toContain('history.replaceState(null, \'\', location.pathname)');
  });
});
