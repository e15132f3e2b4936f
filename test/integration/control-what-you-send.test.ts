// What you send is what is served (issue 29), the parts built so far: zone origins are host
// names (a URL is refused, IDNA input becomes A-labels and is shown both ways), and a TXT value
// without quotes is one text, as people mean it (SPF), not one string per word.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPublishedContent } from '../../shared/snapshot/published-content.js';
import { parseName } from '../../shared/dns/name.js';
import { txtStrings } from '../../shared/dns/rdata/txt.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { api, devLogin, problemOf, startTestControl } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';
import { waitUntil } from '../helpers/wait-until.js';

let control: TestControl;
let session: string;

beforeAll(async () => {
  control = await startTestControl();
  ({ session } = await devLogin(control.url, 'owner@what-you-send.test'));
});

afterAll(async () => {
  await control.close();
});

interface ZoneJson {
  id: string;
  origin: string;
  origin_unicode: string;
  serial: number;
  published_serial: number;
}

describe('zone origins', () => {
  it('refuses a URL, names the host to use instead, and creates nothing', async () => {
    const res = await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: 'http://acme-widgets4.test' } });
    expect(res.status).toBe(400);
    expect(problemOf(res)['detail']).toBe('"http://acme-widgets4.test" is a URL; the zone origin is its host name, "acme-widgets4.test"');
    const zones = (await api(control.url, 'GET', '/api/zones', { token: session })).json as { zones: ZoneJson[] };
    expect(zones.zones.map((z) => z.origin)).not.toContain('http://acme-widgets4.test');
  });

  it('refuses characters a host name cannot have, saying which', async () => {
    const res = await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: 'acme widgets.test' } });
    expect(res.status).toBe(400);
    expect(problemOf(res)['detail']).toMatch(/contains " ": the zone origin is a host name/);
  });

  it('takes an internationalized name as A-labels and shows it both ways', async () => {
    const res = await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: 'Bücher.example' } });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ origin: 'xn--bcher-kva.example', origin_unicode: 'bücher.example' });
    const again = await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: 'BÜCHER.example.' } });
    expect(again.status).toBe(409);
    expect(problemOf(again)['detail']).toBe('The zone xn--bcher-kva.example is already hosted.');
  });
});

