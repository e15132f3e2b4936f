// Integration: every error path of the HTTP pipeline answers with a problem document and no stack trace.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, devLogin, problemOf, startTestControl } from '../helpers/control-harness.js';
import type { ApiOptions, TestControl } from '../helpers/control-harness.js';

let control: TestControl;
let session: string;

beforeAll(async () => {
  control = await startTestControl({ bodyLimitBytes: 64 * 1024, importBodyLimitBytes: 1024 * 1024 });
  session = (await devLogin(control.url, 'errors@example.com')).session;
});
afterAll(async () => {
  await control.close();
});

interface ErrorCase {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly options: () => ApiOptions;
  readonly status: number;
  readonly type: string;
  readonly header?: readonly [string, RegExp];
}

const cases: readonly ErrorCase[] = [
  {
    name: 'malformed JSON',
    method: 'POST',
    path: '/api/auth/exchange',
    options: () => ({ rawBody: '{"token": ', contentType: 'application/json' }),
    status: 400,
    type: 'bad-request',
  },
  {
    name: 'body that is not UTF-8',
    method: 'POST',
    path: '/api/auth/exchange',
    options: () => ({ rawBody: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), contentType: 'application/json' }),
    status: 400,
    type: 'bad-request',
  },
  {
    name: 'wrong content type',
    method: 'POST',
    path: '/api/auth/magic-link',
    options: () => ({ rawBody: 'email=a@example.com', contentType: 'application/x-www-form-urlencoded' }),
    status: 415,
    type: 'unsupported-media-type',
  },
  {
    name: 'body without a content type',
    method: 'POST',
    path: '/api/tokens',
    options: () => ({ token: session, rawBody: '{}' }),
    status: 415,
    type: 'unsupported-media-type',
  },
  {
    name: 'oversize body',
    method: 'POST',
    path: '/api/tokens',
    options: () => ({ token: session, body: { name: 'x'.repeat(200 * 1024) } }),
    status: 413,
    type: 'payload-too-large',
  },
  {
    name: 'unknown route',
    method: 'GET',
    path: '/api/no-such-thing',
    options: () => ({}),
    status: 404,
    type: 'not-found',
  },
  {
    name: 'unknown route with credentials',
    method: 'GET',
    path: '/api/zones/Z00000000000000/nothing',
    options: () => ({ token: session }),
    status: 404,
    type: 'not-found',
  },
  {
    name: 'undecodable path parameter',
    method: 'DELETE',
    path: '/api/tokens/%E0%A4%A',
    options: () => ({ token: session }),
    status: 404,
    type: 'not-found',
  },
  {
    name: 'wrong method',
    method: 'PUT',
    path: '/api/tokens',
    options: () => ({ token: session, body: {} }),
    status: 405,
    type: 'method-not-allowed',
    header: ['allow', /GET, POST/],
  },
  {
    name: 'schema violation names the field',
    method: 'POST',
    path: '/api/tokens',
    options: () => ({ token: session, body: { scope: 'root' } }),
    status: 400,
    type: 'validation',
  },
  {
    name: 'missing credentials',
    method: 'GET',
    path: '/api/tokens',
    options: () => ({}),
    status: 401,
    type: 'unauthorized',
    header: ['www-authenticate', /^Bearer /],
  },
  {
    name: 'bad query parameter',
    method: 'GET',
    path: '/api/audit?limit=lots',
    options: () => ({ token: session }),
    status: 400,
    type: 'validation',
  },
];

