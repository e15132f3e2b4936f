// Signing at publish (issue 15): a signed zone's files, after its first publish and after each
// change published as a delta, are accepted by ldns-verify-zone and BIND's dnssec-verify, and
// hold exactly the chain of denial (NSEC3, or NSEC when the zone asks) a whole-zone signing of
// the same content gives. A delta
// re-signs only what changed; a rebuild keeps the signatures of unchanged RRsets.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeyVault } from '../../control/dnssec/key-vault.js';
import { challengeRRset } from '../../control/acme/challenge-rrset.js';
import { createPublisher } from '../../control/publish/publisher.js';
import type { Publisher } from '../../control/publish/publisher.js';
import { openDatabase } from '../../control/store/database.js';
import { ensureZoneKey, publishingKeys } from '../../control/dnssec/zone-signing-key.js';
import { setZoneDenial } from '../../control/store/dnssec-keys.js';
import { denialOf } from '../../shared/dnssec/denial.js';
import type { DenialKind } from '../../shared/dnssec/denial.js';
import { deleteRRset, upsertRRset } from '../../control/store/rrsets.js';
import { bumpSerial, insertZone } from '../../control/store/zones.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { RRset, ZoneContent } from '../../shared/dns/rrset.js';
import { signZone, unsignedContent } from '../../shared/dnssec/sign-zone.js';
import { generateSigningKey } from '../../shared/dnssec/signing-key.js';
import { readPublishedContent } from '../../shared/snapshot/published-content.js';
import { silentLogger } from '../../shared/log.js';
import { signedZoneText, verdictOf } from '../helpers/dnssec-verifiers.js';

const ZONE = 'Z00000000000001';
const ORIGIN = 'signed.example.' as Name;
let dir: string;
let db: Database;
let publisher: Publisher | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-signed-publish-'));
  db = openDatabase(join(dir, 'db.sqlite'));
});

