// Integration: the PowerDNS-compatible API (issue 16) over real HTTP on a real control plane:
// X-API-Key with dnsc_ tokens and their scopes, PowerDNS's zone ids, changetypes, disabled
// records and comments, its error bodies and messages (taken from a real PowerDNS 4.7), and
// what is published after each change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Name } from '../../shared/dns/name.js';
import { formatRdata } from '../../shared/dns/rdata.js';
import { rrTypeFromText } from '../../shared/dns/rr-type.js';
import { readPublishedContent } from '../../shared/snapshot/published-content.js';
import { api, devLogin, mintToken, startTestControl } from '../helpers/control-harness.js';
import type { ApiResponse, TestControl } from '../helpers/control-harness.js';

let control: TestControl;
let session = '';
let admin = '';
const ZONES = '/api/v1/servers/localhost/zones';

/** A PowerDNS API call with `key` as X-API-Key. */
function pdns(method: string, path: string, key: string | undefined, body?: unknown): Promise<ApiResponse> {
  return api(control.url, method, path, { headers: key === undefined ? {} : { 'X-API-Key': key }, ...(body === undefined ? {} : { body }) });
}

/** The records of (name, type) the zone publishes now, in presentation form. */
async function published(origin: string, name: string, type: string): Promise<string[]> {
  const zone = await readPublishedContent(control.services.config.snapshotsDir, origin as Name);
  const t = rrTypeFromText(type)!;
  return zone.rrsets.filter((r) => r.name === name && r.type === t).flatMap((r) => r.rdata.map((d) => formatRdata(t, d))).sort();
}

interface RRsetJson {
  name: string;
  type: string;
  ttl: number;
  records: { content: string; disabled: boolean }[];
  comments: { content: string; account: string; modified_at: number }[];
}

async function rrsetsOf(zoneId: string, key = admin): Promise<RRsetJson[]> {
  const res = await pdns('GET', `${ZONES}/${zoneId}`, key);
  expect(res.status, res.text).toBe(200);
  return (res.json as { rrsets: RRsetJson[] }).rrsets;
}

const replace = (name: string, type: string, contents: string[], ttl = 300): Record<string, unknown> => ({
  name,
  type,
  ttl,
  changetype: 'REPLACE',
  records: contents.map((content) => ({ content, disabled: false })),
});

async function createZone(name: string, extra: Record<string, unknown> = {}): Promise<ApiResponse> {
  return pdns('POST', ZONES, admin, { name, kind: 'Native', nameservers: [], ...extra });
}

beforeAll(async () => {
  control = await startTestControl();
  session = (await devLogin(control.url, 'pdns@example.com')).session;
  admin = (await mintToken(control.url, session, '/api/tokens', { scope: 'tenant-admin', name: 'pdns' })).token;
});

afterAll(async () => {
  await control.close();
});

describe('server and credentials', () => {
  it('answers GET /api and the server as PowerDNS does, with a version octoDNS can parse', async () => {
    expect((await pdns('GET', '/api', admin)).json).toEqual([{ url: '/api/v1', version: 1 }]);
    const servers = await pdns('GET', '/api/v1/servers', admin);
    expect(servers.json).toEqual([expect.objectContaining({ id: 'localhost', type: 'Server', daemon_type: 'authoritative', url: '/api/v1/servers/localhost' })]);
    const server = (await pdns('GET', '/api/v1/servers/localhost', admin)).json as { version: string };
    expect(server.version.split('.').map(Number).every(Number.isInteger)).toBe(true);
    expect((await pdns('GET', '/api/v1/servers/other', admin)).status).toBe(404);
  });

  it('refuses a request without X-API-Key, with an unknown key, or with a session, in PowerDNS’s error shape', async () => {
    for (const key of [undefined, 'dnsc_notatoken', session]) {
      const res = await pdns('GET', ZONES, key);
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ error: expect.any(String) });
      expect(res.headers.get('www-authenticate')).toBe('X-API-Key realm="PowerDNS"');
    }
    // Our own API's Bearer header is not PowerDNS's credential.
    expect((await api(control.url, 'GET', ZONES, { token: admin })).status).toBe(401);
  });

  it('answers malformed JSON, an unknown path and a wrong method with {"error"}', async () => {
    const bad = await api(control.url, 'PATCH', `${ZONES}/x.test.`, { headers: { 'X-API-Key': admin }, rawBody: '{', contentType: 'application/json' });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ error: expect.stringContaining('not valid JSON') });
    const unknown = await pdns('GET', '/api/v1/servers/localhost/nothing', admin);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: expect.any(String) });
  });
});

