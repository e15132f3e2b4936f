// `dnscove control`: runs the control plane alone until SIGINT or SIGTERM.
import { ConfigError, devModeExposed, loadControlConfig } from '../../control/config.js';
import type { ControlConfig } from '../../control/config.js';
import { DEV_MODE_WARNING } from './dev-mode-warning.js';
import { nameserverWarning } from './nameserver-warning.js';
import { startControl } from '../../control/control-server.js';
import type { RunningControl } from '../../control/control-server.js';
import { flagOrEnv, parseFlags, parseHostPort, UsageError } from './flags.js';
import { describeUpdate, updateFlag } from './update-flag.js';

export const USAGE = 'usage: dnscove control [--http HOST:PORT] [--update HOST:PORT] [--data DIR]\n' +
  'environment: DNSCOVE_HTTP, DNSCOVE_UPDATE, DNSCOVE_DATA, DNSCOVE_NS, SMTP_URL, DNSCOVE_DEV, DNSCOVE_PUBLIC_URL, DNSCOVE_SESSION_SECRET\n';

/** Starts the control plane, prints its URL and how to log in, and resolves with 0 once stopped by a signal. */
export async function runControl(args: string[]): Promise<number> {
  let config: ControlConfig;
  try {
    const flags = parseFlags(args, ['http', 'update', 'data']);
    if (flags.positional.length > 0) throw new UsageError(`unexpected argument ${flags.positional[0]}`);
    const http = parseHostPort(flagOrEnv(flags, 'http', 'DNSCOVE_HTTP', '127.0.0.1:8080'));
    config = loadControlConfig(process.env, { httpHost: http.host, httpPort: http.port, dataDir: flagOrEnv(flags, 'data', 'DNSCOVE_DATA', './data'), ...updateFlag(flags) });
  } catch (err) {
    if (!(err instanceof UsageError || err instanceof ConfigError)) throw err;
    process.stderr.write(`dnscove control: ${err.message}\n${USAGE}`);
    return 2;
  }
  let running: RunningControl;
  try {
    running = await startControl({ config });
  } catch (err) {
    // A busy port, an unwritable data directory: one line saying what, no stack trace.
    process.stderr.write(`dnscove control: cannot start: ${(err as Error).message}\n`);
    return 1;
  }
  if (devModeExposed(config)) process.stderr.write(DEV_MODE_WARNING);
  const nsWarning = nameserverWarning(config);
  if (nsWarning !== undefined) process.stderr.write(nsWarning);
  process.stdout.write(
    `DNSCove control plane on ${running.url} (data in ${config.dataDir})\n` +
      (running.update === undefined ? '' : `RFC 2136 updates (TSIG): ${describeUpdate(running.update)}\n`) +
      `Log in: curl -s -X POST ${running.url}/api/auth/magic-link -H 'Content-Type: application/json' -d '{"email":"you@example.com"}'\n` +
      (config.devMode
        ? '  dev mode: the answer carries dev_token and dev_link (also logged); exchange it with POST /api/auth/exchange {"token": ...}\n'
        : `  the link is mailed through ${config.smtpUrl ?? 'SMTP'}\n`) +
      `API description: ${running.url}/api/openapi.json\n`,
  );
  const control = running;
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void control.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