describe('TXT values in the records API', () => {
  let zone: ZoneJson;

  /** The strings of the published TXT RRset at `name` (what the edge serves). */
  async function servedStrings(name: string): Promise<string[][]> {
    await waitUntil(async () => {
      const z = (await api(control.url, 'GET', `/api/zones/${zone.id}`, { token: session })).json as ZoneJson;
      return z.published_serial === z.serial;
    }, { what: 'the change to be published' });
    const content = await readPublishedContent(control.services.config.snapshotsDir, parseName(`${zone.origin}.`));
    const rrset = content.rrsets.find((r) => r.type === RRType.TXT && r.name === parseName(`${name}.${zone.origin}.`));
    return (rrset?.rdata ?? []).map((rdata) => txtStrings(rdata).map((s) => Buffer.from(s).toString('utf8')));
  }

  beforeAll(async () => {
    zone = (await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: 'txt.what-you-send.test' } })).json as ZoneJson;
  });

  it('serves an unquoted SPF value as one string, spaces kept', async () => {
    const res = await api(control.url, 'POST', `/api/zones/${zone.id}/records`, { token: session, body: { name: `spf.${zone.origin}`, type: 'TXT', records: ['v=spf1 include:_spf.google.com ~all'] } });
    expect(res.status, res.text).toBe(200);
    expect(await servedStrings('spf')).toEqual([['v=spf1 include:_spf.google.com ~all']]);
    const records = (await api(control.url, 'GET', `/api/zones/${zone.id}/records`, { token: session })).json as { records: { name: string; type: string; records: string[] }[] };
    expect(records.records.find((r) => r.name === `spf.${zone.origin}.`)?.records).toEqual(['"v=spf1 include:_spf.google.com ~all"']);
  });

  it('takes type SPF the same way (stored as TXT)', async () => {
    await api(control.url, 'POST', `/api/zones/${zone.id}/records`, { token: session, body: { name: `spf2.${zone.origin}`, type: 'SPF', records: ['v=spf1 -all'] } });
    expect(await servedStrings('spf2')).toEqual([['v=spf1 -all']]);
  });

  it('splits an unquoted text longer than 255 octets into strings only at 255', async () => {
    const key = 'v=DKIM1; k=rsa; p=' + 'A'.repeat(400);
    await api(control.url, 'POST', `/api/zones/${zone.id}/records`, { token: session, body: { name: `dkim.${zone.origin}`, type: 'TXT', records: [key] } });
    expect(await servedStrings('dkim')).toEqual([[key.slice(0, 255), key.slice(255)]]);
  });

  it('reads a value that starts with a quote as presentation: several strings, escapes decoded', async () => {
    await api(control.url, 'POST', `/api/zones/${zone.id}/records`, { token: session, body: { name: `two.${zone.origin}`, type: 'TXT', records: ['"first part" "second \\"part\\""'] } });
    expect(await servedStrings('two')).toEqual([['first part', 'second "part"']]);
  });

  it('keeps quotes and backslashes inside an unquoted text as characters', async () => {
    await api(control.url, 'POST', `/api/zones/${zone.id}/records`, { token: session, body: { name: `odd.${zone.origin}`, type: 'TXT', records: ['say "hi" \\ bye'] } });
    expect(await servedStrings('odd')).toEqual([['say "hi" \\ bye']]);
  });
});

describe('names are absolute, as in Route 53', () => {
  let zone: ZoneJson;
  beforeAll(async () => {
    zone = (await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: 'acme-widgets.test' } })).json as ZoneJson;
  });

  it('a CNAME, MX, SRV or NS target without a trailing dot is served as written, not under the zone', async () => {
    const res = await api(control.url, 'POST', `/api/zones/${zone.id}/records`, {
      token: session,
      body: {
        changes: [
          { name: 'blog.acme-widgets.test', type: 'CNAME', records: ['myblog.wordpress.example'] },
          { name: 'acme-widgets.test', type: 'MX', records: ['10 mx.mailhost.example', '20 @'] },
          { name: '_sip._tcp.acme-widgets.test', type: 'SRV', records: ['10 60 5060 sip.voip.example'] },
          { name: 'sub.acme-widgets.test', type: 'NS', records: ['ns1.dnshost.example'] },
        ],
      },
    });
    expect(res.status, res.text).toBe(200);
    expect((res.json as { rrsets: unknown[] }).rrsets).toEqual([
      { name: 'blog.acme-widgets.test.', type: 'CNAME', ttl: 300, records: ['myblog.wordpress.example.'] },
      { name: 'acme-widgets.test.', type: 'MX', ttl: 300, records: ['10 mx.mailhost.example.', '20 acme-widgets.test.'] },
      { name: '_sip._tcp.acme-widgets.test.', type: 'SRV', ttl: 300, records: ['10 60 5060 sip.voip.example.'] },
      { name: 'sub.acme-widgets.test.', type: 'NS', ttl: 300, records: ['ns1.dnshost.example.'] },
    ]);
    const records = (await api(control.url, 'GET', `/api/zones/${zone.id}/records`, { token: session })).json as { records: { name: string; type: string; records: string[] }[] };
    expect(records.records.find((r) => r.type === 'CNAME')).toEqual({ name: 'blog.acme-widgets.test.', type: 'CNAME', ttl: 300, records: ['myblog.wordpress.example.'] });
  });

  it('an owner outside the zone is a 400 naming it, with the absolute name a relative one would have meant', async () => {
    const other = await api(control.url, 'POST', `/api/zones/${zone.id}/records`, { token: session, body: { name: 'www.example.org', type: 'A', records: ['192.0.2.1'] } });
    expect(other.status).toBe(400);
    expect(problemOf(other)).toMatchObject({ field: 'name', detail: 'www.example.org is not inside the zone acme-widgets.test; names in the API are absolute; did you mean www.example.org.acme-widgets.test?' });
    const relative = await api(control.url, 'POST', `/api/zones/${zone.id}/records`, { token: session, body: { name: 'www', type: 'A', records: ['192.0.2.1'] } });
    expect(relative.status).toBe(400);
    expect(problemOf(relative)['detail']).toBe('www is not inside the zone acme-widgets.test; names in the API are absolute; did you mean www.acme-widgets.test?');
    const records = (await api(control.url, 'GET', `/api/zones/${zone.id}/records`, { token: session })).json as { records: { name: string }[] };
    expect(records.records.map((r) => r.name)).not.toContain('www.acme-widgets.test.');
    // "@" is still the apex.
    const apex = await api(control.url, 'POST', `/api/zones/${zone.id}/records`, { token: session, body: { name: '@', type: 'TXT', records: ['hello'] } });
    expect((apex.json as { rrsets: { name: string }[] }).rrsets[0]!.name).toBe('acme-widgets.test.');
  });
});

