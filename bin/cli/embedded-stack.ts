// The embedded default's wiring: an edge and a control plane in one process, every publish reloading the edge.
import { mkdir } from 'node:fs/promises';
import type { ControlConfig } from '../../control/config.js';
import { startControl } from '../../control/control-server.js';
import type { RunningControl, StartControlOptions } from '../../control/control-server.js';
import { startEdge } from '../../edge/edge-server.js';
import type { EdgeServer } from '../../edge/edge-server.js';
import type { RrlConfig } from '../../edge/rrl/response-rate-limiter.js';
import type { Logger as EdgeLogger } from '../../shared/log.js';
import { stemOfOrigin } from '../../shared/snapshot/snapshot-file.js';

export interface EmbeddedStack {
  readonly control: RunningControl;
  readonly edge: EdgeServer;
  /** Stops the control plane, then the edge. */
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  readonly config: ControlConfig;
  /** Where the edge listens (UDP and TCP); port 0 picks a free one. */
  readonly dns: { readonly host: string; readonly port: number };
  /** Response rate limiting of the edge's UDP answers; off when left out. */
  readonly rrl?: RrlConfig;
  readonly controlLog?: StartControlOptions['log'];
  readonly edgeLog?: EdgeLogger;
  /** The control plane's clock (tests). */
  readonly now?: () => Date;
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
  let edge: EdgeServer;
  try {
    edge = await startEdge({
      snapshotsDir: config.snapshotsDir,
      host: dns.host,
      port: dns.port,
      ...(options.edgeLog === undefined ? {} : { log: options.edgeLog }),
      ...(options.rrl === undefined ? {} : { rrl: options.rrl }),
    });
  } catch (err) {
    throw new Error(`cannot start the edge on ${dns.host}:${dns.port}: ${(err as Error).message}`, { cause: err });
  }
  let control: RunningControl;
  try {
    control = await startControl({
      config,
      onPublished: (origins) => edge.reload(origins?.map(stemOfOrigin)),
      metricsBeside: [edge.metrics],
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
    edge,
    async close() {
      await control.close();
      await edge.close();
    },
  };
}
