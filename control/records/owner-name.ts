// Reads the owner name of a record change: relative, absolute, or the origin without its dot.
import { isSubdomain, nameToApiText, NameError, parseName } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { ValidationError } from '../errors/catalogue.js';

/**
 * Parses `text` as an owner name inside the zone `origin`. "@" is the apex; a name with a
 * trailing dot is absolute; a name without one is absolute when it ends with the origin (so
 * "www.example.com" means what Route53 users expect) and relative to the origin otherwise
 * ("www" → "www.example.com."). Throws ValidationError(field) for an invalid name or one
 * outside the zone.
 */
export function parseOwnerName(text: string, origin: Name, field: string): Name {
  let name: Name;
  try {
    name = parseName(looksAbsolute(text, origin) ? `${text}.` : text, origin);
  } catch (err) {
    if (err instanceof NameError) throw new ValidationError(field, text, err.message);
    throw err;
  }
  if (!isSubdomain(name, origin)) {
    throw new ValidationError(field, text, `${name} is not inside the zone ${origin}`);
  }
  return name;
}

function looksAbsolute(text: string, origin: Name): boolean {
  if (text.endsWith('.')) return false;
  const lower = text.toLowerCase();
  const apex = nameToApiText(origin);
  return lower === apex || lower.endsWith(`.${apex}`);
}
