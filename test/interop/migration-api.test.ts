// The migration path over the HTTP API: import, export, delegation and parity checks, against a
// private DNS hierarchy (NSD) on loopback port 53 with the control plane's published zones served
// by our edge on its own address.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadChecksConfig } from '../../control/checks/checks-config.js';
import { exchange } from '../../control/checks/dns-exchange.js';
import { startEdge } from '../../edge/edge-server.js';
import type { EdgeServer } from '../../edge/edge-server.js';
import { silentLogger } from '../../shared/log.js';
import { parseName } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { api, devLogin, startTestControl, stringField } from '../helpers/control-harness.js';
import type { ApiResponse, TestControl } from '../helpers/control-harness.js';
import { CUSTOMER_RRSETS, EDGE_ADDR, OUR_NS, ROOT_HINTS, customerZone, startPrivateHierarchy } from '../helpers/migration-hierarchy.js';
import type { PrivateHierarchy } from '../helpers/migration-hierarchy.js';
import { waitUntil } from '../helpers/wait-until.js';

let hierarchy: PrivateHierarchy | undefined;
let control: TestControl | undefined;
let edge: EdgeServer | undefined;
let session = '';
let otherSession = '';

const json = (res: ApiResponse): Record<string, unknown> => res.json as Record<string, unknown>;

async function importZoneFile(origin: string, token = session, extra: Record<string, unknown> = {}): Promise<ApiResponse> {
  return api(control!.url, 'POST', '/api/import/zonefile', { token, body: { zonefile: customerZone(origin), ...extra } });
}

async function zoneId(origin: string): Promise<string> {
  const res = await api(control!.url, 'GET', '/api/zones', { token: session });
  const zones = json(res)['zones'] as { id: string; origin: string }[];
  const zone = zones.find((z) => z.origin === origin);
  if (zone === undefined) throw new Error(`no zone ${origin}`);
  return zone.id;
}

/** Polls our edge until it serves the zone's SOA (the publish reached it). */
async function served(origin: string): Promise<void> {
  await waitUntil(
    async () => {
      const r = await exchange({ host: EDGE_ADDR, port: 53 }, parseName(origin), RRType.SOA, 300);
      return r.kind === 'response' && r.message.aa && r.message.rcode === 0;
    },
    { what: `the edge to serve ${origin}`, timeoutMs: 10_000 },
  );
}

beforeAll(async () => {
  hierarchy = await startPrivateHierarchy();
  control = await startTestControl({
    nameservers: OUR_NS.map((n) => parseName(n)),
    checks: loadChecksConfig({ DNSCOVE_ROOT_HINTS: ROOT_HINTS, DNSCOVE_CHECK_TIMEOUT_MS: '400' }),
  });
  edge = await startEdge({ snapshotsDir: control.services.config.snapshotsDir, host: EDGE_ADDR, port: 53, log: silentLogger });
  session = (await devLogin(control.url, 'mover@example.com')).session;
  otherSession = (await devLogin(control.url, 'someone-else@example.com')).session;
}, 60_000);

afterAll(async () => {
  await edge?.close();
  await control?.close();
  await hierarchy?.stop();
});

