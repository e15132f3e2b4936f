// ALIAS at the apex (issue 29): the control plane resolves the target through a private hierarchy
// (NSD serving the root and the CDN's zone) and publishes its A and AAAA; the answers equal what
// the target resolves to, with the target's TTL, and follow it when it changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange } from '../../control/checks/dns-exchange.js';
import { readPublishedContent } from '../../shared/snapshot/published-content.js';
import { parseName } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { formatRdata } from '../../shared/dns/rdata.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { api, devLogin, problemOf, startTestControl } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';
import { freePort } from '../helpers/free-port.js';
import { startMigrationNsd } from '../helpers/migration-nsd.js';
import { checksThroughPrivateRoot, privateRootZone } from '../helpers/private-root.js';
import type { MigrationNsd } from '../helpers/migration-nsd.js';
import { waitUntil } from '../helpers/wait-until.js';

const HOST = '127.0.0.1';
const ORIGIN = 'alias.test';

const rootZone = privateRootZone(HOST, `cdn.example. 86400 IN NS ns.cdn.example.
ns.cdn.example. 86400 IN A ${HOST}
`);

/** The CDN's zone: the hostname customers point at is a CNAME (TTL 60) to the edge nodes (TTL 120). */
const cdnZone = (addresses: readonly string[]): string => `$ORIGIN cdn.example.
@ 3600 IN SOA ns hostmaster 1 1800 900 604800 60
@ 3600 IN NS ns
ns 3600 IN A ${HOST}
www 60 IN CNAME edge
${addresses.map((a) => `edge 120 IN ${a.includes(':') ? 'AAAA' : 'A'} ${a}`).join('\n')}
`;

let port: number;
let nsd: MigrationNsd;
let control: TestControl;
let session: string;
let zoneId: string;
let clock = Date.now();

const startHierarchy = (addresses: readonly string[]): Promise<MigrationNsd> =>
  startMigrationNsd(HOST, port, [
    { origin: '.', text: rootZone },
    { origin: 'cdn.example.', text: cdnZone(addresses) },
  ]);

/** What the CDN's own server answers for edge.cdn.example: the reference the published answers must equal. */
async function referenceAddresses(type: number): Promise<string[]> {
  const r = await exchange({ host: HOST, port }, parseName('edge.cdn.example.'), type, 1000);
  if (r.kind !== 'response') throw new Error('no answer from NSD');
  return r.message.answer.filter((rr) => rr.type === type).map((rr) => formatRdata(type, rr.rdata)).sort();
}

/** The apex A and AAAA in the published snapshot (what every edge is handed), once published. */
async function publishedAddresses(): Promise<{ a: string[]; aaaa: string[]; ttl: number | undefined }> {
  await waitUntil(async () => {
    const z = (await api(control.url, 'GET', `/api/zones/${zoneId}`, { token: session })).json as { serial: number; published_serial: number };
    return z.published_serial === z.serial;
  }, { what: 'the zone to be published' });
  const content = await readPublishedContent(control.services.config.snapshotsDir, parseName(`${ORIGIN}.`));
  const at = (type: number) => content.rrsets.find((r) => r.name === (`${ORIGIN}.` as Name) && r.type === type);
  return {
    a: (at(RRType.A)?.rdata ?? []).map((w) => formatRdata(RRType.A, w)).sort(),
    aaaa: (at(RRType.AAAA)?.rdata ?? []).map((w) => formatRdata(RRType.AAAA, w)).sort(),
    ttl: at(RRType.A)?.ttl,
  };
}

beforeAll(async () => {
  port = await freePort();
  nsd = await startHierarchy(['192.0.2.10', '192.0.2.11', '2001:db8::10']);
  control = await startTestControl({ checks: checksThroughPrivateRoot(HOST, port) }, { now: () => new Date(clock) });
  ({ session } = await devLogin(control.url, 'owner@alias.test'));
  zoneId = ((await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: ORIGIN } })).json as { id: string }).id;
}, 60_000);

afterAll(async () => {
  await control?.close();
  await nsd?.stop();
});