interface Listed {
  records: { name: string; type: string; ttl: number; records: string[] }[];
}

describe("a zone's own nameservers", () => {
  const apex = async (zone: ZoneJson): Promise<{ ns: string[]; soa: string }> => {
    await waitUntil(async () => {
      const z = (await api(control.url, 'GET', `/api/zones/${zone.id}`, { token: session })).json as ZoneJson;
      return z.published_serial === z.serial;
    }, { what: 'the zone to be published' });
    // What the edge is handed: the published snapshot, not only the records table.
    const content = await readPublishedContent(control.services.config.snapshotsDir, parseName(`${zone.origin}.`));
    const listed = (await api(control.url, 'GET', `/api/zones/${zone.id}/records`, { token: session })).json as Listed;
    const ns = listed.records.find((r) => r.type === 'NS' && r.name === `${zone.origin}.`)!.records;
    expect(content.rrsets.filter((r) => r.type === RRType.NS && r.name === `${zone.origin}.`)[0]!.rdata.length).toBe(ns.length);
    return { ns, soa: listed.records.find((r) => r.type === 'SOA')!.records[0]! };
  };

  it('takes ns on create: the apex NS and the SOA MNAME are those names, and the zone shows them', async () => {
    const res = await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: 'ns.what-you-send.test', ns: ['ns1.dnshost.example', 'NS2.DNSHost.example.'] } });
    expect(res.status, res.text).toBe(201);
    const zone = res.json as ZoneJson & { ns: string[] };
    expect(zone.ns).toEqual(['ns1.dnshost.example', 'ns2.dnshost.example']);
    const { ns, soa } = await apex(zone);
    expect(ns).toEqual(['ns1.dnshost.example.', 'ns2.dnshost.example.']);
    expect(soa).toMatch(/^ns1\.dnshost\.example\. /);
  });

  it('changes them with PATCH (a change like any other, audited), and null goes back to DNSCOVE_NS', async () => {
    const zone = (await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: 'ns2.what-you-send.test' } })).json as ZoneJson & { ns: string[] };
    const defaults = zone.ns;
    const patched = await api(control.url, 'PATCH', `/api/zones/${zone.id}`, { token: session, body: { ns: ['ns-a.provider.example'] } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json).toMatchObject({ ns: ['ns-a.provider.example'], serial: zone.serial + 1 });
    expect(await apex(zone)).toMatchObject({ ns: ['ns-a.provider.example.'], soa: expect.stringMatching(/^ns-a\.provider\.example\. /) });
    const audit = (await api(control.url, 'GET', '/api/audit?limit=5', { token: session })).json as { entries: { action: string; target: string; summary: unknown }[] };
    expect(audit.entries).toContainEqual(expect.objectContaining({ action: 'zone.update', target: 'ns2.what-you-send.test.', summary: { before: { ns: defaults }, after: { ns: ['ns-a.provider.example'] } } }));
    const back = await api(control.url, 'PATCH', `/api/zones/${zone.id}`, { token: session, body: { ns: null } });
    expect((back.json as { ns: string[] }).ns).toEqual(defaults);
    expect((await apex(zone)).ns).toEqual(defaults.map((n) => `${n}.`));
  });

  it('refuses a bad set with a 400 naming the entry, and changes nothing', async () => {
    const zone = (await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: 'ns3.what-you-send.test', ns: ['ns1.keep.example'] } })).json as ZoneJson;
    const cases: [unknown, string, RegExp][] = [
      [[], '/ns', /must NOT have fewer than 1 items/],
      [['https://ns1.example.net/'], 'ns[0]', /is a URL; a nameserver name is its host name, "ns1.example.net"/],
      [['ns1.example.net', 'NS1.example.net.'], 'ns[1]', /ns1\.example\.net is listed twice/],
      [['ns1'], 'ns[0]', /a nameserver name needs at least two labels/],
    ];
    for (const [ns, field, detail] of cases) {
      const res = await api(control.url, 'PATCH', `/api/zones/${zone.id}`, { token: session, body: { ns } });
      expect(res.status, res.text).toBe(400);
      expect(problemOf(res)).toMatchObject({ field });
      expect(String(problemOf(res)['detail'])).toMatch(detail);
    }
    const empty = await api(control.url, 'PATCH', `/api/zones/${zone.id}`, { token: session, body: {} });
    expect(empty.status).toBe(400);
    const after = (await api(control.url, 'GET', `/api/zones/${zone.id}`, { token: session })).json as ZoneJson & { ns: string[] };
    expect(after).toMatchObject({ ns: ['ns1.keep.example'], serial: zone.serial });
  });
});

