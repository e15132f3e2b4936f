// Zone transfer out of the edge (issue 14), with the programs secondaries' operators use:
// `kdig` AXFR and IXFR signed with a key minted through the API; without a key, with a wrong
// secret, an unknown key or a key for another zone, refused, and the zone unchanged.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startChild } from '../helpers/child-server.js';
import type { ChildServer } from '../helpers/child-server.js';
import { exchange } from '../helpers/dns-client.js';
import { freePort } from '../helpers/free-port.js';
import { NSD_BINARY, nsdKeyConfig, nsdServerConfig, requireNsd } from '../helpers/nsd-server.js';
import { waitUntil } from '../helpers/wait-until.js';
import { encodeQuery } from '../../shared/dns/message.js';
import type { Name } from '../../shared/dns/name.js';
import { transferZone } from '../../control/checks/zone-transfer.js';
import { parseZoneFile } from '../../shared/zonefile/parse-zone-file.js';
import { signMessage } from '../../shared/dns/tsig.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnscove } from '../helpers/dnscove-process.js';
import type { DnscoveProcess } from '../helpers/dnscove-process.js';
import { devLogin } from '../helpers/control-harness.js';

const run = promisify(execFile);
const ORIGIN = 'xfr.test';

let dns: DnscoveProcess;
let session: string;
let zoneId: string;
let key: { name: string; secret: string; id: string };

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${dns.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${session}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/** kdig's answer to `type` (AXFR, IXFR=N) for the zone, signed with `tsig` (hmac-sha256:name:secret) when given. */
async function kdig(type: string, tsig?: string): Promise<string> {
  const args = ['@127.0.0.1', '-p', String(dns.dnsPort), ...(tsig === undefined ? [] : ['-y', tsig]), ORIGIN, ...type.split(' '), '+time=3', '+retry=0'];
  const { stdout, stderr } = await run('kdig', args).catch((err: { stdout: string; stderr: string }) => err);
  return stdout + stderr;
}

/** The records of a kdig transfer listing, one space between fields, without comments or the TSIG records. */
const recordsOf = (output: string): string[] =>
  output
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith(';'))
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .filter((l) => !/ ANY TSIG /.test(l));
/** Records of the zone's signer (DNSSEC is on by default), which an export of what the user wrote leaves out. */
const signerRecord = (line: string): boolean => /^\S+ \d+ IN (RRSIG|NSEC3|NSEC3PARAM|DNSKEY|CDS|CDNSKEY) /.test(line);
const serialOf = async (): Promise<number> => (await api('GET', `/api/zones/${zoneId}`)).json['serial'] as number;

beforeAll(async () => {
  dns = await startDnscove({ SMTP_URL: '' });
  ({ session } = await devLogin(dns.apiUrl, 'xfr@example.com'));
  zoneId = (await api('POST', '/api/zones', { origin: ORIGIN })).json['id'] as string;
  for (let i = 1; i <= 40; i++) expect((await api('POST', `/api/zones/${zoneId}/records`, { action: 'UPSERT', name: `host${i}.${ORIGIN}`, type: 'A', ttl: 300, records: [`192.0.2.${i}`] })).status).toBe(200);
  expect((await api('POST', `/api/zones/${zoneId}/records`, { action: 'UPSERT', name: `${ORIGIN}`, type: 'TXT', ttl: 300, records: ['"v=spf1 -all"'] })).status).toBe(200);
  const minted = await api('POST', '/api/tsig-keys', { name: 'secondary.xfr.test', scope: 'transfer', zone_id: zoneId });
  expect(minted.status).toBe(201);
  key = minted.json as typeof key;
}, 60_000);

afterAll(async () => {
  await dns?.server.stop();
});

const tsig = (): string => `hmac-sha256:${key.name.slice(0, -1)}:${key.secret}`;

