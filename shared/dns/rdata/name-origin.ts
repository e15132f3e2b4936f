// How names in presentation RDATA resolve: zone files and the JSON API read them differently.
import { ROOT, type Name } from '../name.js';

/**
 * Where "@" and relative names in presentation text point. A zone file resolves both against
 * its origin (RFC 1035 §5.1); the JSON API reads every name as absolute, as Route 53 does
 * (`mail.example.net` is `mail.example.net.`), with "@" still the zone's apex.
 */
export interface NameOrigin {
  readonly apex: Name;
  readonly relativeTo: Name;
}

/** RFC 1035 master-file rules: relative names and "@" are both the origin. */
export function zoneFileOrigin(origin: Name): NameOrigin {
  return { apex: origin, relativeTo: origin };
}

/** JSON API rules: every name is absolute, trailing dot or not; "@" is the zone apex. */
export function absoluteNamesIn(apex: Name): NameOrigin {
  return { apex, relativeTo: ROOT };
}