describe('more of what people host: NAPTR, DNAME, URI, LOC, HINFO, RP, CERT, OPENPGPKEY, SMIMEA', () => {
  const ORIGIN = 'types.what-you-send.test';
  const zoneFile = [
    `$ORIGIN ${ORIGIN}.`,
    '$TTL 300',
    '@ IN SOA ns1 hostmaster 1 3600 900 1209600 300',
    '@ IN NS ns1.example.net.',
    'sip IN NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:info@example.com!" .',
    'old IN DNAME example.net.',
    'ftp IN URI 10 1 "ftp://ftp1.example.com/public"',
    'office IN LOC 42 21 54 N 71 06 18 W -24m 30m',
    'host IN HINFO "Intel x86" Linux',
    '@ IN RP admin info',
    'pgp IN CERT PGP 0 0 mQINBFX0',
    'key IN OPENPGPKEY mQINBFX0',
    '_25._tcp.mail IN SMIMEA 3 0 1 2bb183af5f22588179a53b0a98631fad1a292118c2e4e35bd8bd0d6ad3ea4c04',
  ].join('\n');
  const custom = (records: { type: string }[]) => records.filter((r) => r.type !== 'SOA' && r.type !== 'NS');

  it('imports each from a zone file, exports it, and the export imports back to the same records', async () => {
    const imported = await api(control.url, 'POST', '/api/import/zonefile', { token: session, body: { zonefile: zoneFile } });
    expect(imported.status, imported.text).toBe(200);
    expect(imported.json).toMatchObject({ imported: 9 });
    // Only the apex SOA and NS are left out (the zone has its own); none of the nine types is.
    expect((imported.json as { skipped: { type: string }[] }).skipped.map((s) => s.type)).toEqual(['SOA', 'NS']);
    const zoneId = (imported.json as { zone: { id: string } }).zone.id;
    const first = ((await api(control.url, 'GET', `/api/zones/${zoneId}/records`, { token: session })).json as Listed).records;
    expect(custom(first)).toEqual([
      { name: `${ORIGIN}.`, type: 'RP', ttl: 300, records: [`admin.${ORIGIN}. info.${ORIGIN}.`] },
      { name: `ftp.${ORIGIN}.`, type: 'URI', ttl: 300, records: ['10 1 "ftp://ftp1.example.com/public"'] },
      { name: `host.${ORIGIN}.`, type: 'HINFO', ttl: 300, records: ['"Intel x86" "Linux"'] },
      { name: `key.${ORIGIN}.`, type: 'OPENPGPKEY', ttl: 300, records: ['mQINBFX0'] },
      { name: `_25._tcp.mail.${ORIGIN}.`, type: 'SMIMEA', ttl: 300, records: ['3 0 1 2BB183AF5F22588179A53B0A98631FAD1A292118C2E4E35BD8BD0D6AD3EA4C04'] },
      { name: `office.${ORIGIN}.`, type: 'LOC', ttl: 300, records: ['42 21 54.000 N 71 6 18.000 W -24.00m 30.00m 10000.00m 10.00m'] },
      { name: `old.${ORIGIN}.`, type: 'DNAME', ttl: 300, records: ['example.net.'] },
      { name: `pgp.${ORIGIN}.`, type: 'CERT', ttl: 300, records: ['PGP 0 0 mQINBFX0'] },
      { name: `sip.${ORIGIN}.`, type: 'NAPTR', ttl: 300, records: ['100 10 "u" "E2U+sip" "!^.*$!sip:info@example.com!" .'] },
    ]);
    const exported = await api(control.url, 'GET', `/api/zones/${zoneId}/export`, { token: session });
    expect(exported.status).toBe(200);
    const again = await api(control.url, 'POST', '/api/import/zonefile', { token: session, body: { zonefile: exported.text, replace: true } });
    expect(again.status, again.text).toBe(200);
    const second = ((await api(control.url, 'GET', `/api/zones/${zoneId}/records`, { token: session })).json as Listed).records;
    expect(custom(second)).toEqual(custom(first));
  });

  it('checks each value for its type through the records API, naming the value', async () => {
    const zone = (await api(control.url, 'GET', '/api/zones', { token: session })).json as { zones: ZoneJson[] };
    const id = zone.zones.find((z) => z.origin === ORIGIN)!.id;
    const bad: [string, string, RegExp][] = [
      ['LOC', '91 N 0 E 0m', /latitude degrees "91" is not a whole number from 0 to 90/],
      ['CERT', 'NOPE 0 0 AA==', /type "NOPE" is not a number/],
      ['RP', 'admin', /expected 2 fields/],
      ['URI', '10 1', /expected 3 fields/],
      ['NAPTR', '1 2 "u" "s" "r"', /expected 6 fields/],
      ['DNAME', 'a..b', /empty label/],
    ];
    for (const [type, value, detail] of bad) {
      const res = await api(control.url, 'POST', `/api/zones/${id}/records`, { token: session, body: { name: `bad.${ORIGIN}`, type, records: [value] } });
      expect(res.status, `${type} ${value}: ${res.text}`).toBe(400);
      expect(problemOf(res)).toMatchObject({ field: 'records[0]' });
      expect(String(problemOf(res)['detail'])).toMatch(detail);
    }
    // Nothing may live below a DNAME: it would never be served.
    const below = await api(control.url, 'POST', `/api/zones/${id}/records`, { token: session, body: { name: `x.old.${ORIGIN}`, type: 'A', records: ['192.0.2.1'] } });
    expect(below.status).toBe(400);
    expect(problemOf(below)['detail']).toMatch(/below the DNAME at old\.types\.what-you-send\.test\./);
  });
});

