// Root hints: where iterative resolution starts (DNSCOVE_ROOT_HINTS, or the real root servers).
import net from 'node:net';
import { parseName } from '../../shared/dns/name.js';
import type { ServerAddress } from './server-address.js';

/** The IANA root servers a.root-servers.net … m.root-servers.net (IPv4), from the root hints file. */
const IANA_ROOTS: readonly string[] = [
  '198.41.0.4', '170.247.170.2', '192.33.4.12', '199.7.91.13', '192.203.230.10', '192.5.5.241', '192.112.36.4',
  '198.97.190.53', '192.36.148.17', '192.58.128.30', '193.0.14.129', '199.7.83.42', '202.12.27.33',
];

export const DEFAULT_ROOT_HINTS: readonly ServerAddress[] = IANA_ROOTS.map((host, i) => ({
  host,
  port: 53,
  name: parseName(`${String.fromCharCode(0x61 + i)}.root-servers.net.`),
}));

/** Thrown for a DNSCOVE_ROOT_HINTS value that cannot be read. */
export class RootHintsError extends Error {
  override name = 'RootHintsError';
}

function parseAddress(text: string, entry: string): { host: string; port: number } {
  let host = text;
  let port = 53;
  const bracketed = /^\[([^\]]+)\](?::([0-9]+))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1]!;
    if (bracketed[2] !== undefined) port = Number(bracketed[2]);
  } else if (!net.isIPv6(text)) {
    const colon = text.lastIndexOf(':');
    if (colon >= 0) {
      host = text.slice(0, colon);
      port = Number(text.slice(colon + 1));
    }
  }
  if (net.isIP(host) === 0) throw new RootHintsError(`root hints: "${entry}": "${host}" is not an IP address`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RootHintsError(`root hints: "${entry}": bad port`);
  return { host, port };
}

/**
 * Reads root hints: a comma-separated list of `address[:port]` or `name=address[:port]`
 * entries ("127.0.0.5:53", "a.root=127.0.0.5:53,b.root=[::1]:5300"); the port defaults to 53.
 * Empty or undefined text gives the real root servers. Throws RootHintsError naming the entry.
 */
export function parseRootHints(text: string | undefined): ServerAddress[] {
  if (text === undefined || text.trim() === '') return [...DEFAULT_ROOT_HINTS];
  return text.split(',').map((raw) => {
    const entry = raw.trim();
    const eq = entry.indexOf('=');
    const addr = parseAddress(eq >= 0 ? entry.slice(eq + 1) : entry, entry);
    if (eq < 0) return addr;
    try {
      return { ...addr, name: parseName(entry.slice(0, eq).endsWith('.') ? entry.slice(0, eq) : `${entry.slice(0, eq)}.`) };
    } catch (err) {
      throw new RootHintsError(`root hints: "${entry}": ${(err as Error).message}`);
    }
  });
}
