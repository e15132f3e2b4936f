// Benchmark of zone transfer out (issue 14): the same TSIG-signed AXFR of a big zone from NSD
// 4.6 and from the DNSCove edge, by the same client, rounds interleaved; the edge's memory
// while it streams.
//
// Run: npm run build && node dist/bench/zone-transfer.js [--records 1000000] [--rounds 3]
// Needs nsd (apt-get install -y nsd). The client is control/checks/zone-transfer.ts (it
// verifies every signed message), run in this process; both servers run on loopback.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFlags } from '../bin/cli/flags.js';
import { transferZone } from '../control/checks/zone-transfer.js';
import { encodeQuery } from '../shared/dns/message.js';
import type { Name } from '../shared/dns/name.js';
import type { TsigKey } from '../shared/dns/tsig.js';
import { encodeTransferKeys } from '../shared/transfer/transfer-keys-file.js';
import { startChild } from '../test/helpers/child-server.js';
import type { ChildServer } from '../test/helpers/child-server.js';
import { exchange } from '../test/helpers/dns-client.js';
import { freePort } from '../test/helpers/free-port.js';
import { NSD_BINARY, nsdKeyConfig, nsdServerConfig } from '../test/helpers/nsd-server.js';
import { waitUntil } from '../test/helpers/wait-until.js';
import { BIG_ORIGIN, writeBigZone } from './edge/big-zone.js';
import { LineWriter } from './edge/line-writer.js';

const KEY: TsigKey = { name: 'bench-xfr.' as Name, algorithm: 'hmac-sha256', secret: Buffer.alloc(32, 11) };
const ORIGIN = BIG_ORIGIN as Name;

/** RSS of a process and its descendants, in bytes. */
function treeRss(pid: number): number {
  let total = 0;
  try {
    total = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) total += treeRss(Number(child));
    }
  } catch {
    // The process ended between the listing and the read.
  }
  return total;
}

/** CPU seconds (user + system) a process and its descendants have used. */
function treeCpu(pid: number): number {
  let ticks = 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    ticks = Number(fields[11]) + Number(fields[12]);
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) ticks += treeCpu(Number(child)) * CLOCK_TICKS;
    }
  } catch {
    // The process ended between the listing and the read.
  }
  return ticks / CLOCK_TICKS;
}

/** Linux's USER_HZ: /proc reports CPU time in these. */
const CLOCK_TICKS = 100;

async function answersSoa(port: number): Promise<boolean> {
  const reply = await exchange(port, encodeQuery({ id: 1, qname: ORIGIN, qtype: 6 }), 'udp', { timeoutMs: 500, attempts: 1 });
  return reply.message?.aa === true;
}

