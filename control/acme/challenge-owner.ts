// Reads the `name` of a DNS-01 challenge: the `_acme-challenge` name itself or the domain it is for.
import { childName, isSubdomain, nameToLabels, NameError, parseName } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { ValidationError } from '../errors/catalogue.js';

/** The label DNS-01 puts in front of the validated domain (RFC 8555 §8.4). */
export const CHALLENGE_LABEL = '_acme-challenge';

/**
 * The owner name of the challenge TXT RRset for `text`, which is either the challenge name
 * ("_acme-challenge.www.example.com.") or the domain being validated ("www.example.com");
 * a trailing dot is optional. A wildcard domain ("*.example.com") is validated at the name
 * without "*." (RFC 8555 §8.4, "_acme-challenge.example.com."), so it shares that RRset with
 * the apex: the reason values merge. Throws ValidationError(field) for an invalid name or one
 * outside `origin`.
 */
export function challengeOwner(text: string, origin: Name, field: string): Name {
  let name: Name;
  try {
    name = parseName(text.endsWith('.') ? text : `${text}.`);
    if (text.startsWith('*.')) name = parseName(text.slice(2).endsWith('.') ? text.slice(2) : `${text.slice(2)}.`);
    if (!startsWithChallengeLabel(name)) name = childName(CHALLENGE_LABEL, name);
  } catch (err) {
    if (err instanceof NameError) throw new ValidationError(field, text, err.message);
    throw err;
  }
  if (!isSubdomain(name, origin)) {
    // Names here are absolute (the domain being validated, as ACME clients send it): a
    // relative "_acme-challenge" or "www" would name something outside every zone.
    throw new ValidationError(field, text, `${name} is not inside the zone ${origin}: give the name in full, e.g. "_acme-challenge.${origin}" or "${origin}"`);
  }
  return name;
}

/**
 * Whether an RRset is one an acme-dns01 credential may change: TXT at a name whose first label
 * is `_acme-challenge` (the rule of RFC 2136 keys and PowerDNS API tokens of that scope).
 */
export function isChallengeRRset(name: Name, type: number): boolean {
  return type === RRType.TXT && startsWithChallengeLabel(name);
}

function startsWithChallengeLabel(name: Name): boolean {
  const first = nameToLabels(name)[0];
  return first !== undefined && Buffer.from(first).toString('latin1') === CHALLENGE_LABEL;
}
