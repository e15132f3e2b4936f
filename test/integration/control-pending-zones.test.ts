// A zone nobody delegates (issue 20): after DNSCOVE_PENDING_DAYS PENDING_VERIFICATION it is not
// served any more, changes to it stay unserved, and it is served again once the delegation check
// finds it delegated (a private root served by NSD delegates it to our name servers).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseName } from '../../shared/dns/name.js';
import { snapshotFileName } from '../../shared/snapshot/snapshot-file.js';
import { api, devLogin, startTestControl } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';
import { freePort } from '../helpers/free-port.js';
import { startMigrationNsd } from '../helpers/migration-nsd.js';
import { checksThroughPrivateRoot, privateRootZone } from '../helpers/private-root.js';
import type { MigrationNsd } from '../helpers/migration-nsd.js';
import { waitUntil } from '../helpers/wait-until.js';

const HOST = '127.0.0.1';
const ORIGIN = 'late.example';
const DAY_MS = 86_400_000;

let nsd: MigrationNsd;
let control: TestControl;
let session: string;
let zoneId: string;
let clock = Date.now();

const served = (): boolean => existsSync(join(control.services.config.snapshotsDir, snapshotFileName(parseName(`${ORIGIN}.`))));
const zone = async () => (await api(control.url, 'GET', `/api/zones/${zoneId}`, { token: session })).json as { status: string; withheld: string | null; serial: number; published_serial: number };

beforeAll(async () => {
  const port = await freePort();
  nsd = await startMigrationNsd(HOST, port, [
    {
      origin: '.',
      text: privateRootZone(HOST, `${ORIGIN}. 86400 IN NS ns1.dnscove.invalid.
${ORIGIN}. 86400 IN NS ns2.dnscove.invalid.
`),
    },
  ]);
  control = await startTestControl({ pendingDays: 30, checks: checksThroughPrivateRoot(HOST, port) }, { now: () => new Date(clock) });
  ({ session } = await devLogin(control.url, 'owner@late.example'));
  zoneId = ((await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: ORIGIN } })).json as { id: string }).id;
}, 60_000);

afterAll(async () => {
  await control?.close();
  await nsd?.stop();
});

describe('a zone left undelegated', () => {
  it('is served while within DNSCOVE_PENDING_DAYS', async () => {
    expect(served()).toBe(true);
    expect(await control.pending.sweep()).toBe(0);
    expect((await zone()).withheld).toBeNull();
  });

  it('is withheld after them, and a change to it is not served either', async () => {
    clock += 31 * DAY_MS;
    // Sessions last hours, not a month: sign in again at the new time.
    ({ session } = await devLogin(control.url, 'owner@late.example'));
    expect(await control.pending.sweep()).toBe(1);
    expect(served()).toBe(false);
    expect(await zone()).toMatchObject({ status: 'PENDING_VERIFICATION', withheld: 'not delegated in time' });
    await api(control.url, 'POST', `/api/zones/${zoneId}/records`, { token: session, body: { name: `www.${ORIGIN}`, type: 'A', records: ['192.0.2.1'] } });
    await control.services.publisher.flush();
    expect(served()).toBe(false);
  });

  it('is served again, with its changes, once the delegation check finds it delegated', async () => {
    const check = await api(control.url, 'POST', `/api/zones/${zoneId}/delegation`, { token: session });
    expect(check.status, check.text).toBe(200);
    expect(check.json).toMatchObject({ status: 'ACTIVE' });
    await waitUntil(() => served(), { what: 'the zone to be published again' });
    await waitUntil(async () => (await zone()).published_serial === (await zone()).serial, { what: 'the change to be published' });
    expect((await zone()).withheld).toBeNull();
  });
});
