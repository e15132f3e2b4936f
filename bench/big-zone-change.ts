// Benchmark of a one-RRset change to a zone of a million records: change → served on the edge.
//
// Run: npm run build && node dist/bench/big-zone-change.js [--records 1000000] [--changes 200] [--dnssec on] [--compaction 10100]
// It starts `dnscove start` on a data directory of its own, creates two zones through the API
// (small.example, and big.example), stops it, writes `--records` A records into big.example's
// rows directly in SQLite (an import of that size is not what is measured) and, unless
// `--dnssec on`, publishes both zones unsigned (as NSD serves the zone it is compared with),
// starts it again,
// times the first publish of the big zone (the full snapshot build, until the edge answers for
// the last name), then runs `--changes` sequential UPSERTs on each zone. Then both zones stop
// publishing automatically, each gets a staged change, and `--changes` ACME PRESENTs run on
// each: on such a zone a value is patched into what is published (API.md "ACME DNS-01").
// `--compaction N` first runs N more UPSERTs on the big zone, enough for its journal to be
// folded into a new snapshot (after 10,000 deltas), while a probe asks the edge every 10 ms.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseFlags } from '../bin/cli/flags.js';
import { openDatabase } from '../control/store/database.js';
import { upsertRRset } from '../control/store/rrsets.js';
import { bumpSerial } from '../control/store/zones.js';
import { setZoneSigning } from '../control/store/dnssec-keys.js';
import type { Name } from '../shared/dns/name.js';
import { RRType } from '../shared/dns/rr-type.js';
import { startDnscove } from '../test/helpers/dnscove-process.js';
import type { DnscoveProcess } from '../test/helpers/dnscove-process.js';
import { challengesToServed, changesToServed, json, percentile, post, printChangesToServed, udpAsker } from './control-client.js';

async function login(server: DnscoveProcess): Promise<string> {
  const link = await json<{ dev_token: string }>(`${server.apiUrl}/api/auth/magic-link`, post({ email: 'bench@example.com' }));
  return (await json<{ session: string }>(`${server.apiUrl}/api/auth/exchange`, post({ token: link.dev_token }))).session;
}

