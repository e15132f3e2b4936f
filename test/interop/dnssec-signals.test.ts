// Authenticated DNSSEC bootstrapping (RFC 9615, issue 15): a signed zone whose nameservers'
// names lie in a zone hosted here (of its own account or an operator's) gets its CDS and
// CDNSKEY copied to `_dsboot.<zone>._signal.<nameserver>` in that zone; the copies follow the
// zone's keys and nameservers, go when it goes unsigned or is deleted, and are never put in
// another account's zone. A parent checks them as BIND's `delv` does here: validated from the
// nameserver zone's DS, served by NSD from what DNSCove published.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOperator } from '../../control/store/operators.js';
import type { Name } from '../../shared/dns/name.js';
import { formatRdata } from '../../shared/dns/rdata.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { ZoneDnssecJson } from '../../shared/schemas/dnssec.js';
import { readPublishedContent } from '../../shared/snapshot/published-content.js';
import { api, devLogin, startTestControl } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';
import { signedZoneText } from '../helpers/dnssec-verifiers.js';
import { freePort } from '../helpers/free-port.js';
import { startMigrationNsd } from '../helpers/migration-nsd.js';
import type { MigrationNsd } from '../helpers/migration-nsd.js';

const run = promisify(execFile);
let control: TestControl;
let alice: string;
let bob: string;
let dir: string;
let nsd: MigrationNsd | undefined;

const create = async (session: string, origin: string, ns?: string[]): Promise<string> => {
  const res = await api(control.url, 'POST', '/api/zones', { token: session, body: { origin, ...(ns === undefined ? {} : { ns }) } });
  expect(res.status, res.text).toBe(201);
  return (res.json as { id: string }).id;
};
const dnssecOf = async (session: string, zoneId: string): Promise<ZoneDnssecJson> => (await api(control.url, 'GET', `/api/zones/${zoneId}/dnssec`, { token: session })).json as ZoneDnssecJson;

/** The CDS and CDNSKEY DNSCove publishes at `name` in zone `origin`, in presentation form. */
async function signalAt(origin: string, name: string): Promise<{ cds: string[]; cdnskey: string[] }> {
  await control.services.publisher.flush();
  const zone = await readPublishedContent(control.services.config.snapshotsDir, `${origin}.` as Name);
  const records = (type: number) => zone.rrsets.filter((r) => r.name === `${name}.` && r.type === type).flatMap((r) => r.rdata.map((d) => formatRdata(type, d)));
  return { cds: records(RRType.CDS), cdnskey: records(RRType.CDNSKEY) };
}

/** The zone's own CDS and CDNSKEY, as GET dnssec gives them. */
const ownSignal = (dnssec: ZoneDnssecJson) => ({ cds: dnssec.cds.map((l) => l.split(' IN CDS ')[1]!), cdnskey: dnssec.cdnskey.map((l) => l.split(' IN CDNSKEY ')[1]!) });
const NONE = { cds: [], cdnskey: [] };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-signals-'));
  control = await startTestControl();
  ({ session: alice } = await devLogin(control.url, 'alice@signals.example'));
  ({ session: bob } = await devLogin(control.url, 'bob@signals.example'));
}, 60_000);