describe('ALIAS at the apex', () => {
  it('publishes the A and AAAA the target resolves to (through its CNAME), with the lowest TTL on the way', async () => {
    const res = await api(control.url, 'POST', `/api/zones/${zoneId}/records`, { token: session, body: { name: '@', type: 'ALIAS', ttl: 300, records: ['www.cdn.example'] } });
    expect(res.status, res.text).toBe(200);
    expect((res.json as { rrsets: unknown[] }).rrsets).toEqual([{ name: `${ORIGIN}.`, type: 'ALIAS', ttl: 300, records: ['www.cdn.example.'] }]);
    const published = await publishedAddresses();
    expect(published.a).toEqual(await referenceAddresses(RRType.A));
    expect(published.aaaa).toEqual(await referenceAddresses(RRType.AAAA));
    expect(published.ttl).toBe(60);
    const listed = ((await api(control.url, 'GET', `/api/zones/${zoneId}/records`, { token: session })).json as { records: { name: string; type: string; ttl: number; records: string[] }[] }).records;
    expect(listed.filter((r) => r.name === `${ORIGIN}.` && ['A', 'AAAA', 'ALIAS'].includes(r.type))).toEqual([
      { name: `${ORIGIN}.`, type: 'A', ttl: 60, records: ['192.0.2.10', '192.0.2.11'] },
      { name: `${ORIGIN}.`, type: 'AAAA', ttl: 60, records: ['2001:db8::10'] },
      { name: `${ORIGIN}.`, type: 'ALIAS', ttl: 300, records: ['www.cdn.example.'] },
    ]);
    // The ALIAS itself is never handed to an edge.
    const content = await readPublishedContent(control.services.config.snapshotsDir, parseName(`${ORIGIN}.`));
    expect(content.rrsets.some((r) => r.type === RRType.ALIAS)).toBe(false);
  });

  it('follows the target when it changes, once the TTL it was served with is mostly gone', async () => {
    await nsd.stop();
    nsd = await startHierarchy(['198.51.100.7']);
    // Not due yet: nothing moves.
    await control.aliases.refreshDue();
    expect((await publishedAddresses()).a).toEqual(['192.0.2.10', '192.0.2.11']);
    // 45 s on (three quarters of the 60 s TTL), the refresher resolves again.
    clock += 46_000;
    await control.aliases.refreshDue();
    const published = await publishedAddresses();
    expect(published.a).toEqual(await referenceAddresses(RRType.A));
    expect(published.a).toEqual(['198.51.100.7']);
    expect(published.aaaa).toEqual([]);
  });

  it('refuses a target with no address, an A of its own beside an ALIAS, and an ALIAS over the owner’s own A, changing nothing', async () => {
    const nx = await api(control.url, 'POST', `/api/zones/${zoneId}/records`, { token: session, body: { name: `shop.${ORIGIN}`, type: 'ALIAS', records: ['nothing.cdn.example'] } });
    expect(nx.status).toBe(400);
    expect(problemOf(nx)).toMatchObject({ field: 'records[0]' });
    expect(problemOf(nx)['detail']).toMatch(/the ALIAS target nothing\.cdn\.example gives no address to serve: nothing\.cdn\.example\. does not exist \(NXDOMAIN\)/);
    const beside = await api(control.url, 'POST', `/api/zones/${zoneId}/records`, { token: session, body: { name: '@', type: 'A', records: ['192.0.2.99'] } });
    expect(beside.status).toBe(400);
    expect(problemOf(beside)['detail']).toMatch(/has an ALIAS: its addresses come from the ALIAS target/);
    await api(control.url, 'POST', `/api/zones/${zoneId}/records`, { token: session, body: { name: `own.${ORIGIN}`, type: 'A', records: ['192.0.2.5'] } });
    const over = await api(control.url, 'POST', `/api/zones/${zoneId}/records`, { token: session, body: { name: `own.${ORIGIN}`, type: 'ALIAS', records: ['www.cdn.example'] } });
    expect(over.status).toBe(400);
    expect(problemOf(over)['detail']).toMatch(/has A or AAAA records of its own; DELETE them in the same request/);
    // In one request, replacing the owner's A by an ALIAS works.
    const replaced = await api(control.url, 'POST', `/api/zones/${zoneId}/records`, {
      token: session,
      body: { changes: [{ action: 'DELETE', name: `own.${ORIGIN}`, type: 'A' }, { name: `own.${ORIGIN}`, type: 'ALIAS', records: ['www.cdn.example'] }] },
    });
    expect(replaced.status, replaced.text).toBe(200);
    const cname = await api(control.url, 'POST', `/api/zones/${zoneId}/records`, { token: session, body: { name: `own.${ORIGIN}`, type: 'CNAME', records: ['elsewhere.example'] } });
    expect(cname.status).toBe(400);
  });

  it('deleting the ALIAS removes the addresses it brought', async () => {
    const res = await api(control.url, 'POST', `/api/zones/${zoneId}/records`, { token: session, body: { action: 'DELETE', name: '@', type: 'ALIAS' } });
    expect(res.status, res.text).toBe(200);
    expect(await publishedAddresses()).toEqual({ a: [], aaaa: [], ttl: undefined });
  });
});
