// A DNS server to ask: an address and port, and the host name it was known by, if any.
import { isIP } from 'node:net';
import type { Name } from '../../shared/dns/name.js';
import { ValidationError } from '../errors/catalogue.js';

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

/** "IP", "IP:port", "[IPv6]" or "[IPv6]:port" (port 53 unless given) as a server address; ValidationError naming `field` otherwise. */
export function parseServerAddress(text: string, field: string): ServerAddress {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  const plain = /^([^:]+)(?::(\d{1,5}))?$/.exec(text);
  const [host, port] = bracketed !== null ? [bracketed[1]!, bracketed[2]] : plain !== null ? [plain[1]!, plain[2]] : isIP(text) === 6 ? [text, undefined] : ['', undefined];
  const number = port === undefined ? 53 : Number(port);
  if (isIP(host) === 0 || number < 1 || number > 65535) throw new ValidationError(field, text, `${field.replace(/^\//, '')} must be an IP address with an optional port: "192.0.2.53", "192.0.2.53:5353" or "[2001:db8::53]:53".`);
  // One spelling per IPv6 address (RFC 5952, as the URL parser writes it), so the same secondary cannot be added twice.
  return { host: isIP(host) === 6 ? new URL(`http://[${host}]/`).hostname.slice(1, -1) : host, port: number };
}
