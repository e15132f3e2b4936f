// A control plane and an edge in this process, wired as `dnscove start` wires them, for ACME integration tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadControlConfig } from '../../control/config.js';
import type { ControlConfig } from '../../control/config.js';
import { startControl } from '../../control/control-server.js';
import type { RunningControl } from '../../control/control-server.js';
import { silentLogger } from '../../control/log.js';
import { startEdge } from '../../edge/edge-server.js';
import type { EdgeServer } from '../../edge/edge-server.js';
import { createLogger as createEdgeLogger } from '../../edge/log.js';

export interface AcmeStack {
  readonly control: RunningControl;
  readonly edge: EdgeServer;
  /** The edge's port on 127.0.0.1 (UDP and TCP). */
  readonly dnsPort: number;
  /** Stops both and removes the data directory. */
  close(): Promise<void>;
}

/**
 * Starts an edge on 127.0.0.1:0 over a fresh temp data dir, then a control plane (dev mode,
 * 127.0.0.1:0, `overrides` applied) whose every publish reloads that edge before the call
 * that caused it returns, exactly as `dnscove start` does. `now` replaces the clock.
 */
export async function startAcmeStack(overrides: Partial<ControlConfig> = {}, now?: () => Date): Promise<AcmeStack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnscove-acme-'));
  const config = loadControlConfig({}, { dataDir, httpHost: '127.0.0.1', httpPort: 0, devMode: true, ...overrides });
  fs.mkdirSync(config.snapshotsDir, { recursive: true });
  const edge = await startEdge({ snapshotsDir: config.snapshotsDir, host: '127.0.0.1', port: 0, log: createEdgeLogger(() => undefined) });
  const control = await startControl({ config, log: silentLogger, onPublished: () => edge.reload(), ...(now === undefined ? {} : { now }) });
  await control.services.publisher.flush();
  return {
    control,
    edge,
    dnsPort: edge.udpPort,
    async close() {
      try {
        await control.close();
        await edge.close();
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