describe('zones', () => {
  it('creates a zone with its RRsets, keeps its kind, and finds it by name, without the dot, and by =XX id', async () => {
    const created = await pdns('POST', ZONES, admin, {
      name: 'create.pdns.test.',
      kind: 'Master',
      nameservers: [],
      masters: [],
      soa_edit_api: 'DEFAULT',
      serial: 0,
      rrsets: [replace('www.create.pdns.test.', 'A', ['192.0.2.1'])],
    });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({ id: 'create.pdns.test.', name: 'create.pdns.test.', kind: 'Master', url: `${ZONES}/create.pdns.test.` });
    for (const id of ['create.pdns.test.', 'create.pdns.test', '=63reate.pdns.test.']) {
      const got = await pdns('GET', `${ZONES}/${id}`, admin);
      expect(got.status, id).toBe(200);
      expect(got.json).toMatchObject({ name: 'create.pdns.test.', kind: 'Master', serial: expect.any(Number), notified_serial: expect.any(Number) });
    }
    const rrsets = await rrsetsOf('create.pdns.test.');
    expect(rrsets[0]!.type).toBe('SOA');
    expect(rrsets.find((r) => r.type === 'A')).toEqual({ name: 'www.create.pdns.test.', type: 'A', ttl: 300, records: [{ content: '192.0.2.1', disabled: false }], comments: [] });
    expect(await published('create.pdns.test.', 'www.create.pdns.test.', 'A')).toEqual(['192.0.2.1']);
    const list = (await pdns('GET', ZONES, admin)).json as { name: string; rrsets?: unknown }[];
    expect(list.map((z) => z.name)).toContain('create.pdns.test.');
    expect(list.every((z) => z.rrsets === undefined)).toBe(true);
    expect(((await pdns('GET', `${ZONES}?zone=create.pdns.test.`, admin)).json as unknown[]).length).toBe(1);
  });

  it('refuses what PowerDNS refuses on create: a name without its dot, a zone hosted already, a secondary kind, bad RRsets (and then keeps no zone)', async () => {
    expect(await createZone('nodot.pdns.test')).toMatchObject({ status: 422, json: { error: "DNS Name 'nodot.pdns.test' is not canonical" } });
    expect((await createZone('dup.pdns.test.')).status).toBe(201);
    expect(await createZone('dup.pdns.test.')).toMatchObject({ status: 409, json: { error: "Domain 'dup.pdns.test.' already exists" } });
    expect((await pdns('POST', ZONES, admin, { kind: 'Native' })).json).toEqual({ error: "Key 'name' not present or not a String" });
    expect((await createZone('slave.pdns.test.', { kind: 'Slave' })).status).toBe(422);
    const refused = await createZone('badrr.pdns.test.', { rrsets: [replace('www.badrr.pdns.test.', 'A', ['192.0.2.999'])] });
    expect(refused.status).toBe(422);
    expect((await pdns('GET', `${ZONES}/badrr.pdns.test.`, admin)).status).toBe(404);
  });

  it('changes kind and account with PUT, answers notify and exports the zone', async () => {
    await createZone('put.pdns.test.');
    expect((await pdns('PUT', `${ZONES}/put.pdns.test.`, admin, { kind: 'Master', account: 'ops' })).status).toBe(204);
    expect((await pdns('GET', `${ZONES}/put.pdns.test.`, admin)).json).toMatchObject({ kind: 'Master', account: 'ops' });
    expect(await pdns('PUT', `${ZONES}/put.pdns.test./notify`, admin)).toMatchObject({ status: 200, json: { result: 'Notification queued' } });
    const exported = await pdns('GET', `${ZONES}/put.pdns.test./export`, admin);
    expect(exported.status).toBe(200);
    expect(exported.text).toMatch(/^put\.pdns\.test\.\s+\d+\s+IN\s+SOA\s/m);
  });

  it('deletes a zone: 204, then 404, and the nameservers no longer serve it', async () => {
    await createZone('gone.pdns.test.');
    expect((await pdns('DELETE', `${ZONES}/gone.pdns.test.`, admin)).status).toBe(204);
    expect(await pdns('GET', `${ZONES}/gone.pdns.test.`, admin)).toMatchObject({ status: 404, json: { error: 'Not Found' } });
    expect((await pdns('DELETE', `${ZONES}/gone.pdns.test.`, admin)).status).toBe(404);
    await expect(readPublishedContent(control.services.config.snapshotsDir, 'gone.pdns.test.' as Name)).rejects.toThrow();
  });
});