async function timeTransfer(port: number, records: number, pid: number): Promise<{ seconds: number; cpu: number; peakRss: number }> {
  let peakRss = treeRss(pid);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, treeRss(pid))), 50);
  const cpuBefore = treeCpu(pid);
  const started = performance.now();
  const result = await transferZone({ host: '127.0.0.1', port }, ORIGIN, 600_000, KEY);
  const seconds = (performance.now() - started) / 1000;
  const cpu = treeCpu(pid) - cpuBefore;
  clearInterval(sampler);
  if (result.kind !== 'zone') throw new Error(`transfer from port ${port} failed: ${result.detail}`);
  // The closing SOA is not among the records: every record of the zone is, once.
  if (result.records.length !== records) throw new Error(`transfer from port ${port} brought ${result.records.length} records, expected ${records}`);
  return { seconds, cpu, peakRss };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const { values } = parseFlags(process.argv.slice(2), ['records', 'rounds']);
  const records = Number(values.get('records')?.at(-1) ?? 1_000_000);
  const rounds = Number(values.get('rounds')?.at(-1) ?? 3);
  const dir = await mkdtemp(join(tmpdir(), 'dnscove-bench-xfr-'));
  const children: ChildServer[] = [];
  try {
    const zoneFile = join(dir, 'big.zone');
    const writer = new LineWriter(zoneFile);
    writeBigZone(writer, records);
    writer.close();
    const snapshots = join(dir, 'snapshots');
    await mkdir(snapshots);
    const build = await startChild('snapshot-build', process.execPath, ['bin/dnscove.js', 'snapshot', 'build', '--zone', `${ORIGIN}=${zoneFile}`, '--out', snapshots]);
    await waitUntil(async () => build.exitStatus() !== null, { what: 'dnscove snapshot build', timeoutMs: 600_000, intervalMs: 200 });
    if (build.exitStatus()?.code !== 0) throw new Error(`snapshot build failed: ${build.stderr()}`);
    await writeFile(join(snapshots, 'transfer-keys.json'), encodeTransferKeys([{ name: KEY.name, algorithm: KEY.algorithm, secret: KEY.secret.toString('base64'), zones: [ORIGIN] }]), { mode: 0o600 });

    const edgePort = await freePort();
    const edge = await startChild('edge', process.execPath, ['bin/dnscove.js', 'edge', '--snapshots', snapshots, '--listen', `127.0.0.1:${edgePort}`, '--workers', '1'], undefined, { ...process.env, DNSCOVE_RRL_RATE: '0' });
    children.push(edge);
    const nsdPort = await freePort();
    const nsdConf = [...nsdServerConfig(dir, '127.0.0.1', nsdPort), ...nsdKeyConfig(KEY.name, KEY.secret.toString('base64')), 'zone:', `  name: "${ORIGIN}"`, `  zonefile: "${zoneFile}"`, `  provide-xfr: 127.0.0.1 ${KEY.name}`, ''];
    await writeFile(join(dir, 'nsd.conf'), nsdConf.join('\n'));
    const nsd = await startChild('nsd', NSD_BINARY, ['-d', '-c', join(dir, 'nsd.conf')]);
    children.push(nsd);
    await waitUntil(() => answersSoa(edgePort), { what: 'the edge to serve the zone', timeoutMs: 600_000, intervalMs: 200 });
    await waitUntil(() => answersSoa(nsdPort), { what: 'NSD to serve the zone', timeoutMs: 600_000, intervalMs: 200 });

    const nsdRuns: Awaited<ReturnType<typeof timeTransfer>>[] = [];
    const edgeRuns: Awaited<ReturnType<typeof timeTransfer>>[] = [];
    const edgeIdleRss = treeRss(edge.pid);
    const nsdIdleRss = treeRss(nsd.pid);
    for (let round = 0; round < rounds; round++) {
      nsdRuns.push(await timeTransfer(nsdPort, records, nsd.pid));
      edgeRuns.push(await timeTransfer(edgePort, records, edge.pid));
    }
    const nsdTimes = nsdRuns.map((r) => r.seconds);
    const edgeTimes = edgeRuns.map((r) => r.seconds);
    const nsdCpu = median(nsdRuns.map((r) => r.cpu));
    const edgeCpu = median(edgeRuns.map((r) => r.cpu));
    const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);
    console.log(`Signed AXFR of ${records.toLocaleString('en')} records (${ORIGIN}), ${rounds} rounds interleaved, node ${process.version}`);
    console.log(`  NSD 4.6        s  median ${median(nsdTimes).toFixed(2)}  (${nsdTimes.map((t) => t.toFixed(2)).join(', ')})`);
    console.log(`  DNSCove edge   s  median ${median(edgeTimes).toFixed(2)}  (${edgeTimes.map((t) => t.toFixed(2)).join(', ')})`);
    console.log(`  edge / NSD time ratio ${(median(edgeTimes) / median(nsdTimes)).toFixed(2)}  (the client, in this process, parses and verifies every message alike)`);
    console.log(`  server CPU per transfer s  NSD ${nsdCpu.toFixed(2)}  edge ${edgeCpu.toFixed(2)}  ratio ${(edgeCpu / nsdCpu).toFixed(2)}`);
    console.log(`  RSS (process tree) MB: NSD serving ${mb(nsdIdleRss)}, peak ${mb(Math.max(...nsdRuns.map((r) => r.peakRss)))}; edge serving ${mb(edgeIdleRss)}, peak ${mb(Math.max(...edgeRuns.map((r) => r.peakRss)))}`);
  } finally {
    for (const child of children) await child.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
