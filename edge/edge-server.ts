// The edge as a component: snapshot loader plus UDP and TCP listeners on one address.
// The CLI runs it alone; the control plane runs it in-process and calls reload() after publishing.
import { SnapshotLoader } from './loader.js';
import { createLogger } from '../shared/log.js';
import type { Logger } from '../shared/log.js';
import { listenTcp } from './server/tcp.js';
import type { TcpListener } from './server/tcp.js';
import { listenUdp, serveUdp } from './server/udp.js';
import type { UdpListener } from './server/udp.js';
import { createEdgeMetrics } from './metrics/edge-metrics.js';
import type { Registry } from 'prom-client';
import { ResponseRateLimiter } from './rrl/response-rate-limiter.js';
import { TransferKeys } from './transfer/transfer-keys.js';
import { createSignedAnswerer } from './transfer/signed-query.js';
import { TransferSlots } from './transfer/transfer-slots.js';
import type { RrlConfig } from './rrl/response-rate-limiter.js';
import type { ZoneSerial } from '../shared/schemas/edges.js';

export interface EdgeOptions {
  readonly snapshotsDir: string;
  readonly host: string;
  /** 0 picks one free port for both UDP and TCP. */
  readonly port: number;
  readonly log?: Logger;
  /** RFC 7766 §6.2.3 idle timeout; default 10 s. */
  readonly tcpIdleTimeoutMs?: number;
  /** Connections beyond this are closed on arrival; default 512. */
  readonly maxTcpConnections?: number;
  /** A UDP socket already bound to host:port (a cluster worker's, inherited from the primary); else one is bound here. */
  readonly udpFd?: number;
  /** Response rate limiting of UDP answers (this process's share of the rate); none when left out or when its rate is 0. */
  readonly rrl?: RrlConfig;
}

export interface EdgeServer {
  readonly udpPort: number;
  /** This edge's Prometheus metrics (edge/metrics/edge-metrics.ts). */
  readonly metrics: Registry;
  readonly tcpPort: number;
  /**
   * Reads the files of the zones with these stems now (all of the directory when none are given); resolves
   * when every one changed before the call is loaded or refused, with the serials then served (SnapshotLoader.reload).
   */
  reload(stems?: readonly string[]): Promise<ZoneSerial[]>;
  /** Stops listening and watching; resolves when the sockets are closed. Idempotent. */
  close(): Promise<void>;
}

const BIND_ATTEMPTS = 20;
/** Zone transfers streaming at once per process: each holds its zone's files (a million records: tens of MB) while it runs. */
const TRANSFER_SLOTS = 4;

/**
 * Loads every snapshot in `snapshotsDir`, then serves them on host:port over UDP and TCP.
 * Resolves once both sockets listen. With port 0, TCP binds a free port first and UDP binds
 * the same number, retrying with a new port if that UDP port is taken.
 */
export async function startEdge(options: EdgeOptions): Promise<EdgeServer> {
  const log = options.log ?? createLogger();
  const loader = new SnapshotLoader(options.snapshotsDir, log);
  await loader.start();
  const current = () => loader.table;
  const rrl = options.rrl === undefined || options.rrl.rate <= 0 ? undefined : new ResponseRateLimiter(options.rrl);
  const transfers = { snapshotsDir: options.snapshotsDir, keys: new TransferKeys(options.snapshotsDir, log), slots: new TransferSlots(TRANSFER_SLOTS) };
  const signed = createSignedAnswerer(transfers.keys, (err) => log.error('edge: internal fault answering a signed query', { err }));
  const tcpOptions = { idleTimeoutMs: options.tcpIdleTimeoutMs ?? 10_000, maxConnections: options.maxTcpConnections ?? 512, transfers, signed };
  let tcp: TcpListener | undefined;
  let udp: UdpListener | undefined;
  try {
    for (let attempt = 0; udp === undefined; attempt++) {
      tcp = await listenTcp(options.host, options.port, current, log, tcpOptions);
      const port = tcp.port;
      try {
        udp = options.udpFd === undefined ? await listenUdp(options.host, port, current, log, rrl, signed) : serveUdp(options.udpFd, current, log, rrl, signed);
      } catch (err) {
        await tcp.close();
        tcp = undefined;
        if (options.port !== 0 || attempt + 1 >= BIND_ATTEMPTS || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      }
    }
  } catch (err) {
    loader.close();
    throw err;
  }
  const tcpServer = tcp!;
  const udpListener = udp;
  let closing: Promise<void> | undefined;
  return {
    udpPort: udpListener.port,
    metrics: createEdgeMetrics(current, udpListener.implementation),
    tcpPort: tcpServer.port,
    reload: (stems) => loader.reload(stems),
    close() {
      closing ??= (async () => {
        loader.close();
        udpListener.close();
        await tcpServer.close();
      })();
      return closing;
    },
  };
}
