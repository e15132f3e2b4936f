// `dnscove start`: the embedded default — control plane and edge started together (the edge in a
// process of its own), data under ./data.
import { ConfigError, devModeExposed, loadControlConfig } from '../../control/config.js';
import { DEV_MODE_WARNING } from './dev-mode-warning.js';
import { nameserverWarning } from './nameserver-warning.js';
import type { ControlConfig } from '../../control/config.js';
import { udpDescription } from '../../edge/server/native-udp.js';
import { runEmbeddedEdgeWorker, startEmbeddedStack } from './embedded-stack.js';
import { isEdgeWorker } from '../../edge/edge-cluster.js';
import type { EmbeddedStack } from './embedded-stack.js';
import { flagOrEnv, parseFlags, parseHostPort, UsageError } from './flags.js';
import { describeUpdate, updateFlag } from './update-flag.js';
import { describeRrl, parseRrlFlags, RRL_FLAGS, RRL_USAGE } from './rrl-flags.js';
import type { RrlConfig } from '../../edge/rrl/response-rate-limiter.js';

export const USAGE = `usage: dnscove start [--http HOST:PORT] [--dns HOST:PORT] [--update HOST:PORT] [--data DIR] [--rrl-rate N] [--rrl-nxdomain-rate N] [--rrl-error-rate N] [--rrl-slip N]\n${RRL_USAGE}`;

/**
 * Runs the control plane (default 127.0.0.1:8080, DNSCOVE_HTTP) and the edge (default
 * 127.0.0.1:5353 UDP and TCP, DNSCOVE_DNS; a child process, so that the control plane's work
 * never delays an answer), with SQLite and snapshots under --data / DNSCOVE_DATA (default
 * ./data) and dev-mode mail unless SMTP_URL is set. Every publish reloads the edge before the
 * API call that caused it returns; an edge process that dies is started again. Port 0
 * picks a free port; the addresses actually bound are printed. Resolves with the exit code
 * once SIGINT or SIGTERM has stopped both servers.
 */
export async function runStart(args: string[]): Promise<number> {
  let dns: { host: string; port: number };
  let config: ControlConfig;
  let rrl: RrlConfig | undefined;
  try {
    const flags = parseFlags(args, ['http', 'dns', 'update', 'data', ...RRL_FLAGS]);
    if (flags.positional.length > 0) throw new UsageError(`unexpected argument "${flags.positional[0]}"`);
    const http = parseHostPort(flagOrEnv(flags, 'http', 'DNSCOVE_HTTP', '127.0.0.1:8080'));
    dns = parseHostPort(flagOrEnv(flags, 'dns', 'DNSCOVE_DNS', '127.0.0.1:5353'));
    const dataDir = flagOrEnv(flags, 'data', 'DNSCOVE_DATA', './data');
    rrl = parseRrlFlags(flags);
    config = loadControlConfig(process.env, { httpHost: http.host, httpPort: http.port, dataDir, ...updateFlag(flags) });
  } catch (err) {
    if (!(err instanceof UsageError || err instanceof ConfigError)) throw err;
    process.stderr.write(`dnscove start: ${err.message}\n${USAGE}`);
    return 2;
  }

  if (isEdgeWorker()) {
    try {
      await runEmbeddedEdgeWorker({ config, dns, ...(rrl === undefined ? {} : { rrl }) });
      return 0;
    } catch (err) {
      process.stderr.write(`dnscove start: the edge process ${process.pid} cannot start: ${(err as Error).message}\n`);
      return 1;
    }
  }

  let stack: EmbeddedStack;
  try {
    stack = await startEmbeddedStack({ config, dns, edgeProcess: 'own-process', ...(rrl === undefined ? {} : { rrl }) });
  } catch (err) {
    process.stderr.write(`dnscove start: ${(err as Error).message}\n`);
    return 1;
  }
  const { control, dnsPort } = stack;
  if (devModeExposed(config)) process.stderr.write(DEV_MODE_WARNING);
  const nsWarning = nameserverWarning(config);
  if (nsWarning !== undefined) process.stderr.write(nsWarning);

  const dnsHost = dns.host.includes(':') ? `[${dns.host}]` : dns.host;
  process.stdout.write(
    [
      'DNSCove is running.',
      `  console: ${control.url}/`,
      `  API: ${control.url}/api (OpenAPI at ${control.url}/api/openapi.json)`,
      `  DNS: ${dnsHost}:${dnsPort} (UDP and TCP; ${udpDescription}; ${describeRrl(rrl)})`,
      ...(control.update === undefined ? [] : [`  RFC 2136 updates (TSIG): ${describeUpdate(control.update)}`]),
      `  data: ${config.dataDir}`,
      '',
      config.devMode
        ? 'Log in in the console (dev mode: it shows the link), or with curl (the link is also returned as dev_token):'
        : 'Log in in the console or with curl (the magic link is mailed through SMTP_URL):',
      `  curl -s -X POST ${control.url}/api/auth/magic-link -H 'content-type: application/json' -d '{"email":"you@example.com"}'`,
      `  curl -s -X POST ${control.url}/api/auth/exchange -H 'content-type: application/json' -d '{"token":"<dev_token or the token in the link>"}'`,
      `  curl -s ${control.url}/api/zones -H 'authorization: Bearer <session>'`,
      '',
    ].join('\n'),
  );

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stdout.write(`dnscove start: ${signal}, stopping\n`);
  await stack.close();
  return 0;
}