describe('signing in while trying DNSCove (dev mode on loopback)', () => {
  it('is not locked out after a handful of links; the limits stay for real mail (control-login-smtp.test.ts)', async () => {
    for (let i = 0; i < 12; i++) {
      const res = await api(control.url, 'POST', '/api/auth/magic-link', { body: { email: 'developer@what-you-send.test' } });
      expect(res.status, `link ${i + 1}: ${res.text}`).toBe(200);
    }
  });
});

describe('every write echoes what it stored', () => {
  let zone: ZoneJson;
  beforeAll(async () => {
    zone = (await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: 'echo.what-you-send.test' } })).json as ZoneJson;
  });

  it('a record change answers the RRsets as stored, a deleted one with no records', async () => {
    const res = await api(control.url, 'POST', `/api/zones/${zone.id}/records`, { token: session, body: { name: `mail.${zone.origin}`, type: 'MX', records: ['10 MX1.Echo.What-You-Send.Test.'] } });
    expect(res.json).toMatchObject({ rrsets: [{ name: 'mail.echo.what-you-send.test.', type: 'MX', ttl: 300, records: ['10 mx1.echo.what-you-send.test.'] }] });
    const gone = await api(control.url, 'POST', `/api/zones/${zone.id}/records`, { token: session, body: { action: 'DELETE', name: `mail.${zone.origin}`, type: 'MX' } });
    expect(gone.json).toMatchObject({ rrsets: [{ name: 'mail.echo.what-you-send.test.', type: 'MX', ttl: null, records: [] }] });
  });

  it('an ACME PRESENT answers every value served at the challenge name', async () => {
    const name = `_acme-challenge.${zone.origin}.`;
    await api(control.url, 'POST', `/api/zones/${zone.id}/acme-challenge`, { token: session, body: { action: 'PRESENT', name, value: 'first-value' } });
    const second = await api(control.url, 'POST', `/api/zones/${zone.id}/acme-challenge`, { token: session, body: { action: 'PRESENT', name, value: 'second-value' } });
    expect(second.status, second.text).toBe(200);
    expect((second.json as { rrset: { name: string; type: string; records: string[] } }).rrset).toMatchObject({ name, type: 'TXT', records: ['"first-value"', '"second-value"'] });
  });
});

