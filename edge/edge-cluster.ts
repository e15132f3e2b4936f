// The edge on every core: a primary process that forks worker processes (node:cluster), each a
// complete edge (loader, index, listeners) sharing the primary's UDP and TCP sockets.
//
// With the UDP addon, the primary binds the UDP socket and every worker inherits that one
// descriptor (as fd 4): the kernel hands each datagram to whichever worker is waiting, so load
// spreads however few clients there are (SO_REUSEPORT would hash each client to one process).
// Without it, node:cluster shares one dgram socket among the workers. TCP uses cluster's
// default round-robin policy: the primary accepts and hands each connection to a worker,
// which then owns it. Every worker loads every snapshot itself, so memory grows with the
// worker count; the workers share nothing but the sockets.
import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import dgram from 'node:dgram';
import net from 'node:net';
import { startEdge } from './edge-server.js';
import type { EdgeOptions, EdgeServer } from './edge-server.js';
import type { Logger } from '../shared/log.js';
import { bindUdp } from './server/udp.js';
import { udpAddon } from './server/native-udp.js';
import { untilStopSignal } from './stop-signal.js';
import { AggregatorRegistry } from 'prom-client';
import { withProcessMetrics } from './metrics/edge-metrics.js';
import type { ZoneSerial } from '../shared/schemas/edges.js';

/** Where a worker finds the inherited UDP socket: the stdio slot after the IPC channel. */
const WORKER_UDP_FD = 4;
/** How the primary tells a worker the port it bound (the command line may say 0). */
const WORKER_PORT_ENV = 'DNSCOVE_EDGE_WORKER_PORT';
const BIND_ATTEMPTS = 20;

/** What a worker tells the primary once its edge is serving (on the primary's port). */
interface ReadyMessage {
  readonly kind: 'edge-ready';
}

function isReadyMessage(value: unknown): value is ReadyMessage {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'edge-ready';
}

/** What the primary asks of every worker when files changed under them (remote edges): read these zones now. */
interface ReloadMessage {
  readonly kind: 'edge-reload';
  readonly id: number;
  /** Origins, or null for the whole directory. */
  readonly stems: readonly string[] | null;
}

/** A worker's answer: every file changed before the request is loaded or refused, and the serials it serves of those zones. */
interface ReloadedMessage {
  readonly kind: 'edge-reloaded';
  readonly id: number;
  readonly serials: readonly ZoneSerial[];
}

function isReloadMessage(value: unknown): value is ReloadMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { kind?: unknown; id?: unknown; stems?: unknown };
  return m.kind === 'edge-reload' && typeof m.id === 'number' && (m.stems === null || (Array.isArray(m.stems) && m.stems.every((o) => typeof o === 'string')));
}

function isReloadedMessage(value: unknown, id: number): value is ReloadedMessage {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'edge-reloaded' && (value as { id?: unknown }).id === id && Array.isArray((value as { serials?: unknown }).serials);
}

/**
 * What the edge serves of each zone, given every worker's answer: a zone some worker does not
 * serve is not served, and of different serials the lowest counts (that worker lags).
 */
export function mergeServedSerials(answers: readonly (readonly ZoneSerial[])[]): ZoneSerial[] {
  const merged = new Map<string, number | null>();
  for (const answer of answers) {
    for (const { zone, serial } of answer) {
      const seen = merged.get(zone);
      merged.set(zone, seen === undefined ? serial : seen === null || serial === null ? null : Math.min(seen, serial));
    }
  }
  return [...merged].map(([zone, serial]) => ({ zone, serial }));
}

export interface EdgeCluster {
  /** The port every worker serves (UDP and TCP). */
  readonly port: number;
  /**
   * Has every worker read the files of the zones with `stems` (all of the directory when none are
   * given); resolves when each has answered or exited, with the serials served (mergeServedSerials).
   * Workers watch the directory anyway; this is for a caller that must know when they serve a
   * change (a remote edge's report).
   */
  reload(stems?: readonly string[]): Promise<ZoneSerial[]>;
  /** The workers' metrics summed (serials: the highest), in the Prometheus text format. */
  metrics(): Promise<string>;
  /** Stops every worker (SIGTERM) and resolves when all have exited. Idempotent. */
  close(): Promise<void>;
}

/** True in a process forked by startEdgeCluster. */
export function isEdgeWorker(): boolean {
  return cluster.isWorker;
}

function tcpPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host, port }, () => probe.close(() => resolve(true)));
  });
}

/** The UDP socket the workers share: a descriptor they inherit (addon), or just the port they bind through node:cluster (dgram). */
interface SharedUdp {
  readonly fd: number | undefined;
  readonly port: number;
}

/** A port whose UDP and TCP twins were both free a moment ago, for workers that bind it themselves. */
async function freeDgramPort(host: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    const port = await new Promise<number>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: host, port: 0 }, () => resolve(socket.address().port));
    });
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    if (attempt >= BIND_ATTEMPTS || (await tcpPortFree(host, port))) return port;
  }
}

/** Binds the shared UDP socket; with port 0, on a number whose TCP port is free too. */
async function bindSharedUdp(host: string, port: number): Promise<SharedUdp> {
  if (udpAddon === undefined) return { fd: undefined, port: port === 0 ? await freeDgramPort(host) : port };
  for (let attempt = 1; ; attempt++) {
    const fd = await bindUdp(host, port);
    const bound = udpAddon.boundPort(fd);
    if (port !== 0 || attempt >= BIND_ATTEMPTS || (await tcpPortFree(host, bound))) return { fd, port: bound };
    udpAddon.closeFd(fd);
  }
}

