// DNSSEC on by default (issue 15), checked by validating resolvers: a zone created through
// the API is signed; the DS that GET /api/zones/{id}/dnssec gives the registrar, used as the
// trust anchor, lets BIND's `delv` fully validate what `dnscove start` serves: positive
// answers, NXDOMAIN, NODATA, a wildcard answer, the proof that a delegated child has no DS,
// and a record changed afterwards (signed by the delta path); and `unbound`, with the same DS
// as its trust anchor and a stub zone pointing at the edge, answers them all as secure (AD).
// Switched to NSEC through the API, the zone still validates with delv.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChild } from '../helpers/child-server.js';
import type { ChildServer } from '../helpers/child-server.js';
import { devLogin } from '../helpers/control-harness.js';
import { freePort } from '../helpers/free-port.js';
import { waitUntil } from '../helpers/wait-until.js';
import { startDnscove } from '../helpers/dnscove-process.js';
import type { DnscoveProcess } from '../helpers/dnscove-process.js';
import type { ZoneDnssecJson } from '../../shared/schemas/dnssec.js';

const run = promisify(execFile);
const ORIGIN = 'signed.test';

let dns: DnscoveProcess;
let session: string;
let zoneId: string;
let dnssec: ZoneDnssecJson;
let dir: string;
let unbound: ChildServer | undefined;
let unboundPort: number;

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${dns.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${session}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

const upsert = async (name: string, type: string, records: string[]): Promise<void> => {
  expect((await api('POST', `/api/zones/${zoneId}/records`, { action: 'UPSERT', name, type, ttl: 300, records })).status).toBe(200);
};

/** What delv says of `name` `type`, asking the edge, with the zone's DS from the API as the only trust anchor. */
async function delv(name: string, type: string): Promise<string> {
  const args = ['@127.0.0.1', '-p', String(dns.dnsPort), '-a', join(dir, 'anchors.conf'), `+root=${ORIGIN}`, name, type, '+nocrypto'];
  const { stdout, stderr } = await run('delv', args).catch((err: { stdout: string; stderr: string }) => err);
  return stdout + stderr;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-delv-'));
  dns = await startDnscove({ SMTP_URL: '' });
  ({ session } = await devLogin(dns.apiUrl, 'dnssec@example.com'));
  zoneId = (await api('POST', '/api/zones', { origin: ORIGIN })).json['id'] as string;
  await upsert(`www.${ORIGIN}`, 'A', ['192.0.2.1']);
  await upsert(`*.wc.${ORIGIN}`, 'A', ['192.0.2.9']);
  await upsert(`a.b.c.${ORIGIN}`, 'TXT', ['"deep"']);
  await upsert(`sub.${ORIGIN}`, 'NS', ['ns1.example.net.']);
  dnssec = (await api('GET', `/api/zones/${zoneId}/dnssec`)).json as unknown as ZoneDnssecJson;
  const [ds] = dnssec.ds;
  await writeFile(join(dir, 'anchors.conf'), `trust-anchors { ${ORIGIN}. static-ds ${ds!.key_tag} ${ds!.algorithm} ${ds!.digest_type} "${ds!.digest}"; };\n`);
  unboundPort = await freePort();
  const conf = [
    'server:',
    `  interface: 127.0.0.1`,
    `  port: ${unboundPort}`,
    '  do-not-query-localhost: no',
    '  username: ""',
    '  chroot: ""',
    `  directory: "${dir}"`,
    `  pidfile: "${join(dir, 'unbound.pid')}"`,
    '  use-syslog: no',
    '  module-config: "validator iterator"',
    // unbound answers the special-use test. (RFC 6761) itself unless told not to.
    '  local-zone: "test." nodefault',
    `  trust-anchor: "${ORIGIN}. DS ${ds!.key_tag} ${ds!.algorithm} ${ds!.digest_type} ${ds!.digest}"`,
    'stub-zone:',
    `  name: "${ORIGIN}."`,
    `  stub-addr: 127.0.0.1@${dns.dnsPort}`,
    'remote-control:',
    '  control-enable: no',
    '',
  ].join('\n');
  await writeFile(join(dir, 'unbound.conf'), conf);
  unbound = await startChild('unbound', 'unbound', ['-d', '-c', join(dir, 'unbound.conf')]);
  await waitUntil(async () => unbound!.exitStatus() !== null || (await viaUnbound(ORIGIN, 'SOA')).includes('status: NOERROR'), { what: 'unbound to answer', timeoutMs: 15_000 });
}, 60_000);

