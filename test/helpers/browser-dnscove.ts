// Starts DNSCove as a user does (`node bin/dnscove.js start`) on free loopback ports with a temp data dir, for browser tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild } from './child-server.js';
import type { ChildServer } from './child-server.js';
import { waitUntil } from './wait-until.js';

/** A running `dnscove start`: its API base URL, its edge's DNS port, and how to stop it. */
export interface RunningDnscove {
  readonly url: string;
  readonly dnsPort: number;
  readonly server: ChildServer;
  /** Stops the process (SIGTERM, then SIGKILL) and removes its data dir. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Runs `node bin/dnscove.js start --http 127.0.0.1:0 --dns 127.0.0.1:0 --data <temp>` from the
 * project root and resolves once it has printed both addresses. Needs `npm run build` first
 * (bin/dnscove.js runs dist/, and the console is served from dist/console).
 */
export async function startDnscove(): Promise<RunningDnscove> {
  const dir = await mkdtemp(join(tmpdir(), 'dnscove-browser-'));
  // env(1) execs node in place (same PID, so stop() reaches it). The root hints point at a
  // closed loopback port: delegation and parity checks fail at once instead of leaving the machine.
  const server = await startChild('dnscove start', '/usr/bin/env', [
    'DNSCOVE_ROOT_HINTS=127.0.0.1:9',
    process.execPath,
    'bin/dnscove.js',
    'start',
    '--http',
    '127.0.0.1:0',
    '--dns',
    '127.0.0.1:0',
    '--data',
    dir,
  ]);
  let url = '';
  let dnsPort = 0;
  const stop = async (): Promise<void> => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(
      () => {
        if (server.exitStatus() !== null) throw new Error(`dnscove start exited: ${server.stderr()}`);
        url = /API: (http:\/\/127\.0\.0\.1:\d+)/.exec(server.stdout())?.[1] ?? '';
        dnsPort = Number(/DNS: 127\.0\.0\.1:(\d+)/.exec(server.stdout())?.[1] ?? 0);
        return url !== '' && dnsPort > 0;
      },
      { what: 'dnscove start to print its addresses', timeoutMs: 20_000 },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, dnsPort, server, stop };
}
