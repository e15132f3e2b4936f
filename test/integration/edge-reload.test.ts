// Reloads under load (edge/loader.ts with the sliced builder, through the CLI): while queries
// keep arriving, ten versions of a zone are published; none is lost and every answer comes
// whole from one version, never from a half-loaded zone.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseName } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { RRset, ZoneContent } from '../../shared/dns/rrset.js';
import { writeSnapshotFile } from '../../shared/snapshot/snapshot-file.js';
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

describe('a zone reloaded ten times while it is being queried', () => {
  let dir: string;
  let edge: ChildServer;
  let port: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dnscove-reload-'));
    await writeSnapshotFile(dir, version(1));
    edge = await startChild('edge', process.execPath, [join(REPO_ROOT, 'bin', 'dnscove.js'), 'edge', '--snapshots', dir, '--listen', '127.0.0.1:0', '--workers', '1']);
    await waitUntil(() => /edge listening on 127\.0\.0\.1:\d+/.test(edge.stdout()), { what: 'edge listening', timeoutMs: 20_000 });
    port = Number(/127\.0\.0\.1:(\d+)/.exec(edge.stdout())![1]);
  });

  afterAll(async () => {
    await edge?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('loses no query and answers each from exactly one version', async () => {
    const seen = new Set<number>();
    const problems: string[] = [];
    let lastLoaded = 1;
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
    for (let v = 2; v <= VERSIONS + 1; v++) {
      await writeSnapshotFile(dir, version(v));
      // Version 1 was loaded at start (one summary line); every later version logs "zone loaded".
      await waitUntil(() => edge.stderr().split('\n').filter((l) => l.includes('zone loaded')).length >= v - 1, { what: `version ${v} to load`, timeoutMs: 20_000 });
      lastLoaded = v;
    }
    await waitUntil(() => seen.has(lastLoaded), { what: 'an answer from the last version' });
    done = true;
    await Promise.all(clients);
    expect(problems).toEqual([]);
    expect(seen.size).toBeGreaterThan(1);
  });
});
