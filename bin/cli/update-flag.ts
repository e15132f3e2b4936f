// `--update HOST:PORT` of `dnscove start` and `dnscove control`: where RFC 2136 updates are
// taken (else DNSCOVE_UPDATE, read with the rest of the configuration; neither: nowhere).
import type { UpdateServer } from '../../control/dns-update/update-server.js';
import { parseHostPort } from './flags.js';
import type { ParsedFlags } from './flags.js';

/** The configuration override the flag gives, or none. Throws UsageError for a bad address. */
export function updateFlag(flags: ParsedFlags): { update?: { host: string; port: number } } {
  const text = flags.values.get('update')?.at(-1);
  return text === undefined ? {} : { update: parseHostPort(text) };
}

/** The address updates are taken on, for the start-up message. */
export function describeUpdate(update: UpdateServer): string {
  const host = update.host.includes(':') ? `[${update.host}]` : update.host;
  return update.udpPort === update.tcpPort ? `${host}:${update.udpPort} (UDP and TCP)` : `${host}:${update.udpPort} (UDP), ${update.tcpPort} (TCP)`;
}
