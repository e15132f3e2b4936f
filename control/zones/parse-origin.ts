// Reads host names from the API (zone origins, nameserver names): at least two labels, IDNA input as A-labels.
import { domainToASCII } from 'node:url';
import { labelCount, NameError, parseName } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { ValidationError } from '../errors/catalogue.js';

/** A host-name label (RFC 952/1123) with the underscore service names use (RFC 8552): no hyphen at either end. */
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** What to tell someone whose host name looks like a URL or an address with a path. */
function urlHint(text: string, what: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+)/i.exec(text);
  return m === null ? undefined : `"${text}" is a URL; ${what} is its host name, "${m[1]!.toLowerCase()}"`;
}

/**
 * Parses an origin as the API accepts it: a host name such as "example.com" or "example.com."
 * (always absolute), letters, digits, hyphens and underscores between dots, case-folded to the
 * canonical Name. Internationalized input ("bücher.example") becomes its A-labels
 * ("xn--bcher-kva.example"). At least two labels are required, so nobody hosts a top-level
 * domain. Anything else throws ValidationError('origin') saying what is wrong.
 */
export function parseOrigin(text: string): Name {
  const origin = parseHostName(text, 'origin', 'the zone origin');
  // Catalog zones (control/secondaries/catalog-zone.ts) live there; a hosted zone must not shadow one.
  if (origin === 'catalog.invalid.' || origin.endsWith('.catalog.invalid.')) throw new ValidationError('origin', text, 'names under catalog.invalid are reserved for catalog zones');
  return origin;
}

/**
 * parseOrigin's rules for any host name the API takes; ValidationError(field) in words that
 * call it `what` ("the zone origin", "a nameserver name").
 */
export function parseHostName(text: string, field: string, what: string): Name {
  const fail = (why: string): never => {
    throw new ValidationError(field, text, why);
  };
  const hint = urlHint(text, what);
  if (hint !== undefined) fail(hint);
  const ascii = /^[\x00-\x7f]*$/.test(text) ? text : domainToASCII(text);
  if (ascii === '') fail(`"${text}" is not a valid internationalized domain name`);
  const bare = ascii.toLowerCase().replace(/\.$/, '');
  const labels = bare.split('.');
  for (const label of labels) {
    if (label === '') fail(`"${text}" has an empty label (two dots in a row, or a leading dot)`);
    if (label === '*') fail(`${what} cannot contain a wildcard label`);
    if (label.length > 63) fail(`the label "${label}" is longer than 63 characters`);
    if (!LABEL.test(label)) {
      const bad = [...label].find((c) => !/[a-z0-9_-]/.test(c));
      fail(bad === undefined ? `the label "${label}" starts or ends with a hyphen` : `"${text}" contains "${bad}": ${what} is a host name of letters, digits, hyphens and underscores between dots`);
    }
  }
  let origin: Name;
  try {
    origin = parseName(`${bare}.`);
  } catch (err) {
    if (err instanceof NameError) return fail(err.message);
    throw err;
  }
  if (labelCount(origin) < 2) fail(`${what} needs at least two labels, e.g. "example.com"`);
  return origin;
}
