// The embedded default's wiring: an edge and a control plane started together, every publish
// reloading the edge. `dnscove start` runs the edge in a process of its own, so that no pause
// of the control plane (a transaction of a million rows, a collection of a big heap) delays an
// answer; tests and library callers may keep it in this process.
import cluster from 'node:cluster';
import { mkdir } from 'node:fs/promises';
import type { ControlConfig } from '../../control/config.js';
import { startControl } from '../../control/control-server.js';
import type { RunningControl, StartControlOptions } from '../../control/control-server.js';
import { runEdgeWorker, startEdgeCluster } from '../../edge/edge-cluster.js';
import { startEdge } from '../../edge/edge-server.js';
import type { RrlConfig } from '../../edge/rrl/response-rate-limiter.js';
import { createLogger } from '../../shared/log.js';
import type { Logger as EdgeLogger } from '../../shared/log.js';
import { stemOfOrigin } from '../../shared/snapshot/snapshot-file.js';

export interface EmbeddedStack {
  readonly control: RunningControl;
  /** The port the edge serves (UDP and TCP). */
  readonly dnsPort: number;
  /** Stops the control plane, then the edge. */
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  readonly config: ControlConfig;
  /** Where the edge listens (UDP and TCP); port 0 picks a free one. */
  readonly dns: { readonly host: string; readonly port: number };
  /** Response rate limiting of the edge's UDP answers; off when left out. */
  readonly rrl?: RrlConfig;
  /**
   * `own-process`: the edge runs in a child process (node:cluster re-runs this command line,
   * which must call runEmbeddedEdgeWorker when isEdgeWorker()); `in-process` (the default) in
   * this one.
   */
  readonly edgeProcess?: 'in-process' | 'own-process';
  readonly controlLog?: StartControlOptions['log'];
  readonly edgeLog?: EdgeLogger;
  /** The control plane's clock (tests). */
  readonly now?: () => Date;
}

/** What the control plane needs of the edge, wherever it runs. */
interface EmbeddedEdge {
  readonly port: number;
  reload(stems?: readonly string[]): Promise<unknown>;
  metrics(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts the edge on the config's snapshot directory, then the control plane, whose every
 * publish reloads that edge before the API call that caused it returns. Throws an Error saying
 * which side could not start ("cannot start the edge on HOST:PORT: …" or "cannot start the
 * control plane: …"); when the control plane fails, the edge is stopped again.
 */
export async function startEmbeddedStack(options: EmbeddedOptions): Promise<EmbeddedStack> {
  const { config, dns } = options;
  // The data directory first and private (the control plane checks it is); snapshots go inside.
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  await mkdir(config.snapshotsDir, { recursive: true });
  let edge: EmbeddedEdge;
  try {
    edge = options.edgeProcess === 'own-process' ? await edgeInOwnProcess(options) : await edgeInThisProcess(options);
  } catch (err) {
    throw new Error(`cannot start the edge on ${dns.host}:${dns.port}: ${(err as Error).message}`, { cause: err });
  }
  let control: RunningControl;
  try {
    control = await startControl({
      config,
      onPublished: async (origins) => {
        await edge.reload(origins?.map(stemOfOrigin));
      },
      metricsBeside: [() => edge.metrics()],
      embeddedEdge: true,
      ...(options.controlLog === undefined ? {} : { log: options.controlLog }),
      ...(options.now === undefined ? {} : { now: options.now }),
    });
  } catch (err) {
    await edge.close();
    throw new Error(`cannot start the control plane: ${(err as Error).message}`, { cause: err });
  }
  return {
    control,
    dnsPort: edge.port,
    async close() {
      await control.close();
      await edge.close();
    },
  };
}

async function edgeInThisProcess(options: EmbeddedOptions): Promise<EmbeddedEdge> {
  const edge = await startEdge({
    snapshotsDir: options.config.snapshotsDir,
    host: options.dns.host,
    port: options.dns.port,
    ...(options.edgeLog === undefined ? {} : { log: options.edgeLog }),
    ...(options.rrl === undefined ? {} : { rrl: options.rrl }),
  });
  return { port: edge.udpPort, reload: (stems) => edge.reload(stems), metrics: () => edge.metrics.metrics(), close: () => edge.close() };
}

/** One edge worker process: it answers (UDP and TCP, accepting its own connections) while this process runs the control plane. */
async function edgeInOwnProcess(options: EmbeddedOptions): Promise<EmbeddedEdge> {
  if (!cluster.isPrimary) throw new Error('an edge worker cannot start an embedded stack');
  const edges = await startEdgeCluster(1, options.dns.host, options.dns.port, options.edgeLog ?? createLogger(), { workersAcceptTcp: true });
  return { port: edges.port, reload: (stems) => edges.reload(stems), metrics: () => edges.metrics(), close: () => edges.close() };
}

/** In the edge process of an `own-process` stack (same command line): serves the snapshot directory until stopped. */
export async function runEmbeddedEdgeWorker(options: Pick<EmbeddedOptions, 'config' | 'dns' | 'rrl' | 'edgeLog'>): Promise<void> {
  await runEdgeWorker(
    { snapshotsDir: options.config.snapshotsDir, host: options.dns.host, log: options.edgeLog ?? createLogger(), ...(options.rrl === undefined ? {} : { rrl: options.rrl }) },
    false,
  );
}
