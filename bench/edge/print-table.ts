// CLI: reads the results directory bench/edge.sh filled and prints the one summary table.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDnsperf } from './dnsperf-result.js';
import type { DnsperfResult } from './dnsperf-result.js';
import type { VerifySummary } from './reload-check.js';

const SERVERS = ['nsd', 'knot', 'edge'] as const;
// udp-mix-rate: the mix at one fixed offered load (dnsperf -Q), so latencies compare like for like.
// udp-mix-do: the mix with DO=1 against the mix zone signed (section "signed"; NSD and the edge).
const TESTS = ['udp-mix', 'udp-hits', 'udp-halfnx', 'tcp-mix', 'udp-mix-rate', 'udp-mix-do'] as const;

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** "key value" lines → map (later keys win). */
function keyValues(path: string): Map<string, string> {
  const map = new Map<string, string>();
  if (!existsSync(path)) return map;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^(\S+)\s+(.*)$/.exec(line.trim());
    if (m !== null) map.set(m[1]!, m[2]!);
  }
  return map;
}

function roundFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => /^r\d+/.test(f)).map((f) => join(dir, f)) : [];
}

/** Every round's dnsperf result in a directory (failed runs are counted separately). */
function runs(dir: string): { ok: DnsperfResult[]; failed: number } {
  const ok: DnsperfResult[] = [];
  let failed = 0;
  for (const file of roundFiles(dir)) {
    const result = parseDnsperf(readFileSync(file, 'utf8'));
    if (result === null) failed++;
    else ok.push(result);
  }
  return { ok, failed };
}

const int = (n: number | undefined): string => (n === undefined ? '—' : Math.round(n).toLocaleString('en-US'));
const fixed = (n: number | undefined, digits: number): string => (n === undefined || !Number.isFinite(n) ? '—' : n.toFixed(digits));
const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined || b === 0 ? '—' : `${(a / b).toFixed(2)}×`);