afterAll(async () => {
  await control?.close();
  await nsd?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('RFC 9615 bootstrapping signals', () => {
  it("copies a zone's CDS and CDNSKEY under each nameserver's _signal name in the account's nameserver zone, and keeps them in step", async () => {
    const nsZone = await create(alice, 'nsop.test');
    const child = await create(alice, 'child.test', ['ns1.nsop.test', 'ns2.nsop.test']);
    const own = ownSignal(await dnssecOf(alice, child));
    expect(own.cds).toHaveLength(1);
    for (const ns of ['ns1', 'ns2']) expect(await signalAt('nsop.test', `_dsboot.child.test._signal.${ns}.nsop.test`)).toEqual(own);

    // A zone created before its nameservers' zone gets its signals when that zone is created.
    const early = await create(alice, 'early.test', ['ns1.later.test']);
    await create(alice, 'later.test');
    expect(await signalAt('later.test', '_dsboot.early.test._signal.ns1.later.test')).toEqual(ownSignal(await dnssecOf(alice, early)));

    // Other nameservers: the old signals go, the new ones come.
    expect((await api(control.url, 'PATCH', `/api/zones/${child}`, { token: alice, body: { ns: ['ns1.later.test', 'ns2.later.test'] } })).status).toBe(200);
    expect(await signalAt('nsop.test', '_dsboot.child.test._signal.ns1.nsop.test')).toEqual(NONE);
    expect(await signalAt('later.test', '_dsboot.child.test._signal.ns2.later.test')).toEqual(own);

    // Going unsigned (CDS "delete" published), the signals go; signed again, they come back.
    expect((await api(control.url, 'PUT', `/api/zones/${child}/dnssec`, { token: alice, body: { enabled: false } })).status).toBe(200);
    expect(await signalAt('later.test', '_dsboot.child.test._signal.ns2.later.test')).toEqual(NONE);
    expect((await api(control.url, 'PUT', `/api/zones/${child}/dnssec`, { token: alice, body: { enabled: true } })).status).toBe(200);
    expect(await signalAt('later.test', '_dsboot.child.test._signal.ns2.later.test')).toEqual(own);

    // Deleted, its signals go.
    expect((await api(control.url, 'DELETE', `/api/zones/${child}`, { token: alice })).status).toBe(204);
    expect(await signalAt('later.test', '_dsboot.child.test._signal.ns1.later.test')).toEqual(NONE);
    expect(nsZone).toBeDefined();
  });

  it("puts none in another account's zone, unless that account is an operator's", async () => {
    await create(bob, 'bobs-ns.test');
    const child = await create(alice, 'vouched.test', ['ns1.bobs-ns.test']);
    expect(await signalAt('bobs-ns.test', '_dsboot.vouched.test._signal.ns1.bobs-ns.test'), "bob's zone does not vouch for alice's").toEqual(NONE);
    addOperator(control.services.db, 'bob@signals.example', new Date().toISOString());
    // The operator's nameserver zone vouches for the zones served by its nameservers (signals follow the next change).
    expect((await api(control.url, 'PATCH', `/api/zones/${child}`, { token: alice, body: { ns: ['ns1.bobs-ns.test', 'ns2.bobs-ns.test'] } })).status).toBe(200);
    expect(await signalAt('bobs-ns.test', '_dsboot.vouched.test._signal.ns2.bobs-ns.test')).toEqual(ownSignal(await dnssecOf(alice, child)));
  });

  it('a parent validates the signal from the nameserver zone’s DS, as delv does', async () => {
    const nsZone = await create(alice, 'opns.test');
    const child = await create(alice, 'boot.test', ['ns1.opns.test']);
    await control.services.publisher.flush();
    const port = await freePort();
    const published = await readPublishedContent(control.services.config.snapshotsDir, 'opns.test.' as Name);
    nsd = await startMigrationNsd('127.0.0.1', port, [{ origin: 'opns.test.', text: signedZoneText(published) }]);
    const [ds] = (await dnssecOf(alice, nsZone)).ds;
    await writeFile(join(dir, 'anchors.conf'), `trust-anchors { opns.test. static-ds ${ds!.key_tag} ${ds!.algorithm} ${ds!.digest_type} "${ds!.digest}"; };\n`);
    const { stdout, stderr } = await run('delv', ['@127.0.0.1', '-p', String(port), '-a', join(dir, 'anchors.conf'), '+root=opns.test', '_dsboot.boot.test._signal.ns1.opns.test', 'CDS']).catch(
      (err: { stdout: string; stderr: string }) => err,
    );
    const out = stdout + stderr;
    expect(out, out).toMatch(/fully validated/);
    expect(out, out).toContain(ownSignal(await dnssecOf(alice, child)).cds[0]!.split(' ').slice(0, 3).join(' '));
  });
});
