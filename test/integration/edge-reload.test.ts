// Reloads under load (edge/loader.ts with the sliced builder, through the CLI): while queries
// keep arriving, ten versions of a zone are published, as whole snapshots and as journal
// deltas; none is lost and every answer comes whole from one version, never from a mix.
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseName } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { RRset, ZoneContent } from '../../shared/dns/rrset.js';
import { nameToWire } from '../../shared/dns/name.js';
import { encodeSnapshot, snapshotChecksum } from '../../shared/snapshot/codec.js';
import { encodeDelta } from '../../shared/snapshot/delta.js';
import { encodeJournalHeader } from '../../shared/snapshot/journal.js';
import { journalFileName, writeSnapshotFile } from '../../shared/snapshot/snapshot-file.js';
import { exchange } from '../helpers/dns-client.js';
import { startChild } from '../helpers/child-server.js';
import type { ChildServer } from '../helpers/child-server.js';
import { REPO_ROOT } from '../helpers/edge-server.js';
import { waitUntil } from '../helpers/wait-until.js';
import { decodeResponse, encodeQuery, zoneFromText } from '../unit/edge/edge-fixture.js';

const VERSIONS = 10;
/** Enough names that each build runs in many slices. */
const FILLER = 20_000;
const IN_FLIGHT = 8;

/**
 * Version v: `alias` is a CNAME to `www-v`, whose address ends in v, and the serial is v. An
 * answer mixing two versions would pair a CNAME with a foreign address, or miss the address.
 */
function version(v: number): ZoneContent {
  const head = zoneFromText(`$ORIGIN rl.test.\n$TTL 300\n@ SOA ns1 h ${v} 2 3 4 60\n@ NS ns1\nns1 A 192.0.2.250\nalias CNAME www-${v}\nwww-${v} A 192.0.2.${v}\n`);
  const filler: RRset[] = [];
  for (let i = 0; i < FILLER; i++) filler.push({ name: parseName(`f${i}.v${v}.rl.test.`), type: RRType.A, ttl: 60, rdata: [Buffer.from([10, v, i >> 8, i & 255])] });
  return { origin: head.origin, rrsets: [...head.rrsets, ...filler] };
}

/** Queries `alias.rl.test` from IN_FLIGHT clients until stopped; records the versions seen and any answer not whole from one. */
function queryUnderLoad(port: number): { seen: Set<number>; problems: string[]; stop(): Promise<void> } {
  const seen = new Set<number>();
  const problems: string[] = [];
  let done = false;
  const client = async (): Promise<void> => {
    while (!done) {
      // One attempt: a query the edge fails to answer within the timeout counts as lost.
      const reply = await exchange(port, encodeQuery('alias.rl.test', 'A'), 'udp', { attempts: 1, timeoutMs: 3_000 });
      if (reply.bytes === null) {
        problems.push('lost');
        continue;
      }
      const answer = decodeResponse(reply.bytes).answer;
      const v = Number(/www-(\d+)/.exec(answer[0] ?? '')?.[1]);
      if (answer.length !== 2 || answer[1] !== `www-${v}.rl.test. 300 A 192.0.2.${v}`) problems.push(answer.join(' | '));
      seen.add(v);
    }
  };
  const clients = Array.from({ length: IN_FLIGHT }, client);
  return {
    seen,
    problems,
    async stop() {
      done = true;
      await Promise.all(clients);
    },
  };
}

/** Without response rate limiting: the query loops ask the same names from one address as fast as they can, which RRL rightly cuts. */
async function startEdge(dir: string): Promise<{ edge: ChildServer; port: number }> {
  const edge = await startChild('edge', process.execPath, [join(REPO_ROOT, 'bin', 'dnscove.js'), 'edge', '--snapshots', dir, '--listen', '127.0.0.1:0', '--workers', '1', '--rrl-rate', '0']);
  await waitUntil(() => /edge listening on 127\.0\.0\.1:\d+/.test(edge.stdout()), { what: 'edge listening', timeoutMs: 20_000 });
  return { edge, port: Number(/127\.0\.0\.1:(\d+)/.exec(edge.stdout())![1]) };
}

