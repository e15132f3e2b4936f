// DNSSEC signing (issue 15, first part): every fixture zone signed with a combined key by
// shared/dnssec, in both algorithms, is accepted by three independent offline validators
// (ldns-verify-zone, BIND's dnssec-verify, Knot's kzonecheck); with one signature flipped, each
// rejects it, which shows the tools do check.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { ZoneContent } from '../../shared/dns/rrset.js';
import { signZone } from '../../shared/dnssec/sign-zone.js';
import { DnssecAlgorithm, dnskeyRdata, dsRdata, generateSigningKey, keyTag } from '../../shared/dnssec/signing-key.js';
import type { DnssecAlgorithm as Algorithm } from '../../shared/dnssec/signing-key.js';
import { parseZoneFile } from '../../shared/zonefile/parse-zone-file.js';
import { FIXTURE_ZONES } from './fixture-zones.js';
import { signedZoneText, verdictOf, verifierVerdicts } from '../helpers/dnssec-verifiers.js';

const run = promisify(execFile);
const NOW = Math.floor(Date.now() / 1000);
const WINDOW = { inception: NOW - 3600, expiration: NOW + 14 * 86400 };

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-dnssec-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function loadZone(origin: string, file: string): Promise<ZoneContent> {
  const parsed = parseZoneFile(await readFile(file, 'utf8'), { origin: origin as Name });
  const sets = new Map<string, { name: Name; type: number; ttl: number; rdata: Buffer[] }>();
  for (const r of parsed.records) {
    const key = `${r.name} ${r.type}`;
    const set = sets.get(key) ?? { name: r.name, type: r.type, ttl: r.ttl, rdata: [] };
    set.rdata.push(Buffer.from(r.rdata));
    sets.set(key, set);
  }
  return { origin: parsed.origin, rrsets: [...sets.values()] };
}

describe.each([
  ['ECDSA P-256 (13)', DnssecAlgorithm.EcdsaP256Sha256],
  ['Ed25519 (15)', DnssecAlgorithm.Ed25519],
] as [string, Algorithm][])('zones signed with %s', (_label, algorithm) => {
  it.each(FIXTURE_ZONES.map((z) => [z.origin, z.file]))('%s is accepted by ldns-verify-zone, dnssec-verify and kzonecheck, and rejected by each with one signature flipped', async (origin, file) => {
    const key = generateSigningKey(algorithm);
    const signed = signZone(await loadZone(origin, file), key, WINDOW);
    expect(signed.rrsets.filter((r) => r.signatures !== undefined).length).toBeGreaterThan(3);
    const good = await verifierVerdicts(origin, signedZoneText(signed), join(dir, `${origin}${algorithm}.good`));
    // kzonecheck also checks what is not DNSSEC (example.com's fixture lacks glue on purpose):
    // signed, it must say exactly what it says of the unsigned zone.
    const unsigned = await verdictOf('kzonecheck', ['-d', 'off', '-o', origin, file]);
    expect(good).toEqual({ 'ldns-verify-zone': 'ok', 'dnssec-verify': 'ok', kzonecheck: unsigned });
    // A signature over an ordinary RRset (not the chain), one bit of it flipped.
    const victim = signed.rrsets.find((r) => r.signatures !== undefined && r.type !== RRType.NSEC3 && r.type !== RRType.DNSKEY);
    const bad = await verifierVerdicts(origin, signedZoneText(signed, victim), join(dir, `${origin}${algorithm}.bad`));
    for (const [name, verdict] of Object.entries(bad)) expect(verdict, name).toMatch(/^rejected/);
    expect(bad.kzonecheck, 'kzonecheck finds the flipped signature, not only what the unsigned zone has').not.toBe(unsigned);
  });
});

describe('DS records', () => {
  it('a DS computed by ldns-key2ds from our DNSKEY equals ours', async () => {
    const key = generateSigningKey();
    const origin = 'ds.example.' as Name;
    const dnskey = dnskeyRdata(key);
    const file = join(dir, 'dnskey.zone');
    await writeFile(file, `${origin} 3600 IN DNSKEY 257 3 13 ${key.publicKey.toString('base64')}\n`);
    const { stdout } = await run('ldns-key2ds', ['-n', '-2', file]);
    const fields = stdout.trim().split(/\s+/);
    expect(Number(fields[4])).toBe(keyTag(dnskey));
    expect(fields.slice(7).join('').toLowerCase()).toBe(dsRdata(origin, dnskey).subarray(4).toString('hex'));
  });
});
