// `dnscove edge --snapshots DIR --listen HOST:PORT [--workers N]`: the authoritative DNS server alone.
import { availableParallelism } from 'node:os';
import { isEdgeWorker, runEdgeWorker, startEdgeCluster } from '../../edge/edge-cluster.js';
import { startEdge } from '../../edge/edge-server.js';
import { createLogger } from '../../edge/log.js';
import { untilStopSignal } from '../../edge/stop-signal.js';
import { flagOrEnv, parseFlags, parseHostPort, UsageError } from './flags.js';

const USAGE =
  'usage: dnscove edge --snapshots DIR [--listen HOST:PORT] [--workers N]\n' +
  '  (env DNSCOVE_SNAPSHOTS, DNSCOVE_DNS, DNSCOVE_EDGE_WORKERS; defaults 127.0.0.1:5353, one worker per core)\n';

interface EdgeArgs {
  readonly snapshotsDir: string;
  readonly host: string;
  readonly port: number;
  readonly workers: number;
}

function parseEdgeArgs(args: string[]): EdgeArgs {
  const flags = parseFlags(args, ['snapshots', 'listen', 'workers']);
  const snapshotsDir = flagOrEnv(flags, 'snapshots', 'DNSCOVE_SNAPSHOTS');
  if (snapshotsDir === undefined) throw new UsageError('--snapshots DIR is required');
  if (/^https?:\/\//.test(snapshotsDir)) throw new UsageError('--snapshots over HTTP is not supported yet; give a directory');
  const listen = parseHostPort(flagOrEnv(flags, 'listen', 'DNSCOVE_DNS', '127.0.0.1:5353'));
  const workersText = flagOrEnv(flags, 'workers', 'DNSCOVE_EDGE_WORKERS', String(availableParallelism()));
  const workers = Number(workersText);
  if (!/^[0-9]{1,3}$/.test(workersText) || workers < 1) throw new UsageError(`--workers "${workersText}" is not a number from 1 to 999`);
  return { snapshotsDir, ...listen, workers };
}

/**
 * Serves the snapshots in DIR until SIGINT or SIGTERM, then stops every worker and resolves
 * 0. With --workers 1 the edge runs in this process; with more, this process is the cluster
 * primary and each worker re-runs this command (and takes the worker branch). Prints
 * "edge listening on HOST:PORT (udp+tcp)" on stdout once every worker has loaded the
 * snapshots present at start and listens, so the time until that line is the load time.
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
  const { snapshotsDir, host, port, workers } = parsed;
  const log = createLogger();
  if (isEdgeWorker()) {
    try {
      await runEdgeWorker({ snapshotsDir, host, log });
      return 0;
    } catch (err) {
      process.stderr.write(`dnscove edge: worker ${process.pid} cannot start: ${(err as Error).message}\n`);
      process.exit(1);
    }
  }
  let servedPort: number;
  let close: () => Promise<void>;
  try {
    if (workers === 1) {
      const edge = await startEdge({ snapshotsDir, host, port, log });
      servedPort = edge.udpPort;
      close = () => edge.close();
    } else {
      const edges = await startEdgeCluster(workers, host, port, log);
      servedPort = edges.port;
      close = () => edges.close();
    }
  } catch (err) {
    process.stderr.write(`dnscove edge: cannot start: ${(err as Error).message}\n`);
    return 1;
  }
  const shown = host.includes(':') ? `[${host}]` : host;
  process.stdout.write(`edge listening on ${shown}:${servedPort} (udp+tcp), ${workers} worker${workers === 1 ? '' : 's'}, snapshots from ${snapshotsDir}\n`);
  await untilStopSignal();
  await close();
  return 0;
}
