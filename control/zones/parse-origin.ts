// Reads a zone origin from the API: a valid absolute name of at least two labels.
import { labelCount, NameError, nameToLabels, parseName } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { ValidationError } from '../errors/catalogue.js';

/**
 * Parses an origin as the API accepts it: "example.com" or "example.com." (always absolute),
 * case-folded to the canonical Name. At least two labels are required, so nobody hosts a
 * top-level domain, and no label may be a wildcard "*". Throws ValidationError('origin').
 */
export function parseOrigin(text: string): Name {
  let origin: Name;
  try {
    origin = parseName(text.endsWith('.') ? text : `${text}.`);
  } catch (err) {
    if (err instanceof NameError) throw new ValidationError('origin', text, err.message);
    throw err;
  }
  if (labelCount(origin) < 2) throw new ValidationError('origin', text, 'a zone origin needs at least two labels, e.g. "example.com"');
  if (nameToLabels(origin).some((l) => l.length === 1 && l[0] === 0x2a)) {
    throw new ValidationError('origin', text, 'a zone origin cannot contain a wildcard label');
  }
  return origin;
}