describe('import over the API', () => {
  it('imports a zone file, creates the zone and publishes it', async () => {
    const res = await importZoneFile('none.test.');
    expect(res.status).toBe(200);
    expect(json(res)).toMatchObject({
      zone: { origin: 'none.test', status: 'PENDING_VERIFICATION', ns: ['ns1.dnscove.test', 'ns2.dnscove.test'] },
      imported: CUSTOMER_RRSETS,
      published: true,
      publish_error: null,
      ns: ['ns1.dnscove.test', 'ns2.dnscove.test'],
    });
    expect((json(res)['skipped'] as { reason: string }[]).map((s) => s.reason)).toEqual([
      'line 3: apex SOA is replaced by the DNSCove SOA',
      "line 4: apex NS is replaced by DNSCove's name servers",
    ]);
  });

  const conflicts: [what: string, run: () => Promise<ApiResponse>, status: number][] = [
    ['a re-import without replace', () => importZoneFile('none.test.'), 409],
    ["another tenant's origin", () => importZoneFile('none.test.', otherSession, { replace: true }), 409],
    ['a zone file with a syntax error', () => api(control!.url, 'POST', '/api/import/zonefile', { token: session, body: { zonefile: '$ORIGIN x.test.\n@ 300 IN A 999.1.1.1\n' } }), 400],
    ['Route 53 JSON that is not JSON', () => api(control!.url, 'POST', '/api/import/route53', { token: session, body: { json: '{"ResourceRecordSets": [' } }), 400],
  ];
  it.each(conflicts)('refuses %s', async (_what, run, status) => {
    const res = await run();
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('replaces the content with replace: true', async () => {
    const res = await importZoneFile('none.test.', session, { replace: true });
    expect(res.status).toBe(200);
    expect(json(res)['imported']).toBe(CUSTOMER_RRSETS);
  });

  it('imports a recorded Route 53 listing, with reasons for what it skips', async () => {
    const res = await api(control!.url, 'POST', '/api/import/route53', {
      token: session,
      body: { json: fs.readFileSync('test/fixtures/route53/list-resource-record-sets.json', 'utf8') },
    });
    expect(res.status).toBe(200);
    const body = json(res);
    expect(body).toMatchObject({ zone: { origin: 'example.com' }, imported: 16, published: true });
    expect((body['skipped'] as unknown[]).length).toBe(12);
    const notes = body['notes'] as { name: string; type: string; reason: string }[];
    expect(notes.filter((n) => n.type === 'SPF')).toEqual([{ name: 'legacy.example.com.', type: 'SPF', reason: expect.stringMatching(/imported as TXT/) }]);
    // Left out (weighted), and the imported wildcard *.example.com. would answer for it: said so.
    expect(notes).toContainEqual({ name: 'api.example.com.', type: 'A', reason: 'not imported (see skipped), and the imported wildcard *.example.com. answers queries for this name instead' });
  });

  it('exports a master file that imports back to the same records', async () => {
    const id = await zoneId('example.com');
    const exported = await api(control!.url, 'GET', `/api/zones/${id}/export`, { token: session });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(exported.text).toMatch(/^; zone example\.com exported by DNSCove\n\$ORIGIN example\.com\.\n/);
    const before = await api(control!.url, 'GET', `/api/zones/${id}/records`, { token: session });
    const again = await api(control!.url, 'POST', '/api/import/zonefile', { token: session, body: { zonefile: exported.text, replace: true } });
    expect(again.status).toBe(200);
    const after = await api(control!.url, 'GET', `/api/zones/${id}/records`, { token: session });
    const withoutSoa = (r: ApiResponse): unknown => (json(r)['records'] as { type: string }[]).filter((s) => s.type !== 'SOA');
    expect(withoutSoa(after)).toEqual(withoutSoa(before));
  });
});

describe('delegation and parity over the API', () => {
  it('keeps a zone delegated elsewhere PENDING_VERIFICATION and says why', async () => {
    const id = await zoneId('none.test');
    const res = await api(control!.url, 'POST', `/api/zones/${id}/delegation`, { token: session });
    expect(res.status).toBe(200);
    expect(json(res)).toMatchObject({
      delegation: { origin: 'none.test', delegated: false, found: ['ns1.oldhost.test'], missing: ['ns1.dnscove.test', 'ns2.dnscove.test'], outcome: 'not-delegated' },
      status: 'PENDING_VERIFICATION',
    });
  });

  it('compares with the old provider: matching, but not safe to delete before the move', async () => {
    const id = await zoneId('none.test');
    const res = await api(control!.url, 'POST', `/api/zones/${id}/parity`, { token: session });
    expect(res.status).toBe(200);
    expect(json(res)).toMatchObject({
      parity: { origin: 'none.test', matches: true, checked: CUSTOMER_RRSETS, mismatched: 0, truncated: false },
      safe_to_delete: false,
      status: 'PENDING_VERIFICATION',
    });
  });

  it('reports a changed record, and GET returns the mismatch list', async () => {
    const id = await zoneId('none.test');
    const change = await api(control!.url, 'POST', `/api/zones/${id}/records`, {
      token: session,
      body: { action: 'UPSERT', name: 'www.none.test', type: 'A', ttl: 300, records: ['192.0.2.1', '192.0.2.9'] },
    });
    expect(change.status).toBe(200);
    const res = await api(control!.url, 'POST', `/api/zones/${id}/parity`, { token: session, body: { limit: 3 } });
    expect(json(res)).toMatchObject({ parity: { truncated: true, checked: 3 } });
    await api(control!.url, 'POST', `/api/zones/${id}/parity`, { token: session, body: {} });
    const last = await api(control!.url, 'GET', `/api/zones/${id}/parity`, { token: session });
    expect(last.status).toBe(200);
    expect(json(last)).toMatchObject({ parity: { matches: false, mismatched: 1 }, safe_to_delete: false });
    expect((json(last)['parity'] as Record<string, unknown>)['mismatches']).toEqual([
      { name: 'www.none.test.', type: 'A', theirs: ['192.0.2.1', '192.0.2.2'], ours: ['192.0.2.1', '192.0.2.9'], ttl_theirs: 300, ttl_ours: 300 },
    ]);
  });

  it('refuses a bad parity body, naming the field', async () => {
    const id = await zoneId('none.test');
    const res = await api(control!.url, 'POST', `/api/zones/${id}/parity`, { token: session, body: { limit: 0 } });
    expect(res.status).toBe(400);
    expect(json(res)['field']).toBe('/limit');
  });

  it('activates a fully delegated zone; then it is safe to delete the old copy', async () => {
    const imported = await importZoneFile('full.test.');
    expect(imported.status).toBe(200);
    const id = stringField(json(imported)['zone'], 'id');
    await served('full.test.');
    const delegation = await api(control!.url, 'POST', `/api/zones/${id}/delegation`, { token: session });
    expect(json(delegation)).toMatchObject({ delegation: { delegated: true, outcome: 'delegated', missing: [] }, status: 'ACTIVE' });
    const zone = await api(control!.url, 'GET', `/api/zones/${id}`, { token: session });
    expect(json(zone)['status']).toBe('ACTIVE');
    const parity = await api(control!.url, 'POST', `/api/zones/${id}/parity`, { token: session });
    expect(json(parity)).toMatchObject({ parity: { matches: true, truncated: false, checked: CUSTOMER_RRSETS }, safe_to_delete: true, status: 'ACTIVE' });
  });

  it('answers a partly delegated zone with what is missing, and an unknown parent with NXDOMAIN', async () => {
    const partial = await importZoneFile('partial.test.');
    const p = await api(control!.url, 'POST', `/api/zones/${stringField(json(partial)['zone'], 'id')}/delegation`, { token: session });
    expect(json(p)).toMatchObject({ delegation: { delegated: false, outcome: 'partly-delegated', missing: ['ns2.dnscove.test'] }, status: 'PENDING_VERIFICATION' });
    const gone = await importZoneFile('gone.test.');
    const g = await api(control!.url, 'POST', `/api/zones/${stringField(json(gone)['zone'], 'id')}/delegation`, { token: session });
    expect(g.status).toBe(200);
    expect(json(g)).toMatchObject({ delegation: { delegated: false, outcome: 'nxdomain-at-parent', parent: 'test' } });
  });
});
