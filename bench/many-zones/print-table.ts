// CLI: prints the many-zones benchmark's tables from the results directory bench/many-zones.sh fills.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDnsperf } from '../edge/dnsperf-result.js';
import type { DnsperfResult } from '../edge/dnsperf-result.js';

/** What latency-probe prints. */
interface ProbeSummary {
  readonly sent: number;
  readonly answered: number;
  readonly lost: number;
  readonly p999_ms: number;
  readonly max_ms: number;
}

/** What watch-change prints (or {failed: true} when the change was never served). */
interface ChangeResult {
  readonly served_ms?: number;
  readonly action_ms?: number;
  readonly failed?: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readJson(path: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return isRecord(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function probeOf(path: string): ProbeSummary | null {
  const j = readJson(path);
  if (j === null || typeof j.sent !== 'number' || typeof j.p999_ms !== 'number' || typeof j.max_ms !== 'number') return null;
  return j as unknown as ProbeSummary;
}

function changeOf(path: string): ChangeResult | null {
  const j = readJson(path);
  return j === null ? null : (j as ChangeResult);
}

function dnsperfOf(path: string): DnsperfResult | null {
  return existsSync(path) ? parseDnsperf(readFileSync(path, 'utf8')) : null;
}

/** "key value" lines → map (the value is the rest of the line). */
function keyValues(path: string): Map<string, string> {
  const map = new Map<string, string>();
  if (!existsSync(path)) return map;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) map.set(line.slice(0, space), line.slice(space + 1).trim());
  }
  return map;
}

const fixed = (v: number, digits: number): string => (Number.isFinite(v) ? v.toFixed(digits) : '—');
const ratio = (v: number | undefined, base: number | undefined): string =>
  v === undefined || base === undefined || !(base > 0) ? '—' : `${(v / base).toFixed(2)}×`;

/** Left-aligned text columns, right-aligned figures, a dashed rule under the header. */
function table(head: readonly string[], rows: readonly (readonly string[])[], leftColumns = 2): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

interface Start {
  readonly allMs: number;
  readonly lastMs: number;
  readonly rssKb: number;
  readonly loaderMs: number | undefined;
}

function startOf(dir: string): Start | undefined {
  const kv = keyValues(join(dir, 'start'));
  if (!kv.has('all_ms')) return undefined;
  const loader = kv.get('loader_ms');
  return {
    allMs: Number(kv.get('all_ms')),
    lastMs: Number(kv.get('last_ms')),
    rssKb: Number(kv.get('rss_kb')),
    loaderMs: loader === undefined || loader === '' ? undefined : Number(loader),
  };
}

function startSection(res: string, sizes: readonly string[], servers: readonly string[]): string {
  const rows: string[][] = [];
  for (const n of sizes) {
    const starts = new Map(servers.map((s) => [s, startOf(join(res, n, s))]));
    const nsd = starts.get('nsd');
    const knot = starts.get('knot');
    for (const s of servers) {
      const st = starts.get(s);
      if (st === undefined) {
        rows.push([Number(n).toLocaleString('en-US'), s, 'not run']);
        continue;
      }
      rows.push([
        Number(n).toLocaleString('en-US'),
        s,
        fixed(st.lastMs / 1000, 2),
        fixed(st.allMs / 1000, 2),
        ratio(st.allMs, nsd?.allMs),
        ratio(st.allMs, knot?.allMs),
        fixed(st.rssKb / 1024, 0),
        ratio(st.rssKb, nsd?.rssKb),
        ratio(st.rssKb, knot?.rssKb),
        st.loaderMs === undefined ? '' : `loader ${fixed(st.loaderMs / 1000, 2)} s`,
      ]);
    }
  }
  return (
    'Start → answered, and memory (server on core 0, spawned with every zone in place)\n' +
    table(['zones', 'server', 'last zone s', 'all s', '×NSD', '×Knot', 'RSS MB', '×NSD', '×Knot', ''], rows) +
    '\nlast zone s: spawn → the last zone\'s www A answered; all s: → it and the sample of other zones answered (ratios use this)\n' +
    'RSS: VmRSS summed over the server\'s process tree 1 s after all s (NSD counts pages its forked processes share once per process);\n' +
    'loader: the edge\'s own "snapshots loaded" time (reading, checking and indexing every snapshot)'
  );
}

function changeCell(c: ChangeResult | null): string {
  if (c === null) return '—';
  if (c.failed === true || c.served_ms === undefined) return 'not served';
  return `${fixed(c.served_ms, 1)} (${fixed(c.action_ms ?? NaN, 1)})`;
}

function changesSection(res: string, sizes: readonly string[], servers: readonly string[], meta: Map<string, string>): string {
  const rows: string[][] = [];
  for (const n of sizes) {
    for (const s of servers) {
      const dir = join(res, n, s);
      if (!existsSync(join(dir, 'start'))) continue;
      const base = probeOf(join(dir, 'base-probe.json'));
      const during = probeOf(join(dir, 'changes-probe.json'));
      const perfBase = dnsperfOf(join(dir, 'base-dnsperf.txt'));
      const perfDuring = dnsperfOf(join(dir, 'changes-dnsperf.txt'));
      const pair = (a: number | undefined, b: number | undefined, digits: number): string =>
        `${a === undefined ? '—' : fixed(a, digits)} / ${b === undefined ? '—' : fixed(b, digits)}`;
      const lost = [perfBase?.lost, perfDuring?.lost, base?.lost, during?.lost].map((v) => (v === undefined ? '?' : String(v)));
      rows.push([
        Number(n).toLocaleString('en-US'),
        s,
        changeCell(changeOf(join(dir, 'add.json'))),
        changeCell(changeOf(join(dir, 'change.json'))),
        changeCell(changeOf(join(dir, 'remove.json'))),
        pair(base?.p999_ms, during?.p999_ms, 2),
        pair(base?.max_ms, during?.max_ms, 1),
        pair(perfBase === null ? undefined : perfBase.maxLatency * 1000, perfDuring === null ? undefined : perfDuring.maxLatency * 1000, 1),
        `${lost[0]}/${lost[1]}  ${lost[2]}/${lost[3]}`,
      ]);
    }
  }
  return (
    `Changes under load (dnsperf -Q ${meta.get('load_qps')} and a probe at ${meta.get('probe_qps')} questions/s over random zones, both on core 1)\n` +
    table(
      ['zones', 'server', 'add ms', 'change ms', 'remove ms', 'probe p99.9 ms', 'probe max ms', 'dnsperf max ms', 'lost'],
      rows,
    ) +
    '\nadd/change/remove: ms from the start of the change until the first reply showing it (polled every 1 ms over UDP);\n' +
    '  in parentheses when the change itself had finished: the control command exited (nsd-control, knotc) or the rename/unlink returned (edge)\n' +
    `latency columns: baseline window (${meta.get('baseline')} s, no changes) / change window (the three changes, ${meta.get('settle')} s apart, with ${meta.get('settle')} s before and after);\n` +
    '  the probe times every one of its questions; dnsperf reports only its average and maximum\n' +
    'lost: dnsperf baseline/changes (no reply within 5 s)  probe baseline/changes (no reply within 1 s)'
  );
}

function main(res: string | undefined): number {
  if (res === undefined || !existsSync(join(res, 'meta'))) {
    process.stderr.write('usage: print-table RESULTS_DIR\n');
    return 2;
  }
  const meta = keyValues(join(res, 'meta'));
  const sizes = (meta.get('zones') ?? '').split(/\s+/).filter((s) => s !== '' && existsSync(join(res, s)));
  const servers = (meta.get('servers') ?? 'nsd knot edge').split(/\s+/).filter((s) => s !== '');
  const gen = sizes.map((n) => {
    const kv = keyValues(join(res, n, 'gen'));
    return `${Number(n).toLocaleString('en-US')} zones in ${fixed(Number(kv.get('generate_ms')) / 1000, 1)} s ` +
      `(zone files ${fixed(Number(kv.get('zone_bytes')) / 1e6, 1)} MB, snapshots ${fixed(Number(kv.get('snapshot_bytes')) / 1e6, 1)} MB)`;
  });
  const head =
    `Many-zones benchmark ${meta.get('date') ?? ''}: ${meta.get('cpus')} CPUs; load average at start ${meta.get('load_start') ?? '?'}, at end ${meta.get('load_end') ?? '?'}\n` +
    'NSD server-count 1, Knot udp-workers 1 / tcp-workers 1, edge --workers 1; 10 records per zone\n' +
    `generated: ${gen.join('; ')}`;
  process.stdout.write(`${[head, startSection(res, sizes, servers), changesSection(res, sizes, servers, meta)].join('\n\n')}\n`);
  return 0;
}

process.exitCode = main(process.argv[2]);
