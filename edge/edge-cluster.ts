// The edge on every core: a primary process that forks worker processes (node:cluster), each a
// complete edge (loader, index, listeners) sharing the primary's UDP and TCP sockets.
//
// Node 20 has no SO_REUSEPORT for dgram, so the workers share one UDP socket handle that the
// primary created: the kernel wakes whichever worker is waiting, and receiving spreads across
// processes. TCP uses cluster's default round-robin policy: the primary accepts and hands each
// connection to a worker, which then owns it. Every worker loads every snapshot itself, so
// memory grows with the worker count; the workers share nothing but the sockets.
import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import { startEdge } from './edge-server.js';
import type { EdgeOptions, EdgeServer } from './edge-server.js';
import type { Logger } from './log.js';
import { untilStopSignal } from './stop-signal.js';

/** What a worker tells the primary once its edge is serving. */
interface ReadyMessage {
  readonly kind: 'edge-ready';
  readonly port: number;
}

function isReadyMessage(value: unknown): value is ReadyMessage {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'edge-ready' && typeof (value as { port?: unknown }).port === 'number';
}

export interface EdgeCluster {
  /** The port every worker serves (UDP and TCP). */
  readonly port: number;
  /** Stops every worker (SIGTERM) and resolves when all have exited. Idempotent. */
  close(): Promise<void>;
}

/** True in a process forked by startEdgeCluster. */
export function isEdgeWorker(): boolean {
  return cluster.isWorker;
}

/**
 * In the primary: forks `workers` processes running this same command line and resolves when
 * every one has loaded the snapshots present at start and listens. A worker that dies after
 * that is replaced (logged as an error); one that fails before it is ready rejects the start.
 * With port 0 the workers agree on one free port (cluster hands out one socket per address).
 */
export function startEdgeCluster(workers: number, log: Logger): Promise<EdgeCluster> {
  const live = new Set<Worker>();
  let stopping = false;
  let port = -1;
  const fork = (): Worker => {
    const worker = cluster.fork();
    live.add(worker);
    worker.once('exit', (code, signal) => {
      live.delete(worker);
      // Exit code 0 is a worker stopping on a signal sent to the whole process group.
      if (stopping || port < 0 || code === 0) return;
      log.error('edge: a worker exited; starting a replacement', { pid: worker.process.pid, code, signal });
      fork();
    });
    return worker;
  };
  const close = (): Promise<void> => {
    stopping = true;
    const exits = [...live].map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve()))));
    for (const worker of live) worker.process.kill('SIGTERM');
    return Promise.all(exits).then(() => undefined);
  };
  return new Promise((resolve, reject) => {
    let ready = 0;
    // The first worker to fail names the cause; the others exit because close() stops them.
    let failure: Error | undefined;
    for (let i = 0; i < workers; i++) {
      const worker = fork();
      const onExit = (code: number | null): void => {
        failure ??= new Error(`edge: worker ${worker.process.pid} exited (code ${code}) before it was ready`);
        void close().then(() => reject(failure));
      };
      worker.once('exit', onExit);
      worker.on('message', (message: unknown) => {
        if (!isReadyMessage(message)) return;
        worker.off('exit', onExit);
        if (++ready === workers) {
          port = message.port;
          resolve({ port, close });
        }
      });
    }
  });
}

/**
 * In a worker: starts the edge, tells the primary it is ready, and closes it on SIGTERM or
 * SIGINT; resolves when closed.
 */
export async function runEdgeWorker(options: EdgeOptions): Promise<void> {
  const edge: EdgeServer = await startEdge(options);
  // Listening before telling the primary, so a stop that follows "ready" at once is not missed.
  const stopped = untilStopSignal();
  const ready: ReadyMessage = { kind: 'edge-ready', port: edge.udpPort };
  process.send?.(ready);
  await stopped;
  await edge.close();
  cluster.worker?.disconnect();
}