describe('PATCH', () => {
  const Z = 'patch.pdns.test.';
  beforeAll(async () => {
    expect((await createZone(Z)).status).toBe(201);
  });

  it('REPLACE serves the enabled records, keeps disabled ones and comments unserved, DELETE removes all three', async () => {
    const res = await pdns('PATCH', `${ZONES}/${Z}`, admin, {
      rrsets: [
        {
          name: `www.${Z}`,
          type: 'A',
          ttl: 120,
          changetype: 'REPLACE',
          records: [
            { content: '192.0.2.1', disabled: false },
            { content: '192.0.2.2', disabled: true },
          ],
          comments: [{ content: 'web', account: 'ops', modified_at: 1700000000 }],
        },
      ],
    });
    expect(res.status, res.text).toBe(204);
    expect((await rrsetsOf(Z)).find((r) => r.name === `www.${Z}`)).toEqual({
      name: `www.${Z}`,
      type: 'A',
      ttl: 120,
      records: [
        { content: '192.0.2.1', disabled: false },
        { content: '192.0.2.2', disabled: true },
      ],
      comments: [{ content: 'web', account: 'ops', modified_at: 1700000000 }],
    });
    expect(await published(Z, `www.${Z}`, 'A')).toEqual(['192.0.2.1']);
    expect((await pdns('PATCH', `${ZONES}/${Z}`, admin, { rrsets: [{ name: `www.${Z}`, type: 'A', changetype: 'DELETE' }] })).status).toBe(204);
    expect((await rrsetsOf(Z)).find((r) => r.name === `www.${Z}`)).toBeUndefined();
    expect(await published(Z, `www.${Z}`, 'A')).toEqual([]);
  });

  it('DELETE with records and a ttl (octoDNS, external-dns) removes the whole RRset; REPLACE with no records removes it too', async () => {
    await pdns('PATCH', `${ZONES}/${Z}`, admin, { rrsets: [replace(`d.${Z}`, 'TXT', ['"a"', '"b"']), replace(`e.${Z}`, 'A', ['192.0.2.5'])] });
    expect(await published(Z, `d.${Z}`, 'TXT')).toEqual(['"a"', '"b"']);
    const res = await pdns('PATCH', `${ZONES}/${Z}`, admin, {
      rrsets: [
        { name: `d.${Z}`, type: 'TXT', ttl: 300, changetype: 'DELETE', records: [{ content: '"a"', disabled: false }] },
        { name: `e.${Z}`, type: 'A', ttl: 300, changetype: 'REPLACE', records: [] },
      ],
    });
    expect(res.status, res.text).toBe(204);
    expect(await published(Z, `d.${Z}`, 'TXT')).toEqual([]);
    expect(await published(Z, `e.${Z}`, 'A')).toEqual([]);
  });

  it('EXTEND adds to an RRset and PRUNE removes only the records given', async () => {
    await pdns('PATCH', `${ZONES}/${Z}`, admin, { rrsets: [replace(`x.${Z}`, 'A', ['192.0.2.1'])] });
    expect((await pdns('PATCH', `${ZONES}/${Z}`, admin, { rrsets: [{ name: `x.${Z}`, type: 'A', changetype: 'EXTEND', records: [{ content: '192.0.2.2' }] }] })).status).toBe(204);
    expect(await published(Z, `x.${Z}`, 'A')).toEqual(['192.0.2.1', '192.0.2.2']);
    expect((await pdns('PATCH', `${ZONES}/${Z}`, admin, { rrsets: [{ name: `x.${Z}`, type: 'A', changetype: 'PRUNE', records: [{ content: '192.0.2.1' }] }] })).status).toBe(204);
    expect(await published(Z, `x.${Z}`, 'A')).toEqual(['192.0.2.2']);
  });

  it('replaces an A by a CNAME in one PATCH (DELETE first, as octoDNS orders it)', async () => {
    await pdns('PATCH', `${ZONES}/${Z}`, admin, { rrsets: [replace(`swap.${Z}`, 'A', ['192.0.2.7'])] });
    const res = await pdns('PATCH', `${ZONES}/${Z}`, admin, { rrsets: [{ name: `swap.${Z}`, type: 'A', ttl: 300, changetype: 'DELETE', records: [] }, replace(`swap.${Z}`, 'CNAME', ['target.example.net.'])] });
    expect(res.status, res.text).toBe(204);
    expect(await published(Z, `swap.${Z}`, 'CNAME')).toEqual(['target.example.net.']);
  });

  it('refuses in PowerDNS’s words, and changes nothing', async () => {
    const before = await rrsetsOf(Z);
    const cases: [unknown, string][] = [
      [{ rrsets: [replace(Z, 'CNAME', ['elsewhere.example.'])] }, `RRset ${Z} IN CNAME: Conflicts with pre-existing RRset`],
      [{ rrsets: [replace('www.other.test.', 'A', ['192.0.2.1'])] }, 'RRset www.other.test. IN A: Name is out of zone'],
      [{ rrsets: [replace(`www.${Z}`.slice(0, -1), 'A', ['192.0.2.1'])] }, `DNS Name 'www.${Z.slice(0, -1)}' is not canonical`],
      [{ rrsets: [replace(`www.${Z}`, 'BOGUS', ['1'])] }, `RRset www.${Z} IN BOGUS: unknown type given`],
      [{ rrsets: [{ name: `www.${Z}`, type: 'A', changetype: 'REPLACE', records: [{ content: '192.0.2.1' }] }] }, "Key 'ttl' not an Integer or not present"],
      [{ rrsets: [{ name: `www.${Z}`, type: 'A', changetype: 'REPLACE' }] }, `No change for RRset www.${Z} IN A`],
      [{ rrsets: [{ name: `www.${Z}`, type: 'A', ttl: 60, changetype: 'UPSERT', records: [] }] }, 'Changetype not understood'],
      [{ rrsets: [replace(`www.${Z}`, 'A', ['192.0.2.1']), replace(`www.${Z}`, 'A', ['192.0.2.2'])] }, `Duplicate RRset www.${Z} IN A with changetype: REPLACE`],
      [{}, 'No rrsets given in update request'],
    ];
    for (const [body, error] of cases) {
      const res = await pdns('PATCH', `${ZONES}/${Z}`, admin, body);
      expect({ status: res.status, json: res.json }).toEqual({ status: 422, json: { error } });
    }
    // A bad value names the record, as PowerDNS does; the rest of the PATCH is not applied either.
    const bad = await pdns('PATCH', `${ZONES}/${Z}`, admin, { rrsets: [replace(`ok.${Z}`, 'A', ['192.0.2.1']), replace(`www.${Z}`, 'A', ['192.0.2.999'])] });
    expect(bad.status).toBe(422);
    expect((bad.json as { error: string }).error).toMatch(new RegExp(`^Record www\\.${Z.replace(/\./g, '\\.')}/A '192\\.0\\.2\\.999': `));
    expect(await rrsetsOf(Z)).toEqual(before);
    expect((await pdns('PATCH', `${ZONES}/nothere.pdns.test.`, admin, { rrsets: [] })).status).toBe(404);
  });

  it('audits each change with the token as actor', async () => {
    await pdns('PATCH', `${ZONES}/${Z}`, admin, { rrsets: [replace(`audited.${Z}`, 'A', ['192.0.2.9'])] });
    const audit = (await api(control.url, 'GET', '/api/audit?limit=20', { token: session })).json as { entries: { actor: string; target: string; action: string }[] };
    expect(audit.entries).toContainEqual(expect.objectContaining({ actor: expect.stringMatching(/^token:/), target: `audited.${Z}/A`, action: 'rrset.upsert' }));
  });
});

