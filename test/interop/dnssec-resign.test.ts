// Signatures never expire while DNSCove runs (issue 15): with the control plane's clock moved
// past the renewal point (a third of the 14-day validity left), the due signatures of a zone
// that did not change are renewed, its serial moves on so secondaries fetch them, and
// ldns-verify-zone, at that moved time, accepts the zone with none expiring within 9 days. A
// zone with staged changes is renewed too, and its staged change stays unpublished.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { ZoneContent } from '../../shared/dns/rrset.js';
import { readPublishedContent } from '../../shared/snapshot/published-content.js';
import { api, devLogin, startTestControl } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';
import { signedZoneText } from '../helpers/dnssec-verifiers.js';

const run = promisify(execFile);
const DAY = 86_400;

let control: TestControl;
let session: string;
let dir: string;
let clock = Date.now();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-resign-'));
  control = await startTestControl({}, { now: () => new Date(clock) });
  ({ session } = await devLogin(control.url, 'renew@dnssec.test'));
});
afterAll(async () => {
  await control.close();
  await rm(dir, { recursive: true, force: true });
});

async function createZone(origin: string): Promise<string> {
  const id = (await api(control.url, 'POST', '/api/zones', { token: session, body: { origin } })).json as { id: string };
  for (const [name, type, records] of [[`www.${origin}`, 'A', ['192.0.2.1']], [`a.b.${origin}`, 'TXT', ['"deep"']], [origin, 'MX', ['10 mail.example.net.']]] as const) {
    expect((await api(control.url, 'POST', `/api/zones/${id.id}/records`, { token: session, body: { action: 'UPSERT', name, type, ttl: 300, records } })).status).toBe(200);
  }
  return id.id;
}

const published = (origin: string): Promise<ZoneContent> => readPublishedContent(control.services.config.snapshotsDir, `${origin}.` as Name);
/** Every signature's expiration (RRSIG octets 8-11). */
const expirations = (zone: ZoneContent): number[] => zone.rrsets.flatMap((r) => (r.signatures ?? []).map((s) => s.readUInt32BE(8)));
const serialOf = (zone: ZoneContent): number => {
  const soa = zone.rrsets.find((r) => r.type === RRType.SOA)!.rdata[0]!;
  return soa.readUInt32BE(soa.length - 20);
};

/** ldns-verify-zone's verdict at the control plane's clock, asking that no signature expire within `days`. */
async function verifyAtClock(zone: ZoneContent, days: number): Promise<string> {
  const file = join(dir, `${zone.origin}zone`);
  await writeFile(file, signedZoneText(zone));
  const offset = Math.round((clock - Date.now()) / 1000);
  return run('ldns-verify-zone', ['-t', `+${offset}`, '-e', `P${days}D`, file]).then(
    () => 'ok',
    (err: { stdout?: string; stderr?: string }) => `rejected: ${(err.stderr ?? '') + (err.stdout ?? '')}`,
  );
}

describe('signature renewal', () => {
  it('renews the due signatures of unchanged and staged zones before they expire, and nothing else', async () => {
    const quiet = await createZone('quiet.renew.test');
    const staged = await createZone('staged.renew.test');
    await control.services.publisher.flush();
    expect((await api(control.url, 'PATCH', `/api/zones/${staged}`, { token: session, body: { auto_publish: false } })).status).toBe(200);
    expect((await api(control.url, 'POST', `/api/zones/${staged}/records`, { token: session, body: { action: 'UPSERT', name: 'later.staged.renew.test', type: 'A', ttl: 300, records: ['192.0.2.99'] } })).status).toBe(200);
    await control.services.publisher.flush();
    const before = { quiet: await published('quiet.renew.test'), staged: await published('staged.renew.test') };
    expect(before.staged.rrsets.some((r) => r.name.startsWith('later.'))).toBe(false);
    const now = Math.floor(clock / 1000);
    for (const zone of Object.values(before)) {
      expect(Math.min(...expirations(zone))).toBeGreaterThan(now + 12 * DAY);
      expect(Math.max(...expirations(zone))).toBeLessThanOrEqual(now + 14 * DAY);
    }
    // Nothing is due yet.
    expect(await control.resigner.renewDue()).toBe(0);

    // Ten and a half days on: every signature is within a third of its validity of expiring.
    clock += 10.5 * DAY * 1000;
    expect(await verifyAtClock(before.quiet, 9)).toMatch(/^rejected/);
    expect(await control.resigner.renewDue()).toBeGreaterThan(0);
    const after = { quiet: await published('quiet.renew.test'), staged: await published('staged.renew.test') };
    const moved = Math.floor(clock / 1000);
    for (const [name, zone] of Object.entries(after)) {
      expect(Math.min(...expirations(zone)), name).toBeGreaterThan(moved + 12 * DAY);
      expect(serialOf(zone), name).toBeGreaterThan(serialOf(before[name as keyof typeof before]));
      expect(await verifyAtClock(zone, 9), name).toBe('ok');
    }
    // The staged change is still staged, below a serial that stays above the published one.
    expect(after.staged.rrsets.some((r) => r.name.startsWith('later.'))).toBe(false);
    // Ten days on, the session of before has expired: a new one.
    ({ session } = await devLogin(control.url, 'renew@dnssec.test'));
    const stagedZone = (await api(control.url, 'GET', `/api/zones/${staged}`, { token: session })).json as { serial: number; published_serial: number };
    expect(stagedZone.published_serial).toBe(serialOf(after.staged));
    expect(stagedZone.serial).toBeGreaterThan(stagedZone.published_serial);
    // Renewed once: nothing is due again until the next renewal point.
    expect(await control.resigner.renewDue()).toBe(0);
    // Publishing the staged change afterwards signs it too.
    expect((await api(control.url, 'POST', `/api/zones/${staged}/publish`, { token: session })).status).toBe(200);
    const published2 = await published('staged.renew.test');
    expect(published2.rrsets.find((r) => r.name === 'later.staged.renew.test.')?.signatures).toHaveLength(1);
    expect(serialOf(published2)).toBeGreaterThan(serialOf(after.staged));
    expect(await verifyAtClock(published2, 9)).toBe('ok');
    // The unchanged zone renewed by a delta of what was due; the staged one whole, from what it publishes.
    const renewals = control.logs.filter((l) => l['msg'] === 'dnssec: signatures renewed');
    expect(renewals.map((l) => [l['zoneId'], l['whole']])).toEqual(expect.arrayContaining([[quiet, false], [staged, true]]));
  });
});