describe('CAA tags', () => {
  let zone: ZoneJson;
  beforeAll(async () => {
    zone = (await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: 'caa.what-you-send.test' } })).json as ZoneJson;
  });

  it('refuses a tag no CA knows (a typo would restrict nothing), naming the value', async () => {
    const res = await api(control.url, 'POST', `/api/zones/${zone.id}/records`, { token: session, body: { name: '@', type: 'CAA', records: ['0 isue "letsencrypt.org"'] } });
    expect(res.status).toBe(400);
    expect(problemOf(res)).toMatchObject({ field: 'records[0]', detail: expect.stringMatching(/^CAA tag "isue" is not one CAs know \(issue, issuewild, iodef/) });
  });

  it('takes a known tag, and an unknown one marked critical (flags 128) as intentional', async () => {
    const res = await api(control.url, 'POST', `/api/zones/${zone.id}/records`, { token: session, body: { name: '@', type: 'CAA', records: ['0 issuewild ";"', '128 tbs "x"'] } });
    expect(res.status, res.text).toBe(200);
  });
});

describe('ACME names', () => {
  it('a relative "_acme-challenge" is refused saying the name is absolute, with the full name to give', async () => {
    const zone = (await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: 'acme.what-you-send.test' } })).json as ZoneJson;
    const res = await api(control.url, 'POST', `/api/zones/${zone.id}/acme-challenge`, { token: session, body: { action: 'PRESENT', name: '_acme-challenge', value: 'v' } });
    expect(res.status).toBe(400);
    expect(problemOf(res)['detail']).toBe('_acme-challenge. is not inside the zone acme.what-you-send.test.: give the name in full, e.g. "_acme-challenge.acme.what-you-send.test." or "acme.what-you-send.test."');
  });
});
