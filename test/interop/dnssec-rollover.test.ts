// Key rollover (issue 15): POST /api/zones/{id}/dnssec/rollover rolls a zone's key over by
// double signature, to a key of the same algorithm and to Ed25519, each phase published and
// checked by what a resolver would do: BIND's `delv`, given as trust anchor the DS the parent
// holds at that point (the old key's until the swap, the new key's after), fully validates the
// zone served by NSD from what DNSCove published; the offline verifiers accept every phase.
// The parent is a private root served by the same NSD: the rollover waits for it to drop the
// old DS, and for the DS's TTL after. The control plane's clock starts hours back and is moved
// on through each wait, so that every signature made is valid at the real time delv checks.
// A zone created with Ed25519 and NSEC is signed so from the start and validates too.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { RRset, ZoneContent } from '../../shared/dns/rrset.js';
import type { ZoneDnssecJson } from '../../shared/schemas/dnssec.js';
import { readPublishedContent } from '../../shared/snapshot/published-content.js';
import { api, devLogin, startTestControl } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';
import { signedZoneText, verifierVerdicts } from '../helpers/dnssec-verifiers.js';
import { freePort } from '../helpers/free-port.js';
import { startMigrationNsd } from '../helpers/migration-nsd.js';
import type { MigrationNsd } from '../helpers/migration-nsd.js';
import { checksThroughPrivateRoot, privateRootZone } from '../helpers/private-root.js';

const run = promisify(execFile);
const HOST = '127.0.0.1';
/** The TTL the private root gives the zones' DS: the rollover waits this (and 300 s) after the old DS is gone. */
const DS_TTL = 60;
const HOUR = 3600;

type Ds = ZoneDnssecJson['ds'][number];

let port: number;
let dir: string;
let nsd: MigrationNsd | undefined;
let control: TestControl;
let session: string;
/** The control plane's clock, in ms: hours behind the real one, moved on by the test. */
let clock = Date.now() - 7 * HOUR * 1000;
const wait = (seconds: number): void => void (clock += seconds * 1000);

const dnssecOf = async (zoneId: string): Promise<ZoneDnssecJson> => (await api(control.url, 'GET', `/api/zones/${zoneId}/dnssec`, { token: session })).json as ZoneDnssecJson;
const published = (origin: string): Promise<ZoneContent> => readPublishedContent(control.services.config.snapshotsDir, `${origin}.` as Name);
const rrset = (zone: ZoneContent, name: string, type: number): RRset => zone.rrsets.find((r) => r.name === `${name}.` && r.type === type)!;
/** Key tag and algorithm of each signature of an RRset (RRSIG octets 16-17 and 2). */
const signers = (r: RRset): string[] => (r.signatures ?? []).map((s) => `${s.readUInt16BE(16)}/${s[2]}`).sort();
const dsLine = (origin: string, ds: Ds): string => `${origin}. ${DS_TTL} IN DS ${ds.key_tag} ${ds.algorithm} ${ds.digest_type} ${ds.digest}\n`;

/** NSD serving the private root (delegating `origin` with `parentDs`) and the zone as DNSCove published it. */
async function serve(origin: string, parentDs: readonly Ds[]): Promise<void> {
  await nsd?.stop();
  const delegation = `${origin}. 86400 IN NS ns1.dnscove.invalid.\n${origin}. 86400 IN NS ns2.dnscove.invalid.\n${parentDs.map((ds) => dsLine(origin, ds)).join('')}`;
  nsd = await startMigrationNsd(HOST, port, [
    { origin: '.', text: privateRootZone(HOST, delegation) },
    { origin: `${origin}.`, text: signedZoneText(await published(origin)) },
  ]);
}

