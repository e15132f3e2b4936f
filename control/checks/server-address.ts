// A DNS server to ask: an address and port, and the host name it was known by, if any.
import type { Name } from '../../shared/dns/name.js';

export interface ServerAddress {
  /** IPv4 or IPv6 address text (no brackets). */
  readonly host: string;
  readonly port: number;
  /** The NS host name (or root-hint name) this address belongs to. */
  readonly name?: Name;
}

/** "192.0.2.1:53", "[2001:db8::1]:53": for reasons and logs. */
export function formatServer(server: ServerAddress): string {
  const addr = server.host.includes(':') ? `[${server.host}]` : server.host;
  return `${addr}:${server.port}`;
}
