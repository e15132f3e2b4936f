// Import by AXFR (issue 14): a zone moved off an old primary (NSD 4.6 serving a fixture zone,
// transfers allowed only with a TSIG key) by POST /api/import/axfr, with the rules of the other
// imports: apex SOA and NS replaced, the previous signer's DNSSEC records skipped, each with a
// reason. A refused, unverifiable or unreachable transfer imports nothing.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChild } from '../helpers/child-server.js';
import type { ChildServer } from '../helpers/child-server.js';
import { api, devLogin, problemOf, startTestControl } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';
import { exchange } from '../helpers/dns-client.js';
import { freePort } from '../helpers/free-port.js';
import { NSD_BINARY, nsdKeyConfig, nsdServerConfig, requireNsd } from '../helpers/nsd-server.js';
import { waitUntil } from '../helpers/wait-until.js';
import { encodeQuery } from '../../shared/dns/message.js';

const SECRET = Buffer.alloc(32, 7).toString('base64');
const ZONE = `$ORIGIN old.example.
$TTL 300
@ IN SOA ns1.oldprovider.example. hostmaster.old.example. 2024010101 3600 900 1209600 300
@ IN NS ns1.oldprovider.example.
@ IN NS ns2.oldprovider.example.
@ IN A 192.0.2.10
@ IN MX 10 mx.old.example.
@ IN TXT "v=spf1 mx -all"
www IN CNAME old.example.
mx IN A 192.0.2.25
sub IN NS ns.sub.old.example.
ns.sub IN A 192.0.2.53
_sip._tcp IN SRV 10 5 5060 sip.old.example.
sip IN AAAA 2001:db8::5
@ IN DNSKEY 257 3 13 ${Buffer.alloc(64, 1).toString('base64')}
@ IN RRSIG A 13 2 300 20300101000000 20240101000000 12345 old.example. ${Buffer.alloc(64, 2).toString('base64')}
`;

let control: TestControl;
let session: string;
let dir: string;
let nsd: ChildServer | undefined;
let nsdPort: number;

beforeAll(async () => {
  await requireNsd();
  dir = await mkdtemp(join(tmpdir(), 'dnscove-import-axfr-'));
  nsdPort = await freePort();
  await writeFile(join(dir, 'old.example.zone'), ZONE);
  const conf = [
    ...nsdServerConfig(dir, '127.0.0.1', nsdPort),
    ...nsdKeyConfig('move.old.example', SECRET),
    'zone:',
    '  name: "old.example"',
    `  zonefile: "${join(dir, 'old.example.zone')}"`,
    '  provide-xfr: 127.0.0.1 move.old.example',
    '',
  ].join('\n');
  await writeFile(join(dir, 'nsd.conf'), conf);
  nsd = await startChild('nsd', NSD_BINARY, ['-d', '-c', join(dir, 'nsd.conf')]);
  await waitUntil(
    async () => {
      const reply = await exchange(nsdPort, encodeQuery({ id: 1, qname: 'old.example.', qtype: 6 }), 'udp', { timeoutMs: 300, attempts: 1 });
      return reply.message?.aa === true;
    },
    { what: `NSD to serve old.example\n${await readFile(join(dir, 'nsd.log'), 'utf8').catch(() => '')}`, timeoutMs: 15_000 },
  );
  control = await startTestControl();
  ({ session } = await devLogin(control.url, 'mover@old.example'));
}, 60_000);

afterAll(async () => {
  await control?.close();
  await nsd?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

const importAxfr = (body: unknown) => api(control.url, 'POST', '/api/import/axfr', { token: session, body });
const zoneCount = async (): Promise<number> => ((await api(control.url, 'GET', '/api/zones', { token: session })).json as { zones: unknown[] }).zones.length;

describe('POST /api/import/axfr', () => {
  it('refuses without the key, with a wrong secret, from a closed port, and a server that is not an address; nothing is created', async () => {
    const unsigned = await importAxfr({ origin: 'old.example', server: `127.0.0.1:${nsdPort}` });
    expect(unsigned.status).toBe(502);
    expect(String(problemOf(unsigned)['detail'])).toMatch(/REFUSED|NOTAUTH/);
    const wrong = await importAxfr({ origin: 'old.example', server: `127.0.0.1:${nsdPort}`, tsig: { name: 'move.old.example', secret: Buffer.alloc(32, 9).toString('base64') } });
    expect(wrong.status).toBe(502);
    expect(String(problemOf(wrong)['detail'])).toMatch(/NOTAUTH|does not verify/);
    const closed = await importAxfr({ origin: 'old.example', server: `127.0.0.1:${await freePort()}`, tsig: { name: 'move.old.example', secret: SECRET } });
    expect(closed.status).toBe(502);
    const bad = await importAxfr({ origin: 'old.example', server: 'ns1.oldprovider.example' });
    expect(bad.status).toBe(400);
    expect(problemOf(bad)['field']).toBe('/server');
    expect(await zoneCount()).toBe(0);
  });

  it('creates the zone from the transfer with the key: every record but the apex SOA/NS and the DNSSEC data, which are skipped with reasons', async () => {
    const res = await importAxfr({ origin: 'old.example', server: `127.0.0.1:${nsdPort}`, tsig: { name: 'move.old.example', secret: SECRET } });
    expect(res.status, res.text).toBe(200);
    const body = res.json as { zone: { id: string; origin: string; serial: number }; imported: number; skipped: { name: string; type: string; reason: string }[]; published: boolean };
    expect(body.zone.origin).toBe('old.example');
    expect(body.published).toBe(true);
    expect(body.imported).toBe(9);
    const skipped = body.skipped.map((s) => `${s.name} ${s.type}`);
    expect(skipped.sort()).toEqual(['old.example. DNSKEY', 'old.example. NS', 'old.example. NS', 'old.example. RRSIG', 'old.example. SOA']);
    expect(body.skipped.find((s) => s.type === 'RRSIG')!.reason).toMatch(/DNSSEC/);
    // The zone continues from the old primary's serial.
    expect(body.zone.serial).toBeGreaterThanOrEqual(2024010101);
    const exported = (await api(control.url, 'GET', `/api/zones/${body.zone.id}/export`, { token: session })).text;
    for (const line of [
      /^old\.example\.\s+300\s+IN\s+A\s+192\.0\.2\.10$/m,
      /^old\.example\.\s+300\s+IN\s+MX\s+10 mx\.old\.example\.$/m,
      /^old\.example\.\s+300\s+IN\s+TXT\s+"v=spf1 mx -all"$/m,
      /^www\.old\.example\.\s+300\s+IN\s+CNAME\s+old\.example\.$/m,
      /^sub\.old\.example\.\s+300\s+IN\s+NS\s+ns\.sub\.old\.example\.$/m,
      /^ns\.sub\.old\.example\.\s+300\s+IN\s+A\s+192\.0\.2\.53$/m,
      /^_sip\._tcp\.old\.example\.\s+300\s+IN\s+SRV\s+10 5 5060 sip\.old\.example\.$/m,
      /^sip\.old\.example\.\s+300\s+IN\s+AAAA\s+2001:db8::5$/m,
    ]) {
      expect(exported).toMatch(line);
    }
    expect(exported).not.toMatch(/oldprovider|DNSKEY|RRSIG/);
  });
});
