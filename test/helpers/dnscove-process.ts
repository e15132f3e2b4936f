// DNSCove started the way a user starts it (`node bin/dnscove.js start`) on free loopback ports with a temp data dir.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild } from './child-server.js';
import type { ChildServer } from './child-server.js';
import { waitUntil } from './wait-until.js';

export interface DnscoveProcess {
  readonly apiUrl: string;
  readonly dnsPort: number;
  readonly dataDir: string;
  readonly server: ChildServer;
  /** Stops the process (SIGTERM, by PID) and removes its data directory (unless the caller gave it). */
  stop(): Promise<void>;
}

/**
 * Runs `node bin/dnscove.js start --http 127.0.0.1:0 --dns 127.0.0.1:0 --data <temp dir>`
 * (dist/ must be built) with `env` added to the environment, and waits for the addresses it
 * prints. With `dataDir` it uses (and keeps) that directory instead.
 */
export async function startDnscove(env: Readonly<Record<string, string>> = {}, given?: { dataDir: string }): Promise<DnscoveProcess> {
  const dataDir = given?.dataDir ?? (await mkdtemp(join(tmpdir(), 'dnscove-start-')));
  const removeData = (): Promise<void> => (given === undefined ? rm(dataDir, { recursive: true, force: true }) : Promise.resolve());
  const assignments = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const server = await startChild('dnscove start', 'env', [...assignments, process.execPath, 'bin/dnscove.js', 'start', '--http', '127.0.0.1:0', '--dns', '127.0.0.1:0', '--data', dataDir]);
  let apiUrl = '';
  let dnsPort = 0;
  const printed = waitUntil(
    () => {
      // An exit ends the wait at once; it is reported below rather than waited out.
      if (server.exitStatus() !== null) return true;
      apiUrl = /API: (http:\/\/127\.0\.0\.1:\d+)/.exec(server.stdout())?.[1] ?? '';
      dnsPort = Number(/DNS: 127\.0\.0\.1:(\d+)/.exec(server.stdout())?.[1] ?? 0);
      return apiUrl !== '' && dnsPort > 0;
    },
    { what: 'dnscove start to print its addresses', timeoutMs: 20_000 },
  );
  try {
    await printed;
  } catch (err) {
    await server.stop();
    await removeData();
    throw err;
  }
  if (server.exitStatus() !== null) {
    await removeData();
    throw new Error(`dnscove start exited: ${server.stdout()}${server.stderr()}`);
  }
  return {
    apiUrl,
    dnsPort,
    dataDir,
    server,
    async stop() {
      await server.stop();
      await removeData();
    },
  };
}
