// Benchmark of DNSSEC signing (issue 15): one zone signed whole by the publisher (its first
// publish: every RRset signed, the NSEC3 chain built, chain and signatures stored) beside
// BIND's dnssec-signzone on the same zone with the same parameters (ECDSA P-256 CSK, NSEC3
// with no salt and 0 iterations), then what a one-record change costs the publisher.
//
// Run: npm run build && node dist/bench/dnssec-sign.js [--records 100000]
// Needs bind9-utils (dnssec-keygen, dnssec-signzone). Both run on this machine, one at a time;
// dnssec-signzone uses every core (-n), the publisher one thread.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { availableParallelism } from 'node:os';
import { parseFlags } from '../bin/cli/flags.js';
import { createKeyVault } from '../control/dnssec/key-vault.js';
import { publishingKeys } from '../control/dnssec/zone-signing-key.js';
import { createPublisher } from '../control/publish/publisher.js';
import { openDatabase } from '../control/store/database.js';
import { bulkWrite } from '../control/store/rrset-changes.js';
import { upsertRRset } from '../control/store/rrsets.js';
import { bumpSerial, insertZone } from '../control/store/zones.js';
import type { Name } from '../shared/dns/name.js';
import { formatRdata } from '../shared/dns/rdata.js';
import { silentLogger } from '../shared/log.js';
import { loadZoneFile } from '../shared/zonefile/zone-from-records.js';
import { BIG_ORIGIN, writeBigZone } from './edge/big-zone.js';
import { LineWriter } from './edge/line-writer.js';

const run = promisify(execFile);
const ZONE_ID = 'Z0000000000BENCH';

async function timed<T>(what: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await what();
  return { value, seconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), ['records']);
  const records = Number(flags.values.get('records')?.at(-1) ?? 100_000);
  const dir = await mkdtemp(join(tmpdir(), 'dnscove-bench-sign-'));
  try {
    const zoneFile = join(dir, 'big.zone');
    const out = new LineWriter(zoneFile);
    writeBigZone(out, records);
    out.close();
    process.stdout.write(`DNSSEC signing of a ${records}-record zone (${availableParallelism()} cores)\n`);

    // BIND: a combined key, NSEC3 without salt or extra iterations, every core.
    await run('dnssec-keygen', ['-q', '-K', dir, '-a', 'ECDSAP256SHA256', '-f', 'KSK', BIG_ORIGIN]);
    const bind = await timed(() => run('dnssec-signzone', ['-q', '-S', '-K', dir, '-d', dir, '-z', '-3', '-', '-H', '0', '-n', String(availableParallelism()), '-o', BIG_ORIGIN, '-f', join(dir, 'bind.signed'), zoneFile], { maxBuffer: 1 << 20 }));
    process.stdout.write(`  dnssec-signzone (BIND 9.18, ${availableParallelism()} threads): ${bind.seconds.toFixed(1)} s\n`);

    // DNSCove: the zone as rows, then its first publish (signed whole) and a one-record change (a delta).
    const db = openDatabase(join(dir, 'dnscove.sqlite'));
    const content = await loadZoneFile(zoneFile, BIG_ORIGIN as Name);
    const now = new Date().toISOString();
    insertZone(db, { id: ZONE_ID, tenantId: 'bench', origin: BIG_ORIGIN as Name, status: 'ACTIVE', serial: 1, publishedSerial: 0, autoPublish: true, nameservers: null, createdAt: now, updatedAt: now });
    db.transaction(() =>
      bulkWrite(db, ZONE_ID, () => {
        for (const r of content.rrsets) upsertRRset(db, { zoneId: ZONE_ID, name: r.name, type: r.type, ttl: r.ttl, records: r.rdata.map((d) => formatRdata(r.type, d)) });
      }),
    )();
    const services = { db, keyVault: createKeyVault(dir), now: () => new Date() };
    const publisher = createPublisher({ db, snapshotsDir: join(dir, 'snapshots'), log: silentLogger, signingKey: (zoneId, origin) => publishingKeys(services, zoneId, origin) });
    const whole = await timed(async () => {
      await publisher.flush();
      return publisher.publishNow(ZONE_ID);
    });
    process.stdout.write(`  DNSCove publisher, first publish signed whole (1 thread): ${whole.seconds.toFixed(1)} s = ${(whole.seconds / bind.seconds).toFixed(2)} × dnssec-signzone\n`);
    const changes: number[] = [];
    for (let i = 0; i < 20; i++) {
      upsertRRset(db, { zoneId: ZONE_ID, name: `n${i * 7}.${BIG_ORIGIN}` as Name, type: 1, ttl: 3600, records: [`192.0.2.${i + 1}`] });
      bumpSerial(db, ZONE_ID, new Date().toISOString());
      changes.push((await timed(() => publisher.publishNow(ZONE_ID))).seconds * 1000);
    }
    changes.sort((a, b) => a - b);
    process.stdout.write(`  DNSCove publisher, one-record change signed as a delta: p50 ${changes[10]!.toFixed(1)} ms, max ${changes.at(-1)!.toFixed(1)} ms (20 changes)\n`);
    await publisher.close();
    db.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`dnssec-sign bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
