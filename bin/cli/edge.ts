// `dnscove edge --snapshots DIR|URL --listen HOST:PORT [--workers N]`: the authoritative DNS server alone.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { KeyObject } from 'node:crypto';
import { parsePublicKeyPem } from '../../shared/feed/file-signature.js';
import { isEdgeWorker, runEdgeWorker, startEdgeCluster } from '../../edge/edge-cluster.js';
import type { ZoneSerial } from '../../shared/schemas/edges.js';
import { startEdge } from '../../edge/edge-server.js';
import { createLogger } from '../../shared/log.js';
import type { Logger } from '../../shared/log.js';
import { udpDescription } from '../../edge/server/native-udp.js';
import { createFeedHttp } from '../../edge/remote/feed-http.js';
import { startFeedClient } from '../../edge/remote/feed-client.js';
import { untilStopSignal } from '../../edge/stop-signal.js';
import { withProcessMetrics } from '../../edge/metrics/edge-metrics.js';
import { listenMetrics } from '../../edge/metrics/metrics-listener.js';
import type { MetricsListener } from '../../edge/metrics/metrics-listener.js';
import { Registry } from 'prom-client';
import { flagOrEnv, parseFlags, parseHostPort, UsageError } from './flags.js';
import { describeRrl, parseRrlFlags, RRL_FLAGS, RRL_USAGE } from './rrl-flags.js';
import { shareOf } from '../../edge/rrl/response-rate-limiter.js';
import type { RrlConfig } from '../../edge/rrl/response-rate-limiter.js';

export const USAGE =
  'usage: dnscove edge --snapshots DIR [--listen HOST:PORT] [--workers N] [--metrics HOST:PORT]\n' +
  '       dnscove edge --snapshots http(s)://CONTROL:PORT/ [--edge-key-file FILE] [--name NAME] --cache DIR --snapshot-pubkey FILE\n' +
  '                    [--listen HOST:PORT] [--workers N] [--metrics HOST:PORT]\n' +
  '       either with [--rrl-rate N] [--rrl-nxdomain-rate N] [--rrl-error-rate N] [--rrl-slip N]\n' +
  RRL_USAGE +
  '  the edge key from DNSCOVE_EDGE_KEY or --edge-key-file (mode 0600); --edge-key KEY works, but every local user sees it in ps\n' +
  '  (env DNSCOVE_SNAPSHOTS, DNSCOVE_DNS, DNSCOVE_EDGE_WORKERS, DNSCOVE_EDGE_METRICS, DNSCOVE_EDGE_KEY, DNSCOVE_EDGE_NAME,\n' +
  '   DNSCOVE_EDGE_CACHE, DNSCOVE_SNAPSHOT_PUBKEY; defaults 127.0.0.1:5353, one worker per core, no metrics listener)\n';

/** Where the zones come from: a local directory, or a control plane replicated into a cache directory. */
type Source =
  | { readonly kind: 'dir'; readonly dir: string }
  | {
      readonly kind: 'remote';
      readonly url: string;
      readonly edgeKey: string;
      /** The key was given with --edge-key, on a command line every local user can read. */
      readonly keyOnCommandLine: boolean;
      readonly name: string | undefined;
      readonly cacheDir: string;
      readonly publicKey: KeyObject;
    };

interface EdgeArgs {
  readonly source: Source;
  readonly host: string;
  readonly port: number;
  readonly workers: number;
  /** Where GET /metrics is served (Prometheus), if anywhere. */
  readonly metrics: { readonly host: string; readonly port: number } | undefined;
  /** Response rate limiting for the whole edge (each worker takes its share); undefined: off. */
  readonly rrl: RrlConfig | undefined;
}