/** The delta from version v-1 to v: the SOA, the CNAME retargeted, the new address, the old one gone. */
function delta(v: number): Buffer {
  const soa = version(v).rrsets.find((r) => r.type === RRType.SOA)!;
  const wire = (name: string) => nameToWire(parseName(name));
  return encodeDelta({
    origin: parseName('rl.test.'),
    seq: v,
    serial: v,
    rrsets: [
      soa,
      { name: parseName(`www-${v}.rl.test.`), type: RRType.A, ttl: 300, rdata: [Buffer.from([192, 0, 2, v])] },
      { name: parseName('alias.rl.test.'), type: RRType.CNAME, ttl: 300, rdata: [wire(`www-${v}.rl.test.`)] },
      { name: parseName(`www-${v - 1}.rl.test.`), type: RRType.A, ttl: 300, rdata: [] },
    ],
  });
}

const servedSerials = (edge: ChildServer): number[] =>
  edge
    .stderr()
    .split('\n')
    .filter((l) => l.includes('zone loaded'))
    .map((l) => Number(/"serial":(\d+)/.exec(l)?.[1]));

describe('a zone reloaded ten times while it is being queried', () => {
  let dir: string;
  let edge: ChildServer;
  let port: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dnscove-reload-'));
    await writeSnapshotFile(dir, version(1));
    ({ edge, port } = await startEdge(dir));
  });

  afterAll(async () => {
    await edge?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('loses no query and answers each from exactly one version', async () => {
    const load = queryUnderLoad(port);
    for (let v = 2; v <= VERSIONS + 1; v++) {
      await writeSnapshotFile(dir, version(v));
      // Version 1 was loaded at start (one summary line); every later version logs "zone loaded".
      await waitUntil(() => servedSerials(edge).includes(v), { what: `version ${v} to load`, timeoutMs: 20_000 });
    }
    await waitUntil(() => load.seen.has(VERSIONS + 1), { what: 'an answer from the last version' });
    await load.stop();
    expect(load.problems).toEqual([]);
    expect(load.seen.size).toBeGreaterThan(1);
  });
});

describe('a zone changed by journal deltas while it is being queried', () => {
  let dir: string;
  let edge: ChildServer;
  let port: number;
  let journal: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dnscove-journal-'));
    const snapshot = encodeSnapshot(version(1));
    await writeFile(join(dir, 'rl.test.snap'), snapshot);
    journal = join(dir, journalFileName(parseName('rl.test.')));
    await writeFile(journal, encodeJournalHeader({ baseChecksum: Buffer.from(snapshotChecksum(snapshot)), baseSeq: 1 }));
    ({ edge, port } = await startEdge(dir));
  });

  afterAll(async () => {
    await edge?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies each appended delta whole: no query lost, no answer from two versions', async () => {
    const load = queryUnderLoad(port);
    for (let v = 2; v <= VERSIONS + 1; v++) {
      await appendFile(journal, delta(v));
      await waitUntil(() => servedSerials(edge).includes(v), { what: `delta ${v} to apply`, timeoutMs: 20_000 });
    }
    await waitUntil(() => load.seen.has(VERSIONS + 1), { what: 'an answer from the last delta' });
    await load.stop();
    expect(load.problems).toEqual([]);
    expect(load.seen.size).toBeGreaterThan(1);
  });

  it('refuses a damaged delta and keeps serving what it had, until a new snapshot replaces it', async () => {
    const damaged = delta(VERSIONS + 2);
    damaged[damaged.length - 1]! ^= 0xff;
    await appendFile(journal, damaged);
    await waitUntil(() => edge.stderr().includes('journal refused'), { what: 'the damaged delta to be refused' });
    const reply = decodeResponse((await exchange(port, encodeQuery('alias.rl.test', 'A'), 'udp')).bytes!);
    expect(reply.answer).toEqual([`alias.rl.test. 300 CNAME www-${VERSIONS + 1}.rl.test`, `www-${VERSIONS + 1}.rl.test. 300 A 192.0.2.${VERSIONS + 1}`]);
    await writeSnapshotFile(dir, version(VERSIONS + 3));
    await waitUntil(() => servedSerials(edge).includes(VERSIONS + 3), { what: 'the new snapshot to load' });
    expect(decodeResponse((await exchange(port, encodeQuery('alias.rl.test', 'A'), 'udp')).bytes!).answer[1]).toBe(`www-${VERSIONS + 3}.rl.test. 300 A 192.0.2.${VERSIONS + 3}`);
  });
});