/** Whether delv, trusting `ds` for the zone, fully validates its www A record and its DNSKEY RRset from the zone served now. */
async function validates(origin: string, ds: Ds): Promise<boolean> {
  const anchors = join(dir, 'anchors.conf');
  await writeFile(anchors, `trust-anchors { ${origin}. static-ds ${ds.key_tag} ${ds.algorithm} ${ds.digest_type} "${ds.digest}"; };\n`);
  const ask = async (name: string, type: string): Promise<string> => {
    const args = ['@127.0.0.1', '-p', String(port), '-a', anchors, `+root=${origin}`, name, type, '+nocrypto'];
    const { stdout, stderr } = await run('delv', args).catch((err: { stdout: string; stderr: string }) => err);
    return stdout + stderr;
  };
  const answers = [await ask(`www.${origin}`, 'A'), await ask(origin, 'DNSKEY')];
  return answers.every((a) => a.includes('; fully validated'));
}

/** Serves the zone as published now and says which of the two DS delv validates with. */
async function validatedBy(origin: string, parentDs: readonly Ds[], old: Ds, incoming: Ds): Promise<{ old: boolean; new: boolean }> {
  await serve(origin, parentDs);
  return { old: await validates(origin, old), new: await validates(origin, incoming) };
}

async function verifiers(origin: string): Promise<Record<string, string>> {
  return verifierVerdicts(`${origin}.`, signedZoneText(await published(origin)), join(dir, `${origin}.zone`));
}
const ALL_OK = { 'ldns-verify-zone': 'ok', 'dnssec-verify': 'ok', kzonecheck: 'ok' };
/**
 * While two keys sign, kzonecheck is left out: Debian's (Knot 3.2.6) rejects every zone with
 * two signatures per RRset ("no valid signature for a record"), BIND's `dnssec-signzone`
 * output signed with two keys too; delv validates them.
 */
const DOUBLE_SIGNED_OK = { 'ldns-verify-zone': 'ok', 'dnssec-verify': 'ok' };

async function newZone(origin: string, dnssec?: object): Promise<{ zoneId: string; before: ZoneDnssecJson }> {
  const created = await api(control.url, 'POST', '/api/zones', { token: session, body: { origin, ...(dnssec === undefined ? {} : { dnssec }) } });
  expect(created.status, created.text).toBe(201);
  const zoneId = (created.json as { id: string }).id;
  expect((await api(control.url, 'POST', `/api/zones/${zoneId}/records`, { token: session, body: { action: 'UPSERT', name: `www.${origin}`, type: 'A', ttl: 300, records: ['192.0.2.1'] } })).status).toBe(200);
  await control.services.publisher.flush();
  return { zoneId, before: await dnssecOf(zoneId) };
}

const start = (zoneId: string, body: object) => api(control.url, 'POST', `/api/zones/${zoneId}/dnssec/rollover`, { token: session, body });
const step = () => control.resigner.stepRollovers();

beforeAll(async () => {
  port = await freePort();
  dir = await mkdtemp(join(tmpdir(), 'dnscove-rollover-'));
  control = await startTestControl({ checks: checksThroughPrivateRoot(HOST, port) }, { now: () => new Date(clock) });
  ({ session } = await devLogin(control.url, 'owner@roll.example'));
}, 60_000);

