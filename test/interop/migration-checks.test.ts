// Delegation and parity checks against a private DNS hierarchy on loopback port 53: NSD root, TLD,
// the "old provider", and our edge, each on its own 127.0.53.x address.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDelegation } from '../../control/checks/delegation-check.js';
import { checkParity } from '../../control/checks/parity-check.js';
import type { ParityRRset } from '../../control/checks/parity-check.js';
import { parseRootHints } from '../../control/checks/root-hints.js';
import type { ResolverOptions } from '../../control/checks/iterative-resolver.js';
import { importZoneFile } from '../../control/import/zonefile/import-zone-file.js';
import { startEdge } from '../../edge/edge-server.js';
import type { EdgeServer } from '../../edge/edge-server.js';
import { silentLogger } from '../../shared/log.js';
import { parseName } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { writeSnapshotFile } from '../../shared/snapshot/snapshot-file.js';
import { dnscoveApex, zoneContentOf } from '../helpers/migration-zone.js';
import { EDGE_ADDR, FULL_DS, OLD_ADDR, OUR_NS, ROOT_HINTS, SILENT_ADDR, TLD_ADDR, customerZone, startPrivateHierarchy } from '../helpers/migration-hierarchy.js';
import type { PrivateHierarchy } from '../helpers/migration-hierarchy.js';

const none = parseName('none.test.');
const resolver: ResolverOptions = { rootHints: parseRootHints(ROOT_HINTS), timeoutMs: 400 };
let hierarchy: PrivateHierarchy | undefined;
let edge: EdgeServer | undefined;
let snapshotsDir = '';

/** Our copy of a customer zone, as an import of the old provider's file gives it (plus our apex). */
function ours(origin: Name): ParityRRset[] {
  return [...dnscoveApex(origin, OUR_NS), ...importZoneFile(customerZone(origin)).rrsets];
}

beforeAll(async () => {
  hierarchy = await startPrivateHierarchy();
  snapshotsDir = await mkdtemp(join(tmpdir(), 'dnscove-migration-edge-'));
  for (const origin of ['partial.test.', 'full.test.'].map((o) => parseName(o))) {
    await writeSnapshotFile(snapshotsDir, zoneContentOf(origin, ours(origin)));
  }
  edge = await startEdge({ snapshotsDir, host: EDGE_ADDR, port: 53, log: silentLogger });
}, 60_000);

afterAll(async () => {
  await edge?.close();
  await hierarchy?.stop();
  if (snapshotsDir !== '') await rm(snapshotsDir, { recursive: true, force: true });
});

describe('delegation check in a private hierarchy', () => {
  const cases: [origin: string, outcome: string, delegated: boolean, found: string[], missing: string[]][] = [
    ['none.test.', 'not-delegated', false, ['ns1.oldhost.test'], ['ns1.dnscove.test', 'ns2.dnscove.test']],
    ['partial.test.', 'partly-delegated', false, ['ns1.oldhost.test', 'ns1.dnscove.test'], ['ns2.dnscove.test']],
    ['full.test.', 'delegated', true, ['ns1.dnscove.test', 'ns2.dnscove.test'], []],
    ['gone.test.', 'nxdomain-at-parent', false, [], ['ns1.dnscove.test', 'ns2.dnscove.test']],
    ['example.broken.', 'servfail', false, [], ['ns1.dnscove.test', 'ns2.dnscove.test']],
    ['example.slow.', 'timeout', false, [], ['ns1.dnscove.test', 'ns2.dnscove.test']],
    ['example.lame.', 'lame', false, [], ['ns1.dnscove.test', 'ns2.dnscove.test']],
  ];
  it.each(cases)('%s → %s', async (origin, outcome, delegated, found, missing) => {
    const result = await checkDelegation({ origin: parseName(origin), expected: OUR_NS.map((n) => parseName(n)), resolver });
    expect(result).toMatchObject({ origin: origin.slice(0, -1), outcome, delegated, expected: ['ns1.dnscove.test', 'ns2.dnscove.test'], missing });
    expect([...result.found].sort()).toEqual([...found].sort());
    expect(result.detail).not.toBe('');
  });

  it("reports the parent's DS records and whether one is the zone's key's", async () => {
    const dsRdata = (text: string): Buffer => {
      const [tag, alg, type, digest] = text.split(' ');
      return Buffer.concat([Buffer.from([Number(tag) >> 8, Number(tag) & 255, Number(alg), Number(type)]), Buffer.from(digest!, 'hex')]);
    };
    const expected = OUR_NS.map((n) => parseName(n));
    const full = await checkDelegation({ origin: parseName('full.test.'), expected, resolver, expectedDs: [dsRdata(FULL_DS)] });
    expect(full.ds).toEqual({ present: true, matching: true, found: [FULL_DS], ttl: 86400 });
    const otherKey = await checkDelegation({ origin: parseName('full.test.'), expected, resolver, expectedDs: [dsRdata(FULL_DS.replace('12345', '54321'))] });
    expect(otherKey.ds).toEqual({ present: true, matching: false, found: [FULL_DS], ttl: 86400 });
    const partial = await checkDelegation({ origin: parseName('partial.test.'), expected, resolver, expectedDs: [dsRdata(FULL_DS)] });
    expect(partial.ds).toEqual({ present: false, matching: false, found: [] });
    const gone = await checkDelegation({ origin: parseName('gone.test.'), expected, resolver });
    expect(gone.ds).toBeNull();
  });

  it('names the parent zone and the failing servers', async () => {
    const nx = await checkDelegation({ origin: parseName('gone.test.'), expected: [], resolver });
    expect(nx).toMatchObject({ parent: 'test', detail: expect.stringMatching(/the test zone says gone\.test does not exist/) });
    const slow = await checkDelegation({ origin: parseName('example.slow.'), expected: [], resolver });
    expect(slow).toMatchObject({ parent: 'slow', detail: expect.stringContaining(`${SILENT_ADDR}:53: no answer within 400 ms`) });
    const broken = await checkDelegation({ origin: parseName('example.broken.'), expected: [], resolver });
    expect(broken.detail).toContain(`${TLD_ADDR}:53: SERVFAIL`);
  });
});