describe('AXFR and IXFR out of the edge, with TSIG', () => {
  it('AXFR with the key: SOA first and last, every record between, each message signed (kdig verifies them)', async () => {
    const output = await kdig('AXFR', tsig());
    const records = recordsOf(output);
    expect(records[0]).toMatch(/^xfr\.test\.\s+\d+\s+IN\s+SOA\s/);
    expect(records.at(-1)).toBe(records[0]);
    for (let i = 1; i <= 40; i++) expect(records).toContainEqual(expect.stringMatching(new RegExp(`^host${i}\\.xfr\\.test\\. 300 IN A 192\\.0\\.2\\.${i}$`)));
    expect(records).toContainEqual(expect.stringMatching(/^xfr\.test\.\s+300\s+IN\s+TXT\s+"v=spf1 -all"$/));
    expect(records).toContainEqual(expect.stringMatching(/^xfr\.test\.\s+\d+\s+IN\s+NS\s/));
    expect(output).not.toMatch(/failed to verify TSIG|TSIG error|Transfer failed/i);
    // The transfer holds exactly what GET /api/zones/{id}/export holds, record for record.
    const exported = await (await fetch(`${dns.apiUrl}/api/zones/${zoneId}/export`, { headers: { authorization: `Bearer ${session}` } })).text();
    const asSet = (text: string): string[] =>
      [...new Set(parseZoneFile(text, { origin: `${ORIGIN}.` as Name }).records.filter((r) => r.type !== 250).map((r) => `${r.name} ${r.type} ${r.ttl} ${Buffer.from(r.rdata).toString('hex')}`))].sort();
    expect(asSet(records.filter((r) => !signerRecord(r)).join('\n'))).toEqual(asSet(exported));
    // ...and the signer's records, with which the transferred zone verifies.
    expect(records.filter((r) => / IN RRSIG A /.test(r)).length).toBe(40);
    const file = join(tmpdir(), `dnscove-axfr-${process.pid}.zone`);
    await writeFile(file, `${records.slice(0, -1).join('\n')}\n`);
    try {
      await expect(run('ldns-verify-zone', [file]).then(() => 'ok')).resolves.toBe('ok');
    } finally {
      await rm(file, { force: true });
    }
  });

  it('a zone of 3,000 records comes in many messages, each signed and chained (kdig verifies every one), with a tenant-wide key minted before the zone existed', async () => {
    const wide = (await api('POST', '/api/tsig-keys', { name: 'wide.xfr.test', scope: 'transfer' })).json as typeof key;
    const zonefile = `$ORIGIN big.xfr.example.\n$TTL 600\n${Array.from({ length: 3000 }, (_, i) => `name${i} IN TXT "record ${i} ${'x'.repeat(40)}"`).join('\n')}\n`;
    const imported = await api('POST', '/api/import/zonefile', { zonefile });
    expect(imported.status).toBe(200);
    const args = ['@127.0.0.1', '-p', String(dns.dnsPort), '-y', `hmac-sha256:wide.xfr.test:${wide.secret}`, 'big.xfr.example', 'AXFR', '+time=5', '+retry=0'];
    const { stdout } = await run('kdig', args, { maxBuffer: 64 << 20 });
    const records = recordsOf(stdout);
    expect(records.filter((r) => / TXT "record /.test(r))).toHaveLength(3000);
    expect(stdout).toMatch(/Received \d+ B \(([2-9]|\d{2,}) messages?, \d+ records?\)/);
    expect(stdout).not.toMatch(/failed to verify TSIG|TSIG error|Transfer failed/i);
    // Our own AXFR client (import by AXFR) verifies the chain of signed messages too, and refuses it under another secret.
    const server = { host: '127.0.0.1', port: dns.dnsPort };
    const wideKey = { name: 'wide.xfr.test.' as Name, algorithm: 'hmac-sha256' as const, secret: Buffer.from(wide.secret, 'base64') };
    const ours = await transferZone(server, 'big.xfr.example.' as Name, 10_000, wideKey);
    expect(ours.kind === 'zone' ? ours.records.filter((r) => r.type === 16).length : ours.detail).toBe(3000);
    const forged = await transferZone(server, 'big.xfr.example.' as Name, 10_000, { ...wideKey, secret: Buffer.alloc(32, 5) });
    expect(forged).toMatchObject({ kind: 'failed', detail: expect.stringMatching(/NOTAUTH/) });
  });

  it('IXFR from an older serial sends only what changed since; from the current one, the SOA alone', async () => {
    const before = await serialOf();
    expect((await api('POST', `/api/zones/${zoneId}/records`, { action: 'UPSERT', name: `host7.${ORIGIN}`, type: 'A', ttl: 300, records: ['198.51.100.7'] })).status).toBe(200);
    expect((await api('POST', `/api/zones/${zoneId}/records`, { action: 'DELETE', name: `host8.${ORIGIN}`, type: 'A', ttl: 300, records: ['192.0.2.8'] })).status).toBe(200);
    const now = await serialOf();
    expect(now).toBeGreaterThan(before);
    const diff = recordsOf(await kdig(`IXFR=${before}`, tsig()));
    const body = diff.filter((r) => !/\sSOA\s/.test(r));
    expect(body.filter((r) => !signerRecord(r)).sort()).toEqual(['host7.xfr.test. 300 IN A 192.0.2.7', 'host7.xfr.test. 300 IN A 198.51.100.7', 'host8.xfr.test. 300 IN A 192.0.2.8']);
    // The signatures go and come with them: host7's old and new, host8's removed.
    expect(body.filter((r) => /^host7\.xfr\.test\. 300 IN RRSIG A /.test(r))).toHaveLength(2);
    expect(body.filter((r) => /^host8\.xfr\.test\. 300 IN RRSIG A /.test(r))).toHaveLength(1);
    expect(diff.filter((r) => /\sSOA\s/.test(r)).length).toBeGreaterThanOrEqual(4);
    const current = recordsOf(await kdig(`IXFR=${now}`, tsig()));
    expect(current).toHaveLength(1);
    expect(current[0]).toMatch(new RegExp(`\\sSOA\\s.*\\s${now}\\s`));
  });

  it('answers a signed SOA query (a secondary’s refresh) over UDP and TCP with a signed answer kdig verifies; a wrong secret gets NOTAUTH', async () => {
    for (const transport of ['+notcp', '+tcp']) {
      const output = await kdig(`SOA ${transport}`, tsig());
      expect(output, transport).toMatch(/status: NOERROR/);
      expect(recordsOf(output)[0]).toMatch(/^xfr\.test\.\s+\d+\s+IN\s+SOA\s/);
      expect(output, transport).toMatch(/TSIG/);
      expect(output, transport).not.toMatch(/failed to verify|TSIG error|BADSIG|BADKEY/i);
    }
    expect(await kdig('SOA', `hmac-sha256:${key.name.slice(0, -1)}:${Buffer.alloc(32, 3).toString('base64')}`)).toMatch(/NOTAUTH|BADSIG/);
  });

  it('refuses a transfer without a key (REFUSED), with a wrong secret (BADSIG) or an unknown key (BADKEY), and a key of another zone', async () => {
    expect(await kdig('AXFR')).toMatch(/REFUSED/);
    expect(await kdig('AXFR', `hmac-sha256:${key.name.slice(0, -1)}:${Buffer.alloc(32, 3).toString('base64')}`)).toMatch(/NOTAUTH|BADSIG/);
    expect(await kdig('AXFR', `hmac-sha256:nobody.xfr.test:${key.secret}`)).toMatch(/NOTAUTH|BADKEY/);
    const otherZone = (await api('POST', '/api/zones', { origin: `other.${ORIGIN}.example` })).json['id'] as string;
    const other = (await api('POST', '/api/tsig-keys', { name: 'other.xfr.test', scope: 'transfer', zone_id: otherZone })).json as typeof key;
    expect(await kdig('AXFR', `hmac-sha256:other.xfr.test:${other.secret}`)).toMatch(/REFUSED/);
    // Asked with EDNS, the (signed) refusal carries the EDE NSD sends for a transfer it does not allow: 18, Prohibited.
    const otherKey = { name: 'other.xfr.test.' as Name, algorithm: 'hmac-sha256' as const, secret: Buffer.from(other.secret, 'base64') };
    const signed = signMessage(encodeQuery({ id: 9, qname: `${ORIGIN}.`, qtype: 252, edns: { udpSize: 1232 } }), otherKey, { now: Math.floor(Date.now() / 1000) });
    const reply = await exchange(dns.dnsPort, signed.message, 'tcp');
    expect(reply.message?.rcode).toBe(5);
    expect(reply.message?.opt?.options.toString('hex')).toBe('000f00020012');
    // A deleted key is refused from then on.
    expect((await api('DELETE', `/api/tsig-keys/${other.id}`)).status).toBe(204);
    expect(await kdig('AXFR', `hmac-sha256:other.xfr.test:${other.secret}`)).toMatch(/NOTAUTH|BADKEY/);
  });
});

describe('NSD 4.6 as a secondary of the edge', () => {
  let dir: string;
  let nsd: ChildServer | undefined;
  let nsdPort: number;
  const nsdLog = async (): Promise<string> => readFile(join(dir, 'nsd.log'), 'utf8').catch(() => '');
  const nsdAnswer = async (name: string): Promise<string[]> => {
    const reply = await exchange(nsdPort, encodeQuery({ id: 5, qname: name, qtype: 1 }), 'udp', { timeoutMs: 500, attempts: 1 });
    return (reply.message?.answer ?? []).map((r) => [...r.rdata].join('.'));
  };

  beforeAll(async () => {
    await requireNsd();
    dir = await mkdtemp(join(tmpdir(), 'dnscove-nsd-secondary-'));
    nsdPort = await freePort();
    // The configuration README.md shows for an NSD secondary.
    const conf = [
      ...nsdServerConfig(dir, '127.0.0.1', nsdPort),
      ...nsdKeyConfig(key.name.slice(0, -1), key.secret),
      'zone:',
      `  name: "${ORIGIN}"`,
      `  zonefile: "${join(dir, `${ORIGIN}.zone`)}"`,
      `  request-xfr: 127.0.0.1@${dns.dnsPort} ${key.name.slice(0, -1)}`,
      `  allow-notify: 127.0.0.1 ${key.name.slice(0, -1)}`,
      '',
    ].join('\n');
    await writeFile(join(dir, 'nsd.conf'), conf);
    nsd = await startChild('nsd', NSD_BINARY, ['-d', '-c', join(dir, 'nsd.conf')]);
  }, 30_000);

  afterAll(async () => {
    await nsd?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('configured as a secondary through the API: transfers the zone with the key; after a change the control plane’s NOTIFY brings it by IXFR, and the API shows NSD in sync', async () => {
    const added = await api('POST', `/api/zones/${zoneId}/secondaries`, { address: `127.0.0.1:${nsdPort}`, tsig_key_id: key.id });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ address: `127.0.0.1:${nsdPort}`, tsig_key_id: key.id, zone_id: zoneId });
    await waitUntil(async () => (await nsdAnswer(`host1.${ORIGIN}.`)).includes('192.0.2.1'), { what: 'NSD to transfer the zone and answer from it', timeoutMs: 20_000 });
    expect(await nsdLog()).toMatch(/TSIG verified with key secondary\.xfr\.test/);

    expect((await api('POST', `/api/zones/${zoneId}/records`, { action: 'UPSERT', name: `host1.${ORIGIN}`, type: 'A', ttl: 300, records: ['203.0.113.1'] })).status).toBe(200);
    // NSD's SOA refresh is hours away: only the NOTIFY the publish sent (signed, answered) brings the change this soon.
    await waitUntil(async () => (await nsdAnswer(`host1.${ORIGIN}.`)).includes('203.0.113.1'), { what: 'NSD to take the change', timeoutMs: 20_000 });
    const status = await api('GET', `/api/zones/${zoneId}/secondaries`);
    expect(status.status).toBe(200);
    const [nsdStatus] = status.json['secondaries'] as Record<string, unknown>[];
    expect(nsdStatus).toMatchObject({ address: `127.0.0.1:${nsdPort}`, serial_served: status.json['published_serial'], in_sync: true, last_error: null, notify_answered: true });
    // An explicit publish waits for NSD too, and names no laggard.
    const published = await api('POST', `/api/zones/${zoneId}/publish`);
    expect(published.json['edges']).toMatchObject({ total: 1, in_sync: 1, lagging: [] });
    // NSD's log gives the bytes it received: the whole zone first, then a much smaller update.
    const sizes = [...(await nsdLog()).matchAll(/TSIG verified with key secondary\.xfr\.test of (\d+) bytes/g)].map((m) => Number(m[1]));
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    expect(sizes.at(-1)!).toBeLessThan(sizes[0]! / 2);
    // The edge says what it sent: an incremental transfer from the serial NSD had.
    const served = dns.server.stderr().split('\n').filter((l) => /IXFR of xfr\.test\. served|IXFR as AXFR of xfr\.test\./.test(l));
    expect(served.at(-1)).toMatch(/"msg":"edge: IXFR of xfr\.test\. served"/);
  });
});