export interface ClusterOptions {
  /**
   * Each worker accepts its TCP connections itself, instead of the primary accepting them and
   * handing them on: for a primary whose event loop does other work (`dnscove start`'s control
   * plane), whose pauses must not hold up connections. Set once per process, before any fork.
   */
  readonly workersAcceptTcp?: boolean;
}

/**
 * In the primary: binds host:port for UDP, forks `workers` processes running this same
 * command line, and resolves when every one has loaded the snapshots present at start and
 * listens. A worker that dies after that is replaced (logged as an error); one that fails
 * before it is ready rejects the start. With port 0 the primary picks the port.
 */
export async function startEdgeCluster(workers: number, host: string, requestedPort: number, log: Logger, options: ClusterOptions = {}): Promise<EdgeCluster> {
  const udp = await bindSharedUdp(host, requestedPort);
  if (options.workersAcceptTcp === true) cluster.schedulingPolicy = cluster.SCHED_NONE;
  // Asks each worker for its registry over the cluster channel when scraped.
  const aggregator = new AggregatorRegistry();
  const udpFd = udp.fd;
  cluster.setupPrimary({ stdio: ['inherit', 'inherit', 'inherit', 'ipc', ...(udpFd === undefined ? [] : [udpFd])] });
  const live = new Set<Worker>();
  let started = false;
  let closing: Promise<void> | undefined;
  const fork = (): Worker => {
    const worker = cluster.fork({ [WORKER_PORT_ENV]: String(udp.port) });
    live.add(worker);
    worker.once('exit', (code, signal) => {
      live.delete(worker);
      // Exit code 0 is a worker stopping on a signal sent to the whole process group.
      if (closing !== undefined || !started || code === 0) return;
      log.error('edge: a worker exited; starting a replacement', { pid: worker.process.pid, code, signal });
      fork();
    });
    return worker;
  };
  const stopWorkers = (): Promise<void> => {
    const exits = [...live].map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve()))));
    for (const worker of live) worker.process.kill('SIGTERM');
    return Promise.all(exits).then(() => undefined);
  };
  // Once only: it also runs for every worker that fails to start, and the descriptor number
  // may belong to another file after the first close.
  const close = (): Promise<void> => (closing ??= stopWorkers().then(() => (udpFd === undefined ? undefined : udpAddon?.closeFd(udpFd))));
  let reloads = 0;
  const reload = (stems?: readonly string[]): Promise<ZoneSerial[]> => {
    const id = ++reloads;
    const request: ReloadMessage = { kind: 'edge-reload', id, stems: stems === undefined ? null : [...stems] };
    const answers = [...live].map(
      (worker) =>
        new Promise<readonly ZoneSerial[]>((resolve) => {
          const onMessage = (message: unknown): void => {
            if (isReloadedMessage(message, id)) done(message.serials);
          };
          // A worker that exits answers nothing: its replacement loads everything anew.
          const done = (serials: readonly ZoneSerial[] = []): void => {
            worker.off('message', onMessage);
            worker.off('exit', exited);
            resolve(serials);
          };
          const exited = (): void => done();
          worker.on('message', onMessage);
          worker.once('exit', exited);
          if (worker.isConnected()) worker.send(request);
          else done();
        }),
    );
    return Promise.all(answers).then(mergeServedSerials);
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
          started = true;
          resolve({ port: udp.port, close, reload, metrics: () => aggregator.clusterMetrics() });
        }
      });
    }
  });
}

/**
 * In a worker: starts the edge on the primary's UDP socket and port, tells the primary it is
 * ready, and closes it on SIGTERM or SIGINT; resolves when closed. (A worker whose primary is
 * gone, killed without stopping it, exits on its own: node:cluster ends a worker whose IPC
 * channel closes unasked, so none keeps the port.) `processMetrics`
 * (default true) adds the worker's process metrics to what the primary collects; a primary
 * that shows its own (the control plane's) leaves them out, as their names would repeat.
 */
export async function runEdgeWorker(options: Omit<EdgeOptions, 'port' | 'udpFd'>, processMetrics = true): Promise<void> {
  const port = Number(process.env[WORKER_PORT_ENV]);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`${WORKER_PORT_ENV} is not set to the primary's port`);
  const edge: EdgeServer = await startEdge({ ...options, port, ...(udpAddon === undefined ? {} : { udpFd: WORKER_UDP_FD }) });
  // Constructing one makes prom-client answer the primary's requests for this worker's metrics.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([processMetrics ? withProcessMetrics(edge.metrics) : edge.metrics]);
  // Listening before telling the primary, so a stop that follows "ready" at once is not missed.
  const stopped = untilStopSignal();
  process.on('message', (message: unknown) => {
    if (!isReloadMessage(message)) return;
    void edge.reload(message.stems ?? undefined).then((serials) => {
      const answer: ReloadedMessage = { kind: 'edge-reloaded', id: message.id, serials };
      process.send?.(answer);
    });
  });
  const ready: ReadyMessage = { kind: 'edge-ready' };
  process.send?.(ready);
  await stopped;
  await edge.close();
  cluster.worker?.disconnect();
}