describe('token scopes', () => {
  let zoneAdmin = '';
  let acme = '';
  const OWN = 'own.pdns.test.';
  const OTHER = 'other.pdns.test.';

  beforeAll(async () => {
    const own = await createZone(OWN);
    await createZone(OTHER);
    const ownId = ((await api(control.url, 'GET', '/api/zones', { token: session })).json as { zones: { id: string; origin: string }[] }).zones.find((z) => `${z.origin}.` === OWN)!.id;
    expect(own.status).toBe(201);
    zoneAdmin = (await mintToken(control.url, session, `/api/zones/${ownId}/tokens`, { scope: 'zone-admin', name: 'za' })).token;
    acme = (await mintToken(control.url, session, `/api/zones/${ownId}/tokens`, { scope: 'acme-dns01', name: 'acme' })).token;
    // A zone that stages its changes: an ACME value is still served at once.
    expect((await api(control.url, 'PATCH', `/api/zones/${ownId}`, { token: session, body: { auto_publish: false } })).status).toBe(200);
  });

  it('a zone-admin token sees and changes only its zone, and creates or deletes none', async () => {
    expect(((await pdns('GET', ZONES, zoneAdmin)).json as { name: string }[]).map((z) => z.name)).toEqual([OWN]);
    expect((await pdns('GET', `${ZONES}/${OTHER}`, zoneAdmin)).status).toBe(404);
    expect((await pdns('PATCH', `${ZONES}/${OTHER}`, zoneAdmin, { rrsets: [replace(`www.${OTHER}`, 'A', ['192.0.2.1'])] })).status).toBe(404);
    expect((await pdns('PATCH', `${ZONES}/${OWN}`, zoneAdmin, { rrsets: [replace(`www.${OWN}`, 'A', ['192.0.2.1'])] })).status).toBe(204);
    expect((await pdns('POST', ZONES, zoneAdmin, { name: 'new.pdns.test.', kind: 'Native', nameservers: [] })).status).toBe(403);
    expect((await pdns('DELETE', `${ZONES}/${OWN}`, zoneAdmin)).status).toBe(403);
  });

  it('an acme-dns01 token changes only TXT at _acme-challenge names, served at once on a staged zone', async () => {
    const refused = await pdns('PATCH', `${ZONES}/${OWN}`, acme, { rrsets: [replace(`www.${OWN}`, 'A', ['192.0.2.66'])] });
    expect(refused.status).toBe(403);
    expect(refused.json).toEqual({ error: expect.stringContaining('_acme-challenge') });
    expect((await pdns('PATCH', `${ZONES}/${OWN}`, acme, { rrsets: [replace(`txt.${OWN}`, 'TXT', ['"x"'])] })).status).toBe(403);
    expect((await pdns('PUT', `${ZONES}/${OWN}`, acme, { kind: 'Master' })).status).toBe(403);
    const ok = await pdns('PATCH', `${ZONES}/${OWN}`, acme, { rrsets: [replace(`_acme-challenge.${OWN}`, 'TXT', ['"token-value"'], 120)] });
    expect(ok.status, ok.text).toBe(204);
    expect(await published(OWN, `_acme-challenge.${OWN}`, 'TXT')).toEqual(['"token-value"']);
    // The zone-admin's www A is committed but staged: not published.
    expect(await published(OWN, `www.${OWN}`, 'A')).toEqual([]);
    expect((await pdns('PATCH', `${ZONES}/${OWN}`, acme, { rrsets: [{ name: `_acme-challenge.${OWN}`, type: 'TXT', changetype: 'DELETE' }] })).status).toBe(204);
    expect(await published(OWN, `_acme-challenge.${OWN}`, 'TXT')).toEqual([]);
  });
});
