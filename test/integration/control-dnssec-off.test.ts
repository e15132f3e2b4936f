// Turning DNSSEC off without breaking the zone (issue 15): PUT /api/zones/{id}/dnssec
// {"enabled": false} keeps the zone signed while it publishes CDS and CDNSKEY "delete"
// (RFC 8078 §4); asked again, it goes unsigned only once the parent's servers (a private root
// served by NSD) no longer hold the zone's DS; enabled: true signs it again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { ZoneContent } from '../../shared/dns/rrset.js';
import { readPublishedContent } from '../../shared/snapshot/published-content.js';
import { api, devLogin, startTestControl } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';
import { freePort } from '../helpers/free-port.js';
import { startMigrationNsd } from '../helpers/migration-nsd.js';
import type { MigrationNsd } from '../helpers/migration-nsd.js';
import { checksThroughPrivateRoot, privateRootZone } from '../helpers/private-root.js';

const HOST = '127.0.0.1';
const ORIGIN = 'off.example';

let port: number;
let nsd: MigrationNsd | undefined;
let control: TestControl;
let session: string;
let zoneId: string;
let ds: string;

/** The private root, delegating the zone to our name servers, with its DS or without. */
const startRoot = async (withDs: boolean): Promise<void> => {
  await nsd?.stop();
  const delegation = `${ORIGIN}. 86400 IN NS ns1.dnscove.invalid.\n${ORIGIN}. 86400 IN NS ns2.dnscove.invalid.\n${withDs ? `${ORIGIN}. 86400 IN DS ${ds}\n` : ''}`;
  nsd = await startMigrationNsd(HOST, port, [{ origin: '.', text: privateRootZone(HOST, delegation) }]);
};

const put = (enabled: boolean) => api(control.url, 'PUT', `/api/zones/${zoneId}/dnssec`, { token: session, body: { enabled } });
const published = (): Promise<ZoneContent> => readPublishedContent(control.services.config.snapshotsDir, `${ORIGIN}.` as Name);
const apex = (zone: ZoneContent, type: number): string | undefined => zone.rrsets.find((r) => r.name === `${ORIGIN}.` && r.type === type)?.rdata[0]?.toString('hex');
const signed = (zone: ZoneContent): boolean => zone.rrsets.some((r) => r.signatures !== undefined) && zone.rrsets.some((r) => r.type === RRType.NSEC3);

beforeAll(async () => {
  port = await freePort();
  control = await startTestControl({ checks: checksThroughPrivateRoot(HOST, port) });
  ({ session } = await devLogin(control.url, 'owner@off.example'));
  zoneId = ((await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: ORIGIN } })).json as { id: string }).id;
  const dnssec = (await api(control.url, 'GET', `/api/zones/${zoneId}/dnssec`, { token: session })).json as { ds: { key_tag: number; algorithm: number; digest_type: number; digest: string }[] };
  const [first] = dnssec.ds;
  ds = `${first!.key_tag} ${first!.algorithm} ${first!.digest_type} ${first!.digest}`;
  await startRoot(true);
}, 60_000);

afterAll(async () => {
  await control?.close();
  await nsd?.stop();
});

describe('turning DNSSEC off and on', () => {
  it('first publishes CDS/CDNSKEY delete while still signed, refuses to go unsigned while the parent holds the DS, then does once it is gone', async () => {
    await control.services.publisher.flush();
    const before = await published();
    expect(signed(before)).toBe(true);
    expect(apex(before, RRType.CDS)).not.toBe('0000000000');

    const removing = await put(false);
    expect(removing.status).toBe(200);
    expect(removing.json).toMatchObject({ enabled: false, state: 'removing' });
    const asking = await published();
    expect(signed(asking), 'still signed while the parent may hold the DS').toBe(true);
    expect(apex(asking, RRType.CDS)).toBe('0000000000');
    expect(apex(asking, RRType.CDNSKEY)).toBe('0000030000');

    const refused = await put(false);
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ status: 409, detail: expect.stringMatching(/still holds this zone's DS/) });
    expect(signed(await published())).toBe(true);

    await startRoot(false);
    const off = await put(false);
    expect(off.status).toBe(200);
    expect(off.json).toMatchObject({ enabled: false, state: 'unsigned' });
    const unsigned = await published();
    expect(signed(unsigned)).toBe(false);
    expect(unsigned.rrsets.filter((r) => [RRType.DNSKEY, RRType.CDS, RRType.CDNSKEY, RRType.NSEC3PARAM, RRType.NSEC3].includes(r.type as never))).toEqual([]);

    const on = await put(true);
    expect(on.status).toBe(200);
    expect(on.json).toMatchObject({ enabled: true, state: 'signed' });
    const again = await published();
    expect(signed(again)).toBe(true);
    expect(apex(again, RRType.CDS)).toBe(Buffer.from(ds.split(' ').map(Number).slice(0, 3).flatMap((n, i) => (i === 0 ? [n >> 8, n & 255] : [n]))).toString('hex') + ds.split(' ')[3]!.toLowerCase());

    const audit = (await api(control.url, 'GET', '/api/audit', { token: session })).json as { entries: { action: string }[] };
    expect(audit.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['dnssec.remove-ds', 'dnssec.disable', 'dnssec.enable']));
  });
});