describe('control plane error responses', () => {
  it.each(cases)('$name → $status problem', async (c) => {
    const res = await api(control.url, c.method, c.path, c.options());
    expect(res.status).toBe(c.status);
    const doc = problemOf(res);
    expect(doc['type']).toBe(`https://dnscove.dev/problems/${c.type}`);
    expect(String(doc['instance'])).toContain(res.headers.get('x-request-id') ?? 'missing request id');
    if (c.header !== undefined) expect(res.headers.get(c.header[0]) ?? '').toMatch(c.header[1]);
  });

  it('an oversize chunked body (no Content-Length) is a 413 problem too', async () => {
    const { status, type, body } = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const req = http.request(`${control.url}/api/tokens`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session}`, 'Transfer-Encoding': 'chunked' },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      req.write('{"name":"');
      for (let i = 0; i < 20; i++) req.write('x'.repeat(10 * 1024));
      req.end('"}');
    });
    expect(status).toBe(413);
    expect(type).toBe('application/problem+json');
    expect(JSON.parse(body)).toMatchObject({ status: 413, type: 'https://dnscove.dev/problems/payload-too-large' });
  });

  it('the import routes take a zone past the general body limit, up to their own', async () => {
    const lines = Array.from({ length: 4000 }, (_, i) => `host-with-a-long-name-${i} 300 IN A 192.0.${i >> 8}.${i & 255}`);
    const zonefile = `$ORIGIN big-import.example.\n${lines.join('\n')}\n`;
    expect(zonefile.length).toBeGreaterThan(64 * 1024);
    const res = await api(control.url, 'POST', '/api/import/zonefile', { token: session, body: { zonefile } });
    expect(res.status).toBe(200);
    expect((res.json as { imported: number }).imported).toBe(4000);
    const over = await api(control.url, 'POST', '/api/import/zonefile', { token: session, body: { zonefile: zonefile.repeat(8) } });
    expect(over.status).toBe(413);
    expect(problemOf(over)['type']).toBe('https://dnscove.dev/problems/payload-too-large');
  });

  it('an import whose input does not read is refused with the line or the reason, and creates nothing', async () => {
    const bad = await api(control.url, 'POST', '/api/import/zonefile', { token: session, body: { zonefile: '$ORIGIN broken-import.example.\nwww 300 IN A 192.0.2.1\nmail 300 IN A not-an-address\n' } });
    expect(bad.status).toBe(400);
    expect(problemOf(bad)).toMatchObject({ type: 'https://dnscove.dev/problems/validation', field: 'zonefile', value: 'line 3' });
    const r53 = await api(control.url, 'POST', '/api/import/route53', { token: session, body: { json: '{"ResourceRecordSets": 7}' } });
    expect(r53.status).toBe(400);
    expect(problemOf(r53)['type']).toBe('https://dnscove.dev/problems/bad-request');
    const zones = (await api(control.url, 'GET', '/api/zones', { token: session })).json as { zones: { origin: string }[] };
    expect(zones.zones.map((z) => z.origin)).not.toContain('broken-import.example');
  });

  it('a validation problem names the field and value', async () => {
    const res = await api(control.url, 'POST', '/api/tokens', { token: session, body: { scope: 'root' } });
    const doc = problemOf(res);
    expect(doc['field']).toBe('/scope');
    expect(doc['value']).toBe('root');
    expect(String(doc['detail'])).toContain('/scope');
  });

  it('an unexpected fault is a generic 500 naming the request id, logged with its stack', async () => {
    // A database closed under the server is a fault no route anticipates.
    const broken = await startTestControl();
    try {
      broken.services.db.close();
      const res = await api(broken.url, 'GET', '/healthz');
      expect(res.status).toBe(500);
      const doc = problemOf(res);
      const requestId = res.headers.get('x-request-id') ?? 'missing';
      expect(doc['title']).toBe('Internal server error');
      expect(String(doc['detail'])).toContain(requestId);
      expect(res.text).not.toMatch(/database|sqlite|TypeError/i);
      const logged = broken.logs.find((l) => l['msg'] === 'unhandled error' && l['request_id'] === requestId);
      expect(JSON.stringify(logged?.['err'] ?? null)).toMatch(/stack/);
    } finally {
      await broken.close().catch(() => undefined);
    }
  });
});