afterEach(async () => {
  await publisher?.close();
  publisher = undefined;
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const snapshots = () => join(dir, 'snapshots');

function put(name: string, type: number, records: string[], ttl = 300): void {
  upsertRRset(db, { zoneId: ZONE, name: (name === '@' ? ORIGIN : `${name}.${ORIGIN}`) as Name, type, ttl, records });
}

function drop(name: string, type: number): void {
  deleteRRset(db, ZONE, `${name}.${ORIGIN}` as Name, type);
}

function start(denial: DenialKind = 'NSEC3'): Publisher {
  const now = new Date().toISOString();
  insertZone(db, { id: ZONE, tenantId: 't1', origin: ORIGIN, status: 'ACTIVE', serial: 1, publishedSerial: 0, autoPublish: true, nameservers: null, createdAt: now, updatedAt: now });
  put('@', RRType.SOA, ['ns1.example.net. hostmaster.example.net. 1 3600 900 1209600 300'], 3600);
  put('@', RRType.NS, ['ns1.example.net.', 'ns2.example.net.'], 3600);
  put('www', RRType.A, ['192.0.2.1']);
  put('mail', RRType.MX, ['10 mx.example.net.']);
  put('a.b.c', RRType.TXT, ['"deep"']);
  put('*.wc', RRType.A, ['192.0.2.9']);
  put('cut', RRType.NS, ['ns.cut.signed.example.']);
  put('ns.cut', RRType.A, ['192.0.2.53']);
  const services = { db, keyVault: createKeyVault(dir), now: () => new Date() };
  ensureZoneKey(services, ZONE);
  setZoneDenial(db, ZONE, denial);
  publisher = createPublisher({
    db,
    snapshotsDir: snapshots(),
    log: silentLogger,
    signingKey: (zoneId, origin) => publishingKeys(services, zoneId, origin),
  });
  return publisher;
}

async function publish(change: () => void): Promise<void> {
  change();
  bumpSerial(db, ZONE, new Date().toISOString());
  await publisher!.publishNow(ZONE);
}

const snapshotBytes = () => readFile(join(snapshots(), 'signed.example.snap'));
const published = () => readPublishedContent(snapshots(), ORIGIN);
const find = (zone: ZoneContent, name: string, type: number): RRset | undefined => zone.rrsets.find((r) => r.name === `${name}.${ORIGIN}` && r.type === type);

/** The records of the chain of denial as text, sorted: owner and RDATA. */
function chainOf(zone: ZoneContent, kind: DenialKind): string[] {
  return zone.rrsets
    .filter((r) => r.type === denialOf(kind).type)
    .map((r) => `${r.name} ${r.ttl} ${r.rdata[0]!.toString('hex')}`)
    .sort();
}

/** The verifiers' verdicts on the published zone, and whether its chain is the one a whole signing gives. */
async function check(label: string, kind: DenialKind = 'NSEC3'): Promise<void> {
  const zone = await published();
  const file = join(dir, `${label}.zone`);
  await writeFile(file, signedZoneText(zone));
  expect({ ldns: await verdictOf('ldns-verify-zone', [file]), bind: await verdictOf('dnssec-verify', ['-z', '-o', ORIGIN, file]) }, label).toEqual({ ldns: 'ok', bind: 'ok' });
  const unsigned = unsignedContent(zone);
  const now = Math.floor(Date.now() / 1000);
  const chain = chainOf(zone, kind);
  expect(chain.length, label).toBeGreaterThan(0);
  expect(chain, label).toEqual(chainOf(signZone(unsigned, generateSigningKey(), { inception: now, expiration: now + 3600 }, denialOf(kind)), kind));
}

describe('signing at publish', () => {
  it.each(['NSEC3', 'NSEC'] as const)('signs the zone whole, then each change as a delta, valid at every step, with %s', async (kind) => {
    const p = start(kind);
    await p.flush();
    await check('first publish', kind);
    const glue = find(await published(), 'ns.cut', RRType.A)!;
    expect(glue.signatures, 'glue is not signed').toBeUndefined();
    expect(find(await published(), 'cut', RRType.NS)!.signatures, 'a delegation NS is not signed').toBeUndefined();
    const snapshot = await snapshotBytes();
    const wwwSignature = find(await published(), 'www', RRType.A)!.signatures![0]!;

    const steps: [string, () => void][] = [
      ['a new name three labels down (two new empty non-terminals)', () => put('x.y.z', RRType.A, ['192.0.2.7'])],
      ['a changed RRset', () => put('www', RRType.A, ['192.0.2.2', '192.0.2.3'])],
      ['a new type at the apex', () => put('@', RRType.TXT, ['"v=spf1 -all"'])],
      ['a deleted deep name (its empty non-terminals go)', () => drop('a.b.c', RRType.TXT)],
      ['a name below an empty non-terminal that stays', () => put('w.z', RRType.AAAA, ['2001:db8::1'])],
      ['the deep name deleted again, its parent kept by a sibling', () => drop('x.y.z', RRType.A)],
      ['a DS at the cut', () => put('cut', RRType.DS, ['12345 13 2 ' + 'ab'.repeat(32)])],
      ['more glue below the cut', () => put('ns2.cut', RRType.A, ['192.0.2.54'])],
      ['a wildcard removed', () => drop('*.wc', RRType.A)],
    ];
    for (const [label, change] of steps) {
      await publish(change);
      expect((await snapshotBytes()).equals(snapshot), `${label}: published as a delta`).toBe(true);
      await check(label, kind);
    }
    expect(find(await published(), 'ns2.cut', RRType.A)!.signatures).toBeUndefined();
    expect(find(await published(), 'www', RRType.A)!.signatures![0]!.equals(wwwSignature), 'the changed RRset was signed again').toBe(false);
    expect(find(await published(), 'mail', RRType.MX)!.signatures).toHaveLength(1);
  });

  it('a new delegation rebuilds the zone, keeping the signatures of what did not change', async () => {
    const p = start();
    await p.flush();
    const before = await published();
    const snapshot = await snapshotBytes();
    await publish(() => {
      put('sub', RRType.NS, ['ns1.example.net.']);
      put('deep.sub', RRType.A, ['192.0.2.44']);
    });
    expect((await snapshotBytes()).equals(snapshot), 'rebuilt as a new snapshot').toBe(false);
    await check('new delegation');
    const after = await published();
    expect(find(after, 'mail', RRType.MX)!.signatures).toEqual(find(before, 'mail', RRType.MX)!.signatures);
    expect(find(after, 'deep.sub', RRType.A)!.signatures, 'below the new cut: glue, unsigned').toBeUndefined();
  });

  it('a full journal folded into a new snapshot keeps the zone valid, and the changes after it are signed as deltas', async () => {
    const p = start();
    await p.flush();
    const before = await snapshotBytes();
    // Each publish re-signs a 200-value TXT RRset: a few dozen fill the journal.
    const values = Array.from({ length: 200 }, (_, i) => `"filler-${i}-${'x'.repeat(60)}"`);
    let folded = false;
    for (let i = 0; i < 60 && !folded; i++) {
      await publish(() => put('fill', RRType.TXT, [...values.slice(i % 2), `"round-${i}"`]));
      folded = !(await snapshotBytes()).equals(before);
    }
    expect(folded, 'the journal was folded').toBe(true);
    await check('journal folded');
    await publish(() => put('after', RRType.A, ['192.0.2.99']));
    expect(find(await published(), 'after', RRType.A)!.signatures).toHaveLength(1);
    await check('a change after the fold');
  });

  it('an ACME value patched into the published zone is signed and chained, and removed again', async () => {
    const p = start();
    await p.flush();
    const owner = `_acme-challenge.www.${ORIGIN}` as Name;
    const token = Buffer.from('challenge-token-value-0123456789abcdef0123');
    const value = Buffer.concat([Buffer.from([token.length]), token]);
    await p.patchPublished(ZONE, async (published) => [challengeRRset(await published.rrset(owner, RRType.TXT), owner, value, 'PRESENT', 60)]);
    expect(find(await published(), '_acme-challenge.www', RRType.TXT)!.signatures).toHaveLength(1);
    await check('challenge present');
    await p.patchPublished(ZONE, async (published) => [challengeRRset(await published.rrset(owner, RRType.TXT), owner, value, 'CLEANUP', 60)]);
    expect(find(await published(), '_acme-challenge.www', RRType.TXT)).toBeUndefined();
    await check('challenge cleaned up');
  });

  it('a publish whose files are not those the signed state describes signs the zone whole again', async () => {
    const p = start();
    await p.flush();
    // As if a crash came between storing a publication's signed state and writing its files.
    db.prepare('UPDATE dnssec_keys SET signed_seq = signed_seq + 1 WHERE zone_id = ?').run(ZONE);
    const snapshot = await snapshotBytes();
    await publish(() => put('www', RRType.A, ['192.0.2.77']));
    expect((await snapshotBytes()).equals(snapshot)).toBe(false);
    await check('after a lost publication');
  });
});
