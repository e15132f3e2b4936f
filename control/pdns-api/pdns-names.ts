// Names as the PowerDNS API writes them: absolute with their trailing dot, and zone ids in its `=XX` escaping.
import { NameError, parseName, ROOT } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { PdnsError } from './pdns-error.js';

/**
 * Reads a name the API sends ("www.example.com."). PowerDNS insists on the trailing dot
 * ("is not canonical"), and so do we: a name without it would be read against some origin.
 */
export function parsePdnsName(text: string): Name {
  if (!text.endsWith('.')) throw new PdnsError(422, `DNS Name '${text}' is not canonical`);
  try {
    return parseName(text, ROOT);
  } catch (err) {
    if (err instanceof NameError) throw new PdnsError(422, `DNS Name '${text}' is not valid: ${err.message}`);
    throw err;
  }
}

const PLAIN = /[A-Za-z0-9.\-_]/;

/** The zone id PowerDNS gives a zone: its name with every other character written `=XX` (hex, upper case). */
export function pdnsZoneId(origin: Name): string {
  let out = '';
  for (const ch of origin) out += PLAIN.test(ch) ? ch : `=${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

/**
 * The zone name a path's zone id stands for: `=XX` decoded, and, as PowerDNS does, the
 * trailing dot optional ("example.com" finds "example.com."). Undefined when it names nothing.
 */
export function zoneNameFromId(id: string): Name | undefined {
  const decoded = id.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  try {
    return parseName(decoded.endsWith('.') ? decoded : `${decoded}.`, ROOT);
  } catch (err) {
    if (err instanceof NameError) return undefined;
    throw err;
  }
}
