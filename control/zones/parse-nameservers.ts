// Reads a zone's own nameserver set from the API (`ns` on create and PATCH).
import { nameToApiText } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { ValidationError } from '../errors/catalogue.js';
import { parseHostName } from './parse-origin.js';

/**
 * Most names in one set: 13 NS names is what fits a classic 512-octet referral, and as many as
 * the root zone has.
 */
export const MAX_NAMESERVERS = 13;

/**
 * Parses `ns` as host names (absolute, trailing dot optional, IDNA as A-labels), in the order
 * given, the first becoming the SOA MNAME. Throws ValidationError('ns' or 'ns[i]') for an empty
 * list, more than MAX_NAMESERVERS, a name that is not a host name, or a repeated name.
 */
export function parseNameservers(values: readonly string[]): Name[] {
  if (values.length === 0) throw new ValidationError('ns', values, 'ns needs at least one nameserver name');
  if (values.length > MAX_NAMESERVERS) throw new ValidationError('ns', values, `ns takes at most ${MAX_NAMESERVERS} nameserver names`);
  const out: Name[] = [];
  values.forEach((text, i) => {
    const name = parseHostName(text, `ns[${i}]`, 'a nameserver name');
    if (out.includes(name)) throw new ValidationError(`ns[${i}]`, text, `${nameToApiText(name)} is listed twice`);
    out.push(name);
  });
  return out;
}