afterAll(async () => {
  await control?.close();
  await nsd?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('key rollover', () => {
  it('to a new key of the same algorithm: both keys sign, CDS names the new key after the DNSKEY TTL, the old key goes once the parent holds no DS of it and its TTL has passed', async () => {
    const origin = 'roll.example';
    const { zoneId, before } = await newZone(origin);
    const old = before.ds[0]!;
    expect(before.rollover).toBeNull();
    expect(await verifiers(origin)).toEqual(ALL_OK);

    const started = await start(zoneId, {});
    expect(started.status).toBe(202);
    const publishing = started.json as ZoneDnssecJson;
    expect(publishing.rollover).toMatchObject({ phase: 'publishing', algorithm: 13, next_step_at: new Date(clock + (HOUR + 300) * 1000).toISOString().replace(/\.\d+Z$/, '.000Z') });
    const incomingTag = publishing.rollover!.key_tag;
    expect(incomingTag).not.toBe(old.key_tag);
    expect(publishing.ds.map((d) => d.key_tag), 'the parent keeps the old DS while the new key reaches caches').toEqual([old.key_tag]);
    let zone = await published(origin);
    expect(rrset(zone, origin, RRType.DNSKEY).rdata).toHaveLength(2);
    expect(signers(rrset(zone, `www.${origin}`, RRType.A))).toEqual([`${old.key_tag}/13`, `${incomingTag}/13`].sort());
    expect(await verifiers(origin)).toMatchObject(DOUBLE_SIGNED_OK);
    expect((await start(zoneId, {})).status, 'one rollover at a time').toBe(409);
    expect((await api(control.url, 'PUT', `/api/zones/${zoneId}/dnssec`, { token: session, body: { enabled: false } })).status, 'no going unsigned mid-rollover').toBe(409);

    expect(await step(), 'nothing moves before the DNSKEY TTL has passed').toBe(0);
    wait(HOUR + 300);
    expect(await step()).toBe(1);
    const submitting = await dnssecOf(zoneId);
    expect(submitting.rollover).toMatchObject({ phase: 'submitting', next_step_at: null });
    const incoming = submitting.ds[0]!;
    expect(submitting.ds.map((d) => d.key_tag)).toEqual([incomingTag]);
    expect(submitting.cds).toEqual([incoming.record.replace(' DS ', ' CDS ')]);
    expect(await validatedBy(origin, [old], old, incoming)).toEqual({ old: true, new: true });

    // The parent still holds the old DS: nothing moves, however long.
    expect(await step()).toBe(0);
    wait(2 * HOUR);
    expect(await step()).toBe(0);
    expect((await dnssecOf(zoneId)).rollover?.phase).toBe('submitting');

    // The registrar swapped the DS: asked again (an hour after it last was), the parent holds only the new one.
    await serve(origin, [incoming]);
    wait(HOUR);
    expect(await step()).toBe(1);
    const retiring = await dnssecOf(zoneId);
    expect(retiring.rollover).toMatchObject({ phase: 'retiring', next_step_at: new Date(clock + (DS_TTL + 300) * 1000).toISOString().replace(/\.\d+Z$/, '.000Z') });
    expect(signers(rrset(await published(origin), `www.${origin}`, RRType.A)), 'the old key signs until resolvers let go of the old DS').toHaveLength(2);

    wait(DS_TTL + 300);
    expect(await step()).toBe(1);
    const done = await dnssecOf(zoneId);
    expect(done).toMatchObject({ rollover: null, key_tag: incomingTag, algorithm: 13, state: 'signed' });
    zone = await published(origin);
    expect(rrset(zone, origin, RRType.DNSKEY).rdata).toHaveLength(1);
    expect(zone.rrsets.filter((r) => r.signatures !== undefined).every((r) => signers(r).join() === `${incomingTag}/13`)).toBe(true);
    expect(await verifiers(origin)).toEqual(ALL_OK);
    expect(await validatedBy(origin, [incoming], old, incoming)).toEqual({ old: false, new: true });

    const audit = (await api(control.url, 'GET', '/api/audit', { token: session })).json as { entries: { action: string; target: string }[] };
    expect(audit.entries.filter((e) => e.target.replace(/\.$/, '') === origin).map((e) => e.action)).toEqual(expect.arrayContaining(['dnssec.rollover.start', 'dnssec.rollover.step', 'dnssec.rollover.done']));
  }, 120_000);

  it('to Ed25519: its signatures come before its key and go after the old key, so every algorithm in the DNSKEY RRset signs every RRset', async () => {
    const origin = 'ed.example';
    const { zoneId, before } = await newZone(origin);
    const old = before.ds[0]!;
    const started = await start(zoneId, { algorithm: 15 });
    expect(started.status).toBe(202);
    const signing = started.json as ZoneDnssecJson;
    expect(signing.rollover).toMatchObject({ phase: 'signing', algorithm: 15, algorithm_name: 'ED25519' });
    const incomingTag = signing.rollover!.key_tag;
    const both = [`${old.key_tag}/13`, `${incomingTag}/15`].sort();
    let zone = await published(origin);
    expect(rrset(zone, origin, RRType.DNSKEY).rdata, 'not published yet').toHaveLength(1);
    expect(signers(rrset(zone, `www.${origin}`, RRType.A))).toEqual(both);
    await serve(origin, [old]);
    expect(await validates(origin, old)).toBe(true);

    wait(HOUR + 300);
    expect(await step()).toBe(1);
    expect((await dnssecOf(zoneId)).rollover?.phase).toBe('publishing');
    expect(rrset(await published(origin), origin, RRType.DNSKEY).rdata).toHaveLength(2);
    expect(await verifiers(origin)).toMatchObject(DOUBLE_SIGNED_OK);

    wait(HOUR + 300);
    expect(await step()).toBe(1);
    const submitting = await dnssecOf(zoneId);
    const incoming = submitting.ds[0]!;
    expect(incoming).toMatchObject({ key_tag: incomingTag, algorithm: 15 });
    expect(await validatedBy(origin, [old], old, incoming)).toEqual({ old: true, new: true });

    await serve(origin, [incoming]);
    expect(await step(), 'asked at once: the parent holds only the new DS').toBe(1);
    wait(DS_TTL + 300);
    expect(await step()).toBe(1);
    expect((await dnssecOf(zoneId)).rollover?.phase).toBe('unsigning');
    zone = await published(origin);
    expect(rrset(zone, origin, RRType.DNSKEY).rdata, 'the old key is gone').toHaveLength(1);
    expect(signers(rrset(zone, `www.${origin}`, RRType.A)), 'its signatures stay a DNSKEY TTL longer').toEqual(both);
    expect(await validatedBy(origin, [incoming], old, incoming)).toEqual({ old: false, new: true });

    wait(HOUR + 300);
    expect(await step()).toBe(1);
    expect(await dnssecOf(zoneId)).toMatchObject({ rollover: null, key_tag: incomingTag, algorithm: 15, algorithm_name: 'ED25519' });
    zone = await published(origin);
    expect(signers(rrset(zone, `www.${origin}`, RRType.A))).toEqual([`${incomingTag}/15`]);
    expect(await verifiers(origin)).toEqual(ALL_OK);
    expect(await validatedBy(origin, [incoming], old, incoming)).toEqual({ old: false, new: true });
  }, 120_000);

  it('a zone created with Ed25519 and NSEC ({dnssec: {algorithm: 15, denial: "NSEC"}}) is signed so from its first publish, and validates', async () => {
    const origin = 'edwards.example';
    const { before } = await newZone(origin, { algorithm: 15, denial: 'NSEC' });
    expect(before).toMatchObject({ algorithm: 15, algorithm_name: 'ED25519', denial: { type: 'NSEC' }, rollover: null });
    const zone = await published(origin);
    expect(signers(rrset(zone, `www.${origin}`, RRType.A))).toEqual([`${before.key_tag}/15`]);
    expect(zone.rrsets.filter((r) => r.type === RRType.NSEC3 || r.type === RRType.NSEC3PARAM)).toEqual([]);
    expect(rrset(zone, `www.${origin}`, RRType.NSEC)).toBeDefined();
    expect(await verifiers(origin)).toEqual(ALL_OK);
    await serve(origin, before.ds);
    expect(await validates(origin, before.ds[0]!)).toBe(true);
    expect((await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: 'bad-alg.example', dnssec: { algorithm: 8 } } })).status, 'RSA is not offered').toBe(400);
  }, 60_000);
});
