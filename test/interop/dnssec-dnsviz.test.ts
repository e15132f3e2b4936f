// DNSViz (issue 15): `dnsviz probe` asks what `dnscove start` serves for a signed zone (its
// apex, a positive answer, NXDOMAIN, NODATA, an empty non-terminal, a wildcard answer),
// authoritatively and with the DS the API gives, and `dnsviz grok`,
// trusting the zone's DNSKEY, finds every name secure and reports no error, with NSEC3 and
// again after the zone is switched to NSEC.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devLogin } from '../helpers/control-harness.js';
import { startDnscove } from '../helpers/dnscove-process.js';
import type { DnscoveProcess } from '../helpers/dnscove-process.js';
import type { ZoneDnssecJson } from '../../shared/schemas/dnssec.js';

const run = promisify(execFile);
const ORIGIN = 'viz.test';
// Not the delegated child: dnsviz would look for its nameservers on the Internet (delv and unbound check its insecure delegation).
const NAMES = [ORIGIN, `www.${ORIGIN}`, `nothere.${ORIGIN}`, `c.${ORIGIN}`, `any.wc.${ORIGIN}`];

let dns: DnscoveProcess;
let session: string;
let zoneId: string;
let dir: string;

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${dns.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${session}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/** Every "errors" entry anywhere in grok's output, with where it was found. */
function errorsIn(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => errorsIn(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === 'errors' && Array.isArray(v) && v.length > 0 ? [`${path}: ${JSON.stringify(v)}`] : errorsIn(v, `${path}/${k}`)));
}

/** Every "status" anywhere in grok's output. */
function statusesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(statusesIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === 'status' && typeof v === 'string' ? [v] : statusesIn(v)));
}

/** Probes the zone as DNSViz does and assesses it; grok's output. */
async function probeAndGrok(label: string): Promise<Record<string, unknown>> {
  const dnssec = (await api('GET', `/api/zones/${zoneId}/dnssec`)).json as unknown as ZoneDnssecJson;
  const ds = dnssec.ds.map((d) => `${d.key_tag} ${d.algorithm} ${d.digest_type} ${d.digest}`);
  const probed = join(dir, `${label}-probe.json`);
  // The parent's side, as a registry would have it: the zone's nameservers (at the edge) and its DS.
  const ns = ((await api('GET', `/api/zones/${zoneId}`)).json['ns'] as string[]).map((n) => `${n}=127.0.0.1:${dns.dnsPort}`);
  // -x: ask the edge for the zone; -N and -D: the parent's delegation and DS, which dnsviz serves from a named of its own on port 50053.
  const servers = `${ORIGIN}:${ns.join(',')}`;
  await run('dnsviz', ['probe', '-A', '-a', ORIGIN, '-x', servers, '-N', servers, '-D', `${ORIGIN}:${ds.join(',')}`, '-o', probed, ...NAMES], { timeout: 120_000 });
  const keys = join(dir, `${label}-keys.txt`);
  await writeFile(keys, `${dnssec.dnskey.join('\n')}\n`);
  const grokked = join(dir, `${label}-grok.json`);
  await run('dnsviz', ['grok', '-P', '-t', keys, '-r', probed, '-o', grokked], { timeout: 120_000, env: { ...process.env, PYTHONPATH: dir } });
  return JSON.parse(await readFile(grokked, 'utf8')) as Record<string, unknown>;
}

/**
 * Debian's dnsviz 0.9.4 looks for pygraphviz.release, which pygraphviz 1.7 no longer has, and
 * then refuses to grok (dnsviz/dnsviz#98, fixed upstream): this gives it the version it looks for.
 */
const PYGRAPHVIZ_RELEASE = `import sys, types
import pygraphviz
release = types.ModuleType('pygraphviz.release')
release.version = pygraphviz.__version__
sys.modules['pygraphviz.release'] = release
pygraphviz.release = release
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-dnsviz-'));
  await writeFile(join(dir, 'sitecustomize.py'), PYGRAPHVIZ_RELEASE);
  dns = await startDnscove({ SMTP_URL: '' });
  ({ session } = await devLogin(dns.apiUrl, 'viz@example.com'));
  zoneId = (await api('POST', '/api/zones', { origin: ORIGIN })).json['id'] as string;
  for (const [name, type, records] of [
    [`www.${ORIGIN}`, 'A', ['192.0.2.1']],
    [`*.wc.${ORIGIN}`, 'A', ['192.0.2.9']],
    [`a.b.c.${ORIGIN}`, 'TXT', ['"deep"']],
    [`sub.${ORIGIN}`, 'NS', ['ns1.example.net.']],
  ] as const) {
    expect((await api('POST', `/api/zones/${zoneId}/records`, { action: 'UPSERT', name, type, ttl: 300, records })).status).toBe(200);
  }
}, 60_000);

afterAll(async () => {
  // A probe killed on its timeout leaves the named it serves -N/-D from running.
  await run('pkill', ['-f', 'named -c /tmp/dnsviz']).catch(() => undefined);
  await dns?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('dnsviz probe and grok', () => {
  it.each(['NSEC3', 'NSEC'] as const)('find the zone secure, with no error (%s)', async (denial) => {
    expect((await api('PUT', `/api/zones/${zoneId}/dnssec`, { enabled: true, denial })).status).toBe(200);
    const grok = await probeAndGrok(denial);
    const zone = grok[`${ORIGIN}.`] as Record<string, unknown> | undefined;
    expect(zone, JSON.stringify(grok).slice(0, 2000)).toBeDefined();
    expect(errorsIn(grok), JSON.stringify(grok, null, 1).slice(0, 4000)).toEqual([]);
    const statuses = statusesIn(grok);
    expect(statuses.length).toBeGreaterThan(50);
    // The one INSECURE: the DS as the parent given with -D serves it, from an unsigned `test.`.
    expect(statuses.filter((s) => !['SECURE', 'NOERROR', 'NXDOMAIN', 'VALID'].includes(s)), JSON.stringify(grok, null, 1).slice(0, 4000)).toEqual(['INSECURE']);
    expect((zone!['delegation'] as { status: string }).status).toBe('SECURE');
    for (const name of NAMES.slice(1)) expect(grok[`${name}.`], name).toBeDefined();
  }, 300_000);
});
