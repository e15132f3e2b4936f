// Integration (issue 31): a zone file sent to POST /api/import/zonefile as the body itself
// (text/dns or text/plain, options in the query) imports exactly as the JSON form does, and only
// that route takes a body that is not JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, devLogin, problemOf, startTestControl } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';

let control: TestControl;
let session = '';

const file = (origin: string, address: string): string => `$ORIGIN ${origin}.\n$TTL 300\n@ SOA ns1 hostmaster 1 3600 600 86400 300\n@ NS ns1\nns1 A 192.0.2.1\nwww A ${address}\n`;

async function wwwOf(zoneId: string): Promise<string[] | undefined> {
  const list = (await api(control.url, 'GET', `/api/zones/${zoneId}/records`, { token: session })).json as { records: { name: string; type: string; records: string[] }[] };
  return list.records.find((r) => r.name.startsWith('www.') && r.type === 'A')?.records;
}

beforeAll(async () => {
  control = await startTestControl();
  session = (await devLogin(control.url, 'raw-import@example.com')).session;
});

afterAll(async () => {
  await control.close();
});

describe('a zone file as the request body', () => {
  it('imports from text/dns, then replaces from text/plain with ?replace=true, as the JSON form does', async () => {
    const first = await api(control.url, 'POST', '/api/import/zonefile', { token: session, rawBody: file('raw.test', '192.0.2.10'), contentType: 'text/dns' });
    expect(first.status, first.text).toBe(200);
    const zone = (first.json as { zone: { id: string; origin: string }; imported: number }).zone;
    expect(zone.origin).toBe('raw.test');
    expect(await wwwOf(zone.id)).toEqual(['192.0.2.10']);
    const refused = await api(control.url, 'POST', '/api/import/zonefile', { token: session, rawBody: file('raw.test', '192.0.2.11'), contentType: 'text/plain; charset=utf-8' });
    expect(refused.status).toBe(409);
    const replaced = await api(control.url, 'POST', '/api/import/zonefile?replace=true', { token: session, rawBody: file('raw.test', '192.0.2.11'), contentType: 'text/plain; charset=utf-8' });
    expect(replaced.status, replaced.text).toBe(200);
    expect(await wwwOf(zone.id)).toEqual(['192.0.2.11']);
  });

  it('takes the origin from the query for a file without $ORIGIN', async () => {
    const res = await api(control.url, 'POST', '/api/import/zonefile?origin=query-origin.test', {
      token: session,
      rawBody: '$TTL 300\n@ SOA ns1 hostmaster 1 3600 600 86400 300\n@ NS ns1\nns1 A 192.0.2.1\nwww A 192.0.2.20\n',
      contentType: 'text/dns',
    });
    expect(res.status, res.text).toBe(200);
    expect((res.json as { zone: { origin: string } }).zone.origin).toBe('query-origin.test');
  });

  it('refuses a bad replace value, an empty file, and a text body on any other route', async () => {
    const badReplace = await api(control.url, 'POST', '/api/import/zonefile?replace=yes', { token: session, rawBody: file('raw2.test', '192.0.2.1'), contentType: 'text/dns' });
    expect(badReplace.status).toBe(400);
    expect(problemOf(badReplace)).toMatchObject({ field: 'replace' });
    expect((await api(control.url, 'POST', '/api/import/zonefile', { token: session, rawBody: ' ', contentType: 'text/dns' })).status).not.toBe(200);
    const elsewhere = await api(control.url, 'POST', '/api/zones', { token: session, rawBody: 'origin=x.test', contentType: 'text/plain' });
    expect(elsewhere.status).toBe(415);
    expect((await api(control.url, 'POST', '/api/import/zonefile', { token: session, rawBody: file('raw3.test', '192.0.2.1'), contentType: 'text/html' })).status).toBe(415);
  });

  it('still takes the JSON form, and names a missing zonefile', async () => {
    const res = await api(control.url, 'POST', '/api/import/zonefile', { token: session, body: { zonefile: file('json.test', '192.0.2.30') } });
    expect(res.status, res.text).toBe(200);
    const missing = await api(control.url, 'POST', '/api/import/zonefile', { token: session, body: { origin: 'x.test' } });
    expect(missing.status).toBe(400);
    expect(problemOf(missing)).toMatchObject({ field: '/zonefile', detail: '/zonefile is required.' });
  });
});
