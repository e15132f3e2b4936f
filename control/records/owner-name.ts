// Reads the owner name of a record change as Route 53 does: every name is absolute.
import { isSubdomain, NameError, nameToApiText, parseName, ROOT } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { ValidationError } from '../errors/catalogue.js';

/**
 * Parses `text` as an owner name inside the zone `origin`. "@" is the apex; any other name is
 * absolute whether or not it ends with a dot ("www.example.com" is "www.example.com."), so a
 * name is never silently moved under the zone. Throws ValidationError(field) for an invalid
 * name or one outside the zone; for a name that would be inside it as a relative name the
 * message gives the absolute one ("www" → "did you mean www.example.com?").
 */
export function parseOwnerName(text: string, origin: Name, field: string): Name {
  let name: Name;
  try {
    name = text === '@' ? origin : parseName(text, ROOT);
  } catch (err) {
    if (err instanceof NameError) throw new ValidationError(field, text, err.message);
    throw err;
  }
  if (!isSubdomain(name, origin)) {
    throw new ValidationError(field, text, `${nameToApiText(name)} is not inside the zone ${nameToApiText(origin)}; names in the API are absolute${suggestion(text, origin)}`);
  }
  return name;
}

/** "; did you mean www.example.com?" when `text` read relative to the zone is a valid name. */
function suggestion(text: string, origin: Name): string {
  if (text.endsWith('.')) return '';
  try {
    return `; did you mean ${nameToApiText(parseName(text, origin))}?`;
  } catch {
    return '';
  }
}
