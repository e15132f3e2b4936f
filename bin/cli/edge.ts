// `dnscove edge --snapshots DIR --listen HOST:PORT`: the authoritative DNS server alone.
import { startEdge } from '../../edge/edge-server.js';
import { createLogger } from '../../edge/log.js';
import { flagOrEnv, parseFlags, parseHostPort, UsageError } from './flags.js';

const USAGE = 'usage: dnscove edge --snapshots DIR [--listen HOST:PORT]  (env DNSCOVE_SNAPSHOTS, DNSCOVE_DNS; default 127.0.0.1:5353)\n';

/**
 * Serves the snapshots in DIR until SIGINT or SIGTERM, then closes the sockets and resolves
 * 0. Prints "edge listening on HOST:PORT (udp+tcp)" on stdout once both sockets are bound.
 */
export async function runEdge(args: string[]): Promise<number> {
  let snapshotsDir: string | undefined;
  let listen: { host: string; port: number };
  try {
    const flags = parseFlags(args, ['snapshots', 'listen']);
    snapshotsDir = flagOrEnv(flags, 'snapshots', 'DNSCOVE_SNAPSHOTS');
    if (snapshotsDir === undefined) throw new UsageError('--snapshots DIR is required');
    if (/^https?:\/\//.test(snapshotsDir)) throw new UsageError('--snapshots over HTTP is not supported yet; give a directory');
    listen = parseHostPort(flagOrEnv(flags, 'listen', 'DNSCOVE_DNS', '127.0.0.1:5353'));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`dnscove edge: ${err.message}\n${USAGE}`);
    return 2;
  }
  const log = createLogger();
  let edge;
  try {
    edge = await startEdge({ snapshotsDir, host: listen.host, port: listen.port, log });
  } catch (err) {
    process.stderr.write(`dnscove edge: cannot start: ${(err as Error).message}\n`);
    return 1;
  }
  const shown = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  process.stdout.write(`edge listening on ${shown}:${edge.udpPort} (udp+tcp), snapshots from ${snapshotsDir}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await edge.close();
  return 0;
}
