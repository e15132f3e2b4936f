// The Route 53 import adapter: record-set JSON in, the RRsets plain DNS can serve out, the rest explained.
import { ROOT, childName, isSubdomain, parentName } from '../../../shared/dns/name.js';
import type { Name } from '../../../shared/dns/name.js';
import { RRType, rrTypeFromText } from '../../../shared/dns/rr-type.js';
import { RRsetCollector, replacedByDnscove, withoutCnameConflicts } from '../rrset-collector.js';
import type { ImportNote, ImportResult, SkippedRecord } from '../import-result.js';
import type { RRsetData } from '../../records/rrset-change.js';
import { Route53ImportError } from './route53-import-error.js';
import { decodeRoute53Name, octalToDecimalEscapes } from './route53-octal.js';
import { parseRoute53Input } from './route53-record-set.js';
import type { Route53RecordSet } from './route53-record-set.js';

export interface Route53ImportOptions {
  /** The zone's origin; needed when the input has no apex SOA (a change batch usually has none). */
  readonly origin?: Name;
}

/** Why a record set cannot be expressed in plain DNS, or undefined when it can. */
function unsupportedReason(rs: Route53RecordSet): string | undefined {
  if (rs.alias !== undefined) {
    return `alias record (AliasTarget ${rs.alias.dnsName} in ${rs.alias.hostedZoneId}): Route 53 resolves aliases itself and plain DNS cannot express them; add a CNAME or the target's A/AAAA values instead`;
  }
  if (rs.routing !== undefined) {
    return `${rs.routing.policy} record set (SetIdentifier "${rs.routing.setIdentifier}"): plain DNS has no routing policies; add the one value set you want to serve instead`;
  }
  if (rs.healthCheckId !== undefined) {
    return `health-checked record set (HealthCheckId ${rs.healthCheckId}): DNSCove does not run health checks`;
  }
  return undefined;
}

function findOrigin(sets: readonly Route53RecordSet[], given: Name | undefined): Name {
  const soas = sets.filter((rs) => rs.type.toUpperCase() === 'SOA' && rs.action !== 'DELETE');
  if (soas.length > 1) throw new Route53ImportError(`${soas.length} SOA record sets; a hosted zone has exactly one`);
  const soa = soas[0];
  if (soa === undefined) {
    if (given === undefined) throw new Route53ImportError('no SOA record set to take the origin from; pass the origin');
    return given;
  }
  let fromSoa: Name;
  try {
    fromSoa = decodeRoute53Name(soa.name);
  } catch (err) {
    throw new Route53ImportError(`the SOA name "${soa.name}" is not a valid name: ${(err as Error).message}`, { cause: err });
  }
  if (given !== undefined && given !== fromSoa) {
    throw new Route53ImportError(`the SOA is for ${fromSoa}, not for the origin ${given}`);
  }
  return fromSoa;
}

/**
 * Turns Route 53 record sets (see parseRoute53Input for the accepted shapes) into the RRsets
 * DNSCove will serve. Pure: nothing is stored. The origin is the apex SOA's name (or
 * `options.origin`). Every record set is either imported whole or listed in `skipped` with a
 * reason: names outside the origin, apex SOA and apex NS (replaced by ours), alias records,
 * every routing-policy set (SetIdentifier: weighted, latency, geolocation, geoproximity,
 * failover, multivalue answer, CIDR) and health-checked sets, DELETE changes, and unknown
 * types. Single values that the shared codecs reject are skipped one by one with the codec's
 * reason; the set's other values still import. SPF becomes TXT (RFC 7208 §3.1) and is listed
 * in `notes`. Names inside values are absolute, dot or not, as Route 53 reads them. Names decode Route 53's `\ooo` octal escapes, as do TXT/SPF values.
 * Throws Route53ImportError only when the input as a whole is unusable.
 * Example: a `\052.example.com.` A set imports as `*.example.com.` (a wildcard).
 */