describe('parity check in a private hierarchy', () => {
  it('matches when our copy is what the old provider serves', async () => {
    const result = await checkParity({ origin: none, rrsets: ours(none), resolver });
    expect(result).toMatchObject({ outcome: 'compared', matches: true, mismatched: 0, truncated: false, checked: 12, total: 12 });
    expect(result.servers).toEqual([`ns1.oldhost.test ${OLD_ADDR}:53`]);
  });

  it('reports one changed value with both sides', async () => {
    const changed = ours(none).map((s) => (s.name === 'www.none.test.' && s.type === RRType.A ? { ...s, records: ['192.0.2.1', '192.0.2.3'] } : s));
    const result = await checkParity({ origin: none, rrsets: changed, resolver });
    expect(result).toMatchObject({ matches: false, mismatched: 1, checked: 12 });
    expect(result.mismatches).toEqual([
      { name: 'www.none.test.', type: 'A', theirs: ['192.0.2.1', '192.0.2.2'], ours: ['192.0.2.1', '192.0.2.3'], ttl_theirs: 300, ttl_ours: 300 },
    ]);
  });

  it('reports an RRset missing on their side', async () => {
    const extra = [...ours(none), { name: parseName('new.none.test.'), type: RRType.A, ttl: 300, records: ['192.0.2.99'] }];
    const result = await checkParity({ origin: none, rrsets: extra, resolver });
    expect(result.mismatches).toEqual([{ name: 'new.none.test.', type: 'A', theirs: [], ours: ['192.0.2.99'], ttl_theirs: null, ttl_ours: 300 }]);
  });

  it('reports an RRset missing on our side', async () => {
    const fewer = ours(none).filter((s) => !(s.name === 'mail.none.test.' && s.type === RRType.A));
    const result = await checkParity({ origin: none, rrsets: fewer, resolver });
    expect(result).toMatchObject({ matches: false, mismatched: 1 });
    expect(result.mismatches).toEqual([{ name: 'mail.none.test.', type: 'A', theirs: ['192.0.2.25'], ours: [], ttl_theirs: 300, ttl_ours: null }]);
  });

  it('reports TTL differences, and counts them only when asked', async () => {
    const longer = ours(none).map((s) => (s.name === 'mail.none.test.' ? { ...s, ttl: 900 } : s));
    const lenient = await checkParity({ origin: none, rrsets: longer, resolver });
    expect(lenient).toMatchObject({ matches: true, ttl_differences: 1 });
    const strict = await checkParity({ origin: none, rrsets: longer, resolver, compareTtl: true });
    expect(strict).toMatchObject({ matches: false, mismatched: 1, ttl_differences: 1 });
    expect(strict.mismatches[0]).toMatchObject({ name: 'mail.none.test.', ttl_theirs: 300, ttl_ours: 900 });
  });

  it('truncates at the limit', async () => {
    const result = await checkParity({ origin: none, rrsets: ours(none), resolver, limit: 5 });
    expect(result).toMatchObject({ matches: true, truncated: true, checked: 5, total: 12 });
  });

  it('asks only the previous provider while the parent lists it beside us', async () => {
    const partial = parseName('partial.test.');
    const ourNameservers = OUR_NS.map((n) => parseName(n));
    const result = await checkParity({ origin: partial, rrsets: ours(partial), resolver, ourNameservers });
    expect(result).toMatchObject({ outcome: 'compared', matches: true, servers: [`ns1.oldhost.test ${OLD_ADDR}:53`] });
  });

  it('compares with our edge once the zone is delegated to us', async () => {
    const full = parseName('full.test.');
    const result = await checkParity({ origin: full, rrsets: ours(full), resolver, ourNameservers: OUR_NS.map((n) => parseName(n)) });
    expect(result).toMatchObject({ outcome: 'compared', matches: true, checked: 12 });
    expect(result.servers).toEqual([`ns1.dnscove.test ${EDGE_ADDR}:53`, `ns2.dnscove.test ${EDGE_ADDR}:53`]);
  });

  it('gives a clear outcome when the zone cannot be reached', async () => {
    const result = await checkParity({ origin: parseName('gone.test.'), rrsets: ours(parseName('gone.test.')), resolver });
    expect(result).toMatchObject({ outcome: 'nxdomain-at-parent', matches: false, checked: 0 });
  });
});