function fillZone(dataDir: string, zoneId: string, records: number, unsigned: readonly string[]): void {
  const db = openDatabase(join(dataDir, 'dnscove.sqlite'));
  try {
    for (const id of unsigned) setZoneSigning(db, id, false, false);
    const insert = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        upsertRRset(db, { zoneId, name: `h${i}.big.example.` as Name, type: RRType.A, ttl: 300, records: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`] });
      }
    });
    for (let i = 0; i < records; i += 100_000) insert(i, Math.min(records, i + 100_000));
    db.transaction(() => bumpSerial(db, zoneId, new Date().toISOString()))();
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), ['records', 'changes', 'dnssec', 'compaction']);
  const records = Number(flags.values.get('records')?.at(-1) ?? 1_000_000);
  const changes = Number(flags.values.get('changes')?.at(-1) ?? 200);
  const compaction = Number(flags.values.get('compaction')?.at(-1) ?? 0);
  const dataDir = await mkdtemp(join(tmpdir(), 'dnscove-bench-big-'));
  // No response rate limiting: the 1 kHz probe of one name is the measurement, not an attack.
  const env = { SMTP_URL: '', DNSCOVE_RRL_RATE: '0' };
  let server: DnscoveProcess | undefined;
  try {
    server = await startDnscove(env, { dataDir });
    let session = await login(server);
    const small = await json<{ id: string }>(`${server.apiUrl}/api/zones`, post({ origin: 'small.example' }, session));
    const big = await json<{ id: string }>(`${server.apiUrl}/api/zones`, post({ origin: 'big.example' }, session));
    await server.stop();
    server = undefined;

    const filled = performance.now();
    const signed = flags.values.get('dnssec')?.at(-1) === 'on';
    fillZone(dataDir, big.id, records, signed ? [] : [small.id, big.id]);
    process.stdout.write(`DNSCove change → served on a zone of ${records.toLocaleString('en')} records, ${signed ? 'signed' : 'unsigned'}, node ${process.version}\n`);
    process.stdout.write(`  rows written to SQLite in ${((performance.now() - filled) / 1000).toFixed(1)} s\n`);

    const started = performance.now();
    server = await startDnscove(env, { dataDir });
    const asker = udpAsker(server.dnsPort);
    const last = `h${records - 1}.big.example.`;
    while ((await asker.ask(last))?.length !== 1) await sleep(20);
    asker.close();
    process.stdout.write(`  start → the big zone's last name answered (first publish: full snapshot build, edge load) ${((performance.now() - started) / 1000).toFixed(1)} s\n\n`);

    session = await login(server);
    const run = { apiUrl: server.apiUrl, dnsPort: server.dnsPort, session, changes };
    printChangesToServed(`small.example (a handful of records), ${changes} sequential UPSERTs`, await changesToServed({ ...run, zoneId: small.id, name: 'latency.small.example.' }));
    printChangesToServed(`big.example (${records.toLocaleString('en')} records), ${changes} sequential UPSERTs`, await changesToServed({ ...run, zoneId: big.id, name: 'latency.big.example.' }));

    if (compaction > 0) await compactionRun(server, { ...run, zoneId: big.id, name: 'latency.big.example.', changes: compaction }, records);

    process.stdout.write(`\nACME PRESENT → served on zones with auto_publish off and a change staged, ${changes} sequential PRESENTs each\n`);
    for (const [zone, origin] of [[small, 'small.example.'], [big, 'big.example.']] as const) {
      await json(`${server.apiUrl}/api/zones/${zone.id}`, { ...post({ auto_publish: false }, session), method: 'PATCH' });
      await json(`${server.apiUrl}/api/zones/${zone.id}/records`, post({ name: `staged.${origin}`, type: 'A', ttl: 60, records: ['192.0.2.200'] }, session));
      const sorted = [...(await challengesToServed({ ...run, zoneId: zone.id, origin }))].sort((a, b) => a - b);
      process.stdout.write(`  ${origin.padEnd(16)} ms  p50 ${percentile(sorted, 50).toFixed(1)}  p99 ${percentile(sorted, 99).toFixed(1)}  max ${sorted.at(-1)!.toFixed(1)} (the first PRESENT after a publish indexes the snapshot)\n`);
      const asker = udpAsker(server.dnsPort);
      const staged = await asker.ask(`staged.${origin}`);
      asker.close();
      if (staged === null || staged.length > 0) throw new Error(`bench: the staged change to ${origin} went live, or the edge did not answer`);
    }
  } finally {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * `run.changes` UPSERTs on the big zone while a probe asks the edge for another of its names
 * every 10 ms (each question waiting as long as it takes) and the snapshot file is watched for
 * replacement: the journal's compaction into a new snapshot must not show in either.
 */
async function compactionRun(server: DnscoveProcess, run: Parameters<typeof changesToServed>[0], records: number): Promise<void> {
  const snap = join(server.dataDir, 'snapshots', 'big.example.snap');
  const inodes = new Set<number>([(await stat(snap)).ino]);
  let done = false;
  let slowest = 0;
  const asker = udpAsker(server.dnsPort);
  const probe = (async () => {
    while (!done) {
      const sent = performance.now();
      if ((await asker.ask('h1.big.example.'))?.length !== 1) throw new Error('bench: the big zone stopped answering');
      slowest = Math.max(slowest, performance.now() - sent);
      inodes.add((await stat(snap)).ino);
      await sleep(10);
    }
  })();
  const times = await changesToServed(run);
  done = true;
  await probe;
  asker.close();
  inodes.add((await stat(snap)).ino);
  printChangesToServed(`big.example (${records.toLocaleString('en')} records), ${run.changes} sequential UPSERTs, through ${inodes.size - 1} journal compaction(s)`, times);
  process.stdout.write(`  longest answer of the edge meanwhile (h1.big.example. A, every 10 ms): ${slowest.toFixed(1)} ms\n`);
}

await main();