function parseSource(flags: ReturnType<typeof parseFlags>): Source {
  const snapshots = flagOrEnv(flags, 'snapshots', 'DNSCOVE_SNAPSHOTS');
  if (snapshots === undefined) throw new UsageError('--snapshots DIR or URL is required');
  if (/^[^/]+:[0-9]{1,5}\/?$/.test(snapshots) && !existsSync(snapshots)) {
    throw new UsageError(`--snapshots "${snapshots}" looks like HOST:PORT; give a control plane as a URL: http://${snapshots.replace(/\/$/, '')}/`);
  }
  if (!/^https?:\/\//.test(snapshots)) return { kind: 'dir', dir: snapshots };
  try {
    new URL(snapshots);
  } catch {
    throw new UsageError(`--snapshots "${snapshots}" is not a URL`);
  }
  const keyOnCommandLine = flags.values.has('edge-key');
  const edgeKey = readEdgeKeyFile(flags.values.get('edge-key-file')?.at(-1)) ?? flagOrEnv(flags, 'edge-key', 'DNSCOVE_EDGE_KEY');
  const name = flagOrEnv(flags, 'name', 'DNSCOVE_EDGE_NAME');
  const cacheDir = flagOrEnv(flags, 'cache', 'DNSCOVE_EDGE_CACHE');
  const pubkeyFile = flagOrEnv(flags, 'snapshot-pubkey', 'DNSCOVE_SNAPSHOT_PUBKEY');
  if (edgeKey === undefined || cacheDir === undefined || pubkeyFile === undefined) {
    throw new UsageError('--snapshots URL needs an edge key (DNSCOVE_EDGE_KEY or --edge-key-file), --cache and --snapshot-pubkey (--name is optional: the key knows its name)');
  }
  let publicKey: KeyObject;
  try {
    publicKey = parsePublicKeyPem(readFileSync(pubkeyFile, 'utf8'));
  } catch (err) {
    throw new UsageError(`--snapshot-pubkey ${pubkeyFile}: ${(err as Error).message}`);
  }
  return { kind: 'remote', url: snapshots, edgeKey, keyOnCommandLine, name, cacheDir, publicKey };
}

/** The key in FILE (one line), refused when other users may read the file; undefined without FILE. */
function readEdgeKeyFile(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  let mode: number;
  let text: string;
  try {
    mode = statSync(file).mode & 0o777;
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--edge-key-file ${file}: ${(err as Error).message}`);
  }
  if ((mode & 0o077) !== 0) throw new UsageError(`--edge-key-file ${file} is readable by other users (mode 0${mode.toString(8)}): chmod 600 ${file}`);
  return text.trim();
}

function parseEdgeArgs(args: string[]): EdgeArgs {
  const flags = parseFlags(args, ['snapshots', 'listen', 'workers', 'metrics', 'edge-key', 'edge-key-file', 'name', 'cache', 'snapshot-pubkey', ...RRL_FLAGS]);
  if (flags.positional.length > 0) throw new UsageError(`unexpected argument "${flags.positional[0]}"`);
  const source = parseSource(flags);
  const listen = parseHostPort(flagOrEnv(flags, 'listen', 'DNSCOVE_DNS', '127.0.0.1:5353'));
  const workersText = flagOrEnv(flags, 'workers', 'DNSCOVE_EDGE_WORKERS', String(availableParallelism()));
  const workers = Number(workersText);
  if (!/^[0-9]{1,3}$/.test(workersText) || workers < 1) throw new UsageError(`--workers "${workersText}" is not a number from 1 to 999`);
  const metricsText = flagOrEnv(flags, 'metrics', 'DNSCOVE_EDGE_METRICS');
  const metrics = metricsText === undefined || metricsText === '' ? undefined : parseHostPort(metricsText);
  return { source, ...listen, workers, metrics, rrl: parseRrlFlags(flags) };
}

/**
 * Serves the snapshots in DIR (or, with a URL, the cache DIR kept replicated from that control
 * plane) until SIGINT or SIGTERM, then stops every worker and resolves 0. With --workers 1 the
 * edge runs in this process; with more, this process is the cluster primary (and, for a URL,
 * runs the replication) and each worker re-runs this command (and takes the worker branch).
 * Prints "edge listening on HOST:PORT (udp+tcp)" on stdout once every worker has loaded the
 * snapshots present at start and listens, so the time until that line is the load time; a
 * remote edge serves its cache from then on, whether or not the control plane is reachable.
 * A remote edge that the control plane refuses for good (key, name or public key wrong) with
 * nothing cached prints that reason on stderr and resolves 2.
 */
export async function runEdge(args: string[]): Promise<number> {
  let parsed: EdgeArgs;
  try {
    parsed = parseEdgeArgs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`dnscove edge: ${err.message}\n${USAGE}`);
    return 2;
  }
  const { source, host, port, workers, metrics } = parsed;
  const rrl = parsed.rrl === undefined ? {} : { rrl: shareOf(parsed.rrl, workers) };
  const snapshotsDir = source.kind === 'dir' ? source.dir : source.cacheDir;
  let log: Logger;
  try {
    log = createLogger();
  } catch (err) {
    process.stderr.write(`dnscove edge: ${(err as Error).message}\n`);
    return 2;
  }
  if (source.kind === 'remote' && source.keyOnCommandLine && !isEdgeWorker()) {
    log.warn('edge: the edge key is on the command line, where every local user can read it (ps); give it in DNSCOVE_EDGE_KEY or --edge-key-file instead');
  }
  if (isEdgeWorker()) {
    try {
      await runEdgeWorker({ snapshotsDir, host, log, ...rrl });
      return 0;
    } catch (err) {
      process.stderr.write(`dnscove edge: worker ${process.pid} cannot start: ${(err as Error).message}\n`);
      process.exit(1);
    }
  }
  let servedPort: number;
  let reload: (stems?: readonly string[]) => Promise<ZoneSerial[]>;
  let close: () => Promise<void>;
  let renderMetrics: () => Promise<string>;
  let metricsListener: MetricsListener | undefined;
  try {
    if (source.kind === 'remote') await mkdir(source.cacheDir, { recursive: true });
    if (workers === 1) {
      const edge = await startEdge({ snapshotsDir, host, port, log, ...rrl });
      const registry = withProcessMetrics(edge.metrics);
      servedPort = edge.udpPort;
      reload = (stems) => edge.reload(stems);
      close = () => edge.close();
      renderMetrics = () => registry.metrics();
    } else {
      const edges = await startEdgeCluster(workers, host, port, log);
      servedPort = edges.port;
      reload = (stems) => edges.reload(stems);
      close = () => edges.close();
      renderMetrics = () => edges.metrics();
    }
    if (metrics !== undefined) {
      metricsListener = await listenMetrics(metrics.host, metrics.port, renderMetrics, Registry.PROMETHEUS_CONTENT_TYPE, log).catch(async (err: unknown) => {
        await close();
        throw new Error(`metrics on ${metrics.host}:${metrics.port}: ${(err as Error).message}`, { cause: err });
      });
    }
  } catch (err) {
    process.stderr.write(`dnscove edge: cannot start: ${(err as Error).message}\n`);
    return 1;
  }
  const stopping = new AbortController();
  let refusedForGood: (reason: string) => void = () => undefined;
  const refused = new Promise<string>((resolve) => {
    refusedForGood = resolve;
  });
  const feed =
    source.kind === 'remote'
      ? startFeedClient({
          http: createFeedHttp({ baseUrl: source.url, edgeKey: source.edgeKey, publicKey: source.publicKey, stop: stopping.signal }),
          cacheDir: source.cacheDir,
          name: source.name,
          log,
          reload,
          onPermanentFailure: (reason) => refusedForGood(reason),
        })
      : undefined;
  const shown = host.includes(':') ? `[${host}]` : host;
  const from = source.kind === 'dir' ? source.dir : `${source.url} (cache ${source.cacheDir})`;
  const metricsAt = metricsListener === undefined || metrics === undefined ? '' : `, metrics at http://${metrics.host.includes(':') ? `[${metrics.host}]` : metrics.host}:${metricsListener.port}/metrics`;
  process.stdout.write(
    `edge listening on ${shown}:${servedPort} (udp+tcp; ${udpDescription}), ${workers} worker${workers === 1 ? '' : 's'}, ${describeRrl(parsed.rrl)}, snapshots from ${from}${metricsAt}\n`,
  );
  const reason = await Promise.race([untilStopSignal().then(() => undefined), refused]);
  // The held long-poll would keep this process alive for up to its 25 s: abort it.
  stopping.abort();
  feed?.close();
  await metricsListener?.close();
  await close();
  if (reason === undefined) return 0;
  // Nothing cached to serve and no way to get it: retrying forever would only answer REFUSED.
  process.stderr.write(`dnscove edge: ${reason}\n`);
  return 2;
}
