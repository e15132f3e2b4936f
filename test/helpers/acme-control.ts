// A control plane and an edge in this process, wired as `dnscove start` wires them, for ACME integration tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadControlConfig } from '../../control/config.js';
import type { ControlConfig } from '../../control/config.js';
import type { RunningControl } from '../../control/control-server.js';
import { silentLogger } from '../../shared/log.js';
import { startEmbeddedStack } from '../../bin/cli/embedded-stack.js';

export interface AcmeStack {
  readonly control: RunningControl;
  /** The edge's port on 127.0.0.1 (UDP and TCP). */
  readonly dnsPort: number;
  /** Stops both and removes the data directory. */
  close(): Promise<void>;
}

/**
 * The stack `dnscove start` runs (startEmbeddedStack) over a fresh temp data dir: edge on
 * 127.0.0.1:0, control plane in dev mode on 127.0.0.1:0 with `overrides`; `now` replaces the clock.
 */
export async function startAcmeStack(overrides: Partial<ControlConfig> = {}, now?: () => Date): Promise<AcmeStack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnscove-acme-'));
  const config = loadControlConfig({}, { dataDir, httpHost: '127.0.0.1', httpPort: 0, devMode: true, ...overrides });
  const stack = await startEmbeddedStack({
    config,
    dns: { host: '127.0.0.1', port: 0 },
    controlLog: silentLogger,
    edgeLog: silentLogger,
    ...(now === undefined ? {} : { now }),
  });
  await stack.control.services.publisher.flush();
  return {
    control: stack.control,
    dnsPort: stack.dnsPort,
    async close() {
      try {
        await stack.close();
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