export function importRoute53(input: unknown, options: Route53ImportOptions = {}): ImportResult {
  const parsed = parseRoute53Input(input);
  const origin = findOrigin(parsed.recordSets, options.origin);
  // Route 53 takes every name in a value as fully qualified, with or without the final dot.
  const collector = new RRsetCollector(ROOT);
  const skipped: SkippedRecord[] = [];
  const notes: ImportNote[] = [];
  // Alias and routing-policy sets: where one of their names ends up under an imported wildcard, say so.
  const notImported: { name: Name; type: string }[] = [];
  if (parsed.truncatedAfter !== undefined) {
    skipped.push({
      name: parsed.truncatedAfter,
      type: '',
      reason: `the listing is truncated (IsTruncated): record sets from ${parsed.truncatedAfter || 'the next page'} on are missing; list with the CLI's automatic pagination`,
    });
  }
  for (const rs of parsed.recordSets) {
    let name: Name;
    try {
      name = decodeRoute53Name(rs.name);
    } catch (err) {
      skipped.push({ name: rs.name, type: rs.type, reason: `invalid name: ${(err as Error).message}` });
      continue;
    }
    const skip = (reason: string): void => {
      skipped.push({ name, type: rs.type, reason });
    };
    if (rs.action === 'DELETE') {
      skip('DELETE change: nothing to import');
      continue;
    }
    if (!isSubdomain(name, origin)) {
      skip(`outside the zone ${origin}`);
      continue;
    }
    const type = rrTypeFromText(rs.type);
    if (type === undefined) {
      skip(`unknown record type "${rs.type}"`);
      continue;
    }
    const replaced = replacedByDnscove(name, type, origin);
    if (replaced !== undefined) {
      skip(replaced);
      continue;
    }
    const unsupported = unsupportedReason(rs);
    if (unsupported !== undefined) {
      skip(unsupported);
      notImported.push({ name, type: rs.type });
      continue;
    }
    if (rs.ttl === undefined) {
      skip('no TTL');
      continue;
    }
    if (rs.values.length === 0) {
      skip('no ResourceRecords values');
      continue;
    }
    const storedType = type === RRType.SPF ? RRType.TXT : type;
    if (type === RRType.SPF) {
      notes.push({ name, type: 'SPF', note: 'SPF record type is obsolete (RFC 7208 §3.1); imported as TXT' });
    }
    for (const value of rs.values) {
      const text = storedType === RRType.TXT ? route53Txt(value) : value;
      try {
        collector.add(name, storedType, rs.ttl, text);
      } catch (err) {
        skipped.push({ name, type: rs.type, reason: `value ${JSON.stringify(value)}: ${(err as Error).message}` });
      }
    }
  }
  const rrsets = withoutCnameConflicts(collector.rrsets(), skipped);
  return { origin, rrsets, skipped, notes: [...notes, ...wildcardNotes(notImported, rrsets, origin)] };
}

/**
 * For each name left out whose queries an imported wildcard would answer instead (RFC 4592
 * §3.3.1: the name does not exist, and its closest encloser has a `*` child), a note naming the
 * wildcard: the name answers with data its owner never set there.
 */
function wildcardNotes(left: readonly { name: Name; type: string }[], rrsets: readonly RRsetData[], origin: Name): ImportNote[] {
  const owners = new Set<Name>(rrsets.map((r) => r.name));
  // Every imported name and each ancestor up to the origin exists (empty non-terminals too).
  const existing = new Set<Name>();
  for (const owner of owners) for (let n: Name | null = owner; n !== null && isSubdomain(n, origin) && !existing.has(n); n = parentName(n)) existing.add(n);
  const notes: ImportNote[] = [];
  const noted = new Set<string>();
  for (const { name, type } of left) {
    if (existing.has(name) || noted.has(`${name} ${type}`)) continue;
    let encloser = parentName(name);
    while (encloser !== null && !existing.has(encloser) && isSubdomain(encloser, origin)) encloser = parentName(encloser);
    if (encloser === null || !existing.has(encloser)) continue;
    const wildcard = childName('*', encloser);
    if (!owners.has(wildcard)) continue;
    noted.add(`${name} ${type}`);
    notes.push({ name, type, note: `not imported (see skipped), and the imported wildcard ${wildcard} answers queries for this name instead` });
  }
  return notes;
}

/**
 * A Route 53 TXT value as presentation text: Route 53 writes each value as quoted strings with
 * `\ooo` octal escapes. A value without quotes is one text, as the records API reads it
 * (txtPresentation), its backslash escapes kept as Route 53 means them.
 */
function route53Txt(value: string): string {
  const decimal = octalToDecimalEscapes(value);
  return decimal.trimStart().startsWith('"') ? decimal : `"${decimal.replace(/"/g, '\\"')}"`;
}