/** kdig's answer to `name` `type` through unbound (which validates), with DO set. */
async function viaUnbound(name: string, type: string): Promise<string> {
  const { stdout } = await run('kdig', ['@127.0.0.1', '-p', String(unboundPort), name, type, '+dnssec', '+time=3', '+retry=0']).catch((err: { stdout: string }) => err);
  return stdout;
}

afterAll(async () => {
  await unbound?.stop();
  await dns?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a zone signed by default, validated by delv from the DS the API gives', () => {
  it('GET /api/zones/{id}/dnssec: on, ECDSA P-256, one SHA-256 DS, and the DNSKEY the edge serves', async () => {
    expect(dnssec).toMatchObject({ enabled: true, algorithm: 13, algorithm_name: 'ECDSAP256SHA256', denial: { type: 'NSEC3', iterations: 0, salt: '', opt_out: false } });
    expect(dnssec.ds).toHaveLength(1);
    expect(dnssec.ds[0]).toMatchObject({ key_tag: dnssec.key_tag, algorithm: 13, digest_type: 2 });
    expect(dnssec.ds[0]!.digest).toMatch(/^[0-9A-F]{64}$/);
    const { stdout } = await run('kdig', ['@127.0.0.1', '-p', String(dns.dnsPort), ORIGIN, 'DNSKEY', '+short']);
    expect(stdout.trim()).toBe(dnssec.dnskey[0]!.split(' ').slice(4).join(' '));
  });

  it.each([
    ['a positive answer', `www.${ORIGIN}`, 'A', /www\.signed\.test\.\s+300\s+IN\s+A\s+192\.0\.2\.1/],
    ['the apex SOA', ORIGIN, 'SOA', /IN\s+SOA/],
    ['NXDOMAIN', `nothere.${ORIGIN}`, 'A', /NXDOMAIN/],
    ['NODATA', `www.${ORIGIN}`, 'TXT', /NXRRSET|negative response/],
    ['an empty non-terminal', `b.c.${ORIGIN}`, 'A', /NXRRSET|negative response/],
    ['a wildcard answer', `anything.wc.${ORIGIN}`, 'A', /anything\.wc\.signed\.test\.\s+300\s+IN\s+A\s+192\.0\.2\.9/],
    ['a wildcard NODATA', `anything.wc.${ORIGIN}`, 'MX', /NXRRSET|negative response/],
    ['no DS for the unsigned child', `sub.${ORIGIN}`, 'DS', /NXRRSET|negative response/],
  ])('%s is fully validated', async (_label, name, type, expected) => {
    const out = await delv(name, type);
    expect(out, out).toMatch(/fully validated/);
    expect(out, out).toMatch(expected);
    expect(out).not.toMatch(/resolution failed: (?!ncache)|insecurity proof failed|broken trust chain|unsigned answer/);
  });

  it.each([
    ['a positive answer', `www.${ORIGIN}`, 'A', 'NOERROR', /www\.signed\.test\.\s+\d+\s+IN\s+A\s+192\.0\.2\.1/],
    ['NXDOMAIN', `nothere.${ORIGIN}`, 'A', 'NXDOMAIN', /NSEC3/],
    ['NODATA', `www.${ORIGIN}`, 'TXT', 'NOERROR', /NSEC3/],
    ['a wildcard answer', `anything.wc.${ORIGIN}`, 'A', 'NOERROR', /anything\.wc\.signed\.test\.\s+\d+\s+IN\s+A\s+192\.0\.2\.9/],
    ['no DS for the unsigned child', `sub.${ORIGIN}`, 'DS', 'NOERROR', /NSEC3/],
  ])('unbound answers %s as secure (AD)', async (_label, name, type, status, expected) => {
    const out = await viaUnbound(name, type);
    expect(out, out).toContain(`status: ${status}`);
    expect(out, out).toMatch(/;; Flags: [^;]*\bad\b/);
    expect(out, out).toMatch(expected);
  });

  it('a record changed afterwards is served signed and validates', async () => {
    await upsert(`www.${ORIGIN}`, 'A', ['192.0.2.77']);
    await upsert(`new.deep.name.${ORIGIN}`, 'AAAA', ['2001:db8::7']);
    for (const [name, type, value] of [[`www.${ORIGIN}`, 'A', '192.0.2.77'], [`new.deep.name.${ORIGIN}`, 'AAAA', '2001:db8::7'], [`deep.name.${ORIGIN}`, 'A', 'negative response']] as const) {
      const out = await delv(name, type);
      expect(out, out).toMatch(/fully validated/);
      expect(out, out).toContain(value);
    }
  });

  it('switched to NSEC (PUT dnssec {denial: "NSEC"}), the zone serves NSEC proofs and delv still validates every kind of answer', async () => {
    const put = await api('PUT', `/api/zones/${zoneId}/dnssec`, { enabled: true, denial: 'NSEC' });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ enabled: true, state: 'signed', denial: { type: 'NSEC' } });
    const direct = await run('kdig', ['@127.0.0.1', '-p', String(dns.dnsPort), `nothere.${ORIGIN}`, 'A', '+dnssec']);
    expect(direct.stdout).toMatch(/\bNSEC\b/);
    expect(direct.stdout).not.toMatch(/NSEC3/);
    for (const [name, type, expected] of [
      [`www.${ORIGIN}`, 'A', /192\.0\.2\.77/],
      [`nothere.${ORIGIN}`, 'A', /NXDOMAIN/],
      [`www.${ORIGIN}`, 'TXT', /NXRRSET|negative response/],
      [`b.c.${ORIGIN}`, 'A', /NXRRSET|negative response/],
      [`anything.wc.${ORIGIN}`, 'A', /192\.0\.2\.9/],
      [`anything.wc.${ORIGIN}`, 'MX', /NXRRSET|negative response/],
      [`sub.${ORIGIN}`, 'DS', /NXRRSET|negative response/],
    ] as const) {
      const out = await delv(name, type);
      expect(out, `${name} ${type}: ${out}`).toMatch(/fully validated/);
      expect(out, out).toMatch(expected);
    }
    // A change is signed as a delta into the NSEC chain, and validates.
    await upsert(`later.${ORIGIN}`, 'A', ['192.0.2.88']);
    expect(await delv(`later.${ORIGIN}`, 'A')).toMatch(/fully validated[\s\S]*192\.0\.2\.88/);
    expect(await delv(`laterr.${ORIGIN}`, 'A')).toMatch(/fully validated[\s\S]*NXDOMAIN|NXDOMAIN[\s\S]*fully validated/);
  });

  it('with a wrong trust anchor, delv refuses the answers', async () => {
    const wrong = dnssec.ds[0]!.digest.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    await writeFile(join(dir, 'anchors.conf'), `trust-anchors { ${ORIGIN}. static-ds ${dnssec.key_tag} 13 2 "${wrong}"; };\n`);
    const out = await delv(`www.${ORIGIN}`, 'A');
    expect(out).not.toMatch(/fully validated/);
    expect(out).toMatch(/resolution failed|no valid|broken trust chain|insecurity proof failed/);
  });
});