/** Left-aligns the first column and right-aligns the rest. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

interface Summary {
  qps?: number;
  lost: number;
  avgMs?: number;
  maxMs?: number;
  rounds: number;
  failed: number;
}

function summarise(dir: string): Summary {
  const { ok, failed } = runs(dir);
  const maxes = ok.map((r) => r.maxLatency * 1000);
  return {
    qps: median(ok.map((r) => r.qps)),
    lost: ok.reduce((sum, r) => sum + r.lost, 0),
    avgMs: median(ok.map((r) => r.avgLatency * 1000)),
    maxMs: maxes.length === 0 ? undefined : Math.max(...maxes),
    rounds: ok.length,
    failed,
  };
}

function throughputSection(res: string, meta: Map<string, string>): string {
  const rows: string[][] = [];
  for (const test of TESTS) {
    const nsd = summarise(join(res, 'tput', test, 'nsd'));
    for (const server of SERVERS) {
      const s = server === 'nsd' ? nsd : summarise(join(res, 'tput', test, server));
      if (s.rounds === 0 && s.failed === 0) continue;
      rows.push([
        `${test} ${server}`,
        int(s.qps),
        ratio(s.qps, nsd.qps),
        int(s.lost),
        fixed(s.avgMs, 3),
        ratio(s.avgMs, nsd.avgMs),
        fixed(s.maxMs, 1),
        s.failed > 0 ? `${s.failed} run(s) failed` : '',
      ]);
    }
  }
  if (rows.length === 0) return '';
  const rate =
    `udp-mix-rate: the udp mix offered at ${Number(meta.get('lat_qps')).toLocaleString('en-US')} queries/s to every server (dnsperf -Q), the servers running side by side ` +
    `and their runs interleaved (${meta.get('lat_rounds')} rounds): its avg ms ×NSD is latency at the same offered load`;
  return `Throughput, one core (server on core 0, dnsperf on core 1)\n${table(['test server', 'queries/s', '×NSD', 'lost', 'avg ms', '×NSD', 'max ms', ''], rows)}\n${rate}`;
}

function workersSection(res: string): string {
  const rows: string[][] = [];
  for (const server of ['nsd', 'edge']) {
    const cells = [1, 2].map((n) => {
      const dir = join(res, 'workers', `${server}-${n}`);
      return existsSync(join(dir, 'na')) ? undefined : summarise(dir);
    });
    const [one, two] = cells;
    if (one === undefined && two === undefined) {
      rows.push([server, 'n/a', 'n/a', 'n/a', 'n/a']);
      continue;
    }
    if ((one?.rounds ?? 0) === 0 && (two?.rounds ?? 0) === 0) continue;
    rows.push([
      server,
      one === undefined ? 'n/a' : int(one.qps),
      two === undefined ? 'n/a' : int(two.qps),
      one === undefined || two === undefined ? 'n/a' : ratio(two.qps, one.qps),
      two === undefined ? 'n/a' : int(two.lost + (one?.lost ?? 0)),
    ]);
  }
  if (rows.length === 0) return '';
  return `Processes, udp mix (servers unpinned: NSD server-count, edge --workers; dnsperf on core 1)\n${table(['server', '1 proc q/s', '2 procs q/s', 'growth', 'lost'], rows)}`;
}

function bigSection(res: string, meta: Map<string, string>): string {
  const prep = keyValues(join(res, 'big', 'prep'));
  if (prep.size === 0) return '';
  const figures = SERVERS.map((server) => {
    const rounds = roundFiles(join(res, 'big', server)).map(keyValues);
    const num = (k: string): number[] => rounds.map((r) => Number(r.get(k))).filter((n) => Number.isFinite(n));
    return { server, loadMs: median(num('load_ms')), listenMs: median(num('listen_ms')), rssKb: median(num('rss_kb')), rounds: rounds.length };
  });
  const nsd = figures[0]!;
  const knot = figures[1]!;
  const rows = figures
    .filter((f) => f.rounds > 0)
    .map((f) => [
      f.server,
      fixed(f.loadMs === undefined ? undefined : f.loadMs / 1000, 2),
      ratio(f.loadMs, nsd.loadMs),
      fixed(f.rssKb === undefined ? undefined : f.rssKb / 1024, 0),
      ratio(f.rssKb, knot.rssKb),
      f.listenMs === undefined ? '' : `listening at ${fixed(f.listenMs / 1000, 2)} s`,
    ]);
  const records = Number(meta.get('big_records')).toLocaleString('en-US');
  const compile = fixed(Number(prep.get('compile_ms')) / 1000, 2);
  const generate = fixed(Number(prep.get('generate_ms')) / 1000, 2);
  const sizes = `zone file ${fixed(Number(prep.get('zone_bytes')) / 1048576, 1)} MB, snapshot ${fixed(Number(prep.get('snapshot_bytes')) / 1048576, 1)} MB`;
  return (
    `Big zone, ${records} records (generated in ${generate} s; edge snapshot compiled in ${compile} s; ${sizes})\n` +
    table(['server', 'start→answer s', '×NSD', 'RSS MB', '×Knot', ''], rows)
  );
}


function isVerifySummary(value: unknown): value is VerifySummary {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['asked', 'answered', 'unanswered', 'mismatches', 'regressions'].every((k) => typeof v[k] === 'number') && typeof v.versions === 'object';
}

function reloadSection(res: string, meta: Map<string, string>): string {
  const dir = join(res, 'reload');
  if (!existsSync(dir)) return '';
  const reloadMeta = keyValues(join(dir, 'meta'));
  const qps = reloadMeta.get('qps') ?? '?';
  const perf = existsSync(join(dir, 'dnsperf.txt')) ? parseDnsperf(readFileSync(join(dir, 'dnsperf.txt'), 'utf8')) : null;
  let verify: VerifySummary | null = null;
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dir, 'verify.json'), 'utf8'));
    verify = isVerifySummary(parsed) ? parsed : null;
  } catch {
    verify = null;
  }
  const publish = existsSync(join(dir, 'publish-ms'))
    ? readFileSync(join(dir, 'publish-ms'), 'utf8').split('\n').filter((l) => l.trim() !== '').map(Number)
    : [];
  const versionsSeen = verify === null ? [] : Object.keys(verify.versions).map(Number).sort((a, b) => a - b);
  const rows: string[][] = [
    ['versions published', `${publish.length} of ${meta.get('reload_versions') ?? '?'}`],
    ['rename → served, median / max', publish.length === 0 ? '—' : `${int(median(publish))} / ${int(Math.max(...publish))} ms`],
    [
      'edge log lines "snapshots loaded" / "zone loaded"',
      `${reloadMeta.get('initial_loads') ?? '?'} / ${reloadMeta.get('loads') ?? '?'} (the start, then one per version)`,
    ],
    ['dnsperf sent / lost', perf === null ? 'dnsperf failed' : `${int(perf.sent)} / ${int(perf.lost)}`],
    ['dnsperf interrupted at stop', perf === null ? '—' : `${int(perf.sent - perf.completed - perf.lost)} (sent in the last 5 s, after every reload)`],
    ['dnsperf avg / max latency', perf === null ? '—' : `${fixed(perf.avgLatency * 1000, 3)} / ${fixed(perf.maxLatency * 1000, 1)} ms`],
    ['verifier answers / unanswered', verify === null ? 'verifier failed' : `${int(verify.answered)} / ${int(verify.unanswered)}`],
    ['verifier mismatches', verify === null ? '—' : int(verify.mismatches)],
    ['versions seen by the verifier', versionsSeen.length === 0 ? '—' : versionsSeen.join(',')],
    ['version went backwards', verify === null ? '—' : int(verify.regressions)],
  ];
  const examples = verify !== null && verify.examples.length > 0 ? `\nmismatch examples:\n  ${verify.examples.join('\n  ')}` : '';
  return `Reload under load (${Number(meta.get('reload_records')).toLocaleString('en-US')} records, edge on core 0, dnsperf -Q ${qps} on core 1)\n${table(['', ''], rows).split('\n').slice(2).join('\n')}${examples}`;
}

function main(res: string | undefined): number {
  if (res === undefined || !existsSync(res)) {
    process.stderr.write('usage: print-table RESULTS_DIR\n');
    return 2;
  }
  const meta = keyValues(join(res, 'meta'));
  const head =
    `Edge benchmark ${meta.get('date') ?? ''}: ${meta.get('rounds')} round(s) × ${meta.get('duration')} s per dnsperf run (dnsperf ${meta.get('dnsperf')}), ` +
    `${meta.get('cpus')} CPUs${meta.get('quick') === '1' ? ', QUICK' : ''}; load average at start ${meta.get('load_start') ?? '?'}, at end ${meta.get('load_end') ?? '?'}\n` +
    'queries/s and avg latency: median of rounds; lost: sum over rounds; max latency: max over rounds; ×NSD: edge or Knot ÷ NSD';
  const sections = [throughputSection(res, meta), workersSection(res), bigSection(res, meta), reloadSection(res, meta)].filter((s) => s !== '');
  process.stdout.write(`${[head, ...sections].join('\n\n')}\n`);
  return 0;
}

process.exitCode = main(process.argv[2]);
