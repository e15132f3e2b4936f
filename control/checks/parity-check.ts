// The parity check: do the zone's current authoritative servers answer what we hold, RRset by RRset?
import { compareNames, nameToApiText } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { formatRdata, parseRdata } from '../../shared/dns/rdata.js';
import { RRType, rrTypeToText } from '../../shared/dns/rr-type.js';
import { askServers, nsTarget, referralIn } from './ask-servers.js';
import type { FailureReason } from './ask-servers.js';
import type { DnsMessage, ResourceRecord } from '../../shared/dns/message.js';
import { IterativeResolver } from './iterative-resolver.js';
import type { ResolverOptions } from './iterative-resolver.js';
import { formatServer } from './server-address.js';
import { transferZone } from './zone-transfer.js';
import type { ServerAddress } from './server-address.js';

/** The default most RRsets one check compares. */
export const DEFAULT_PARITY_LIMIT = 1000;
const CONCURRENCY = 8;

/** One RRset we hold, values in presentation form (as the rrsets table stores them). */
export interface ParityRRset {
  readonly name: Name;
  readonly type: number;
  readonly ttl: number;
  readonly records: readonly string[];
}

/** One RRset whose values differ (or, with compareTtl, whose TTL differs); values sorted. */
export interface ParityMismatch {
  readonly name: string;
  readonly type: string;
  readonly theirs: readonly string[];
  readonly ours: readonly string[];
  readonly ttl_theirs: number | null;
  readonly ttl_ours: number | null;
  /** Why their side could not be read, when it could not (every server failed for this RRset). */
  readonly error?: string;
}

/** How the check went: compared, or why the authoritative servers could not be found. */
export type ParityOutcome = 'compared' | 'nxdomain-at-parent' | 'not-delegated' | FailureReason;

/** API.md's parity object plus the list of mismatches and how the check went. */
export interface ParityResult {
  readonly origin: string;
  readonly matches: boolean;
  readonly checked: number;
  readonly mismatched: number;
  readonly truncated: boolean;
  readonly checked_at: string;
  readonly outcome: ParityOutcome;
  readonly detail: string;
  /** The servers asked ("ns.example.net 192.0.2.1:53"). */
  readonly servers: readonly string[];
  /** RRsets we hold, less the apex SOA and apex NS, which differ by design after an import. */
  readonly total: number;
  readonly limit: number;
  readonly compare_ttl: boolean;
  /** RRsets whose values match but whose TTL differs (reported, not mismatches unless compare_ttl). */
  readonly ttl_differences: number;
  /**
   * Whether RRsets only they have could be looked for: `axfr` when a server allowed a zone
   * transfer (RRsets they serve and we lack are then mismatches with `ours: []`), otherwise
   * `unavailable` (asking name by name cannot find names we do not know).
   */
  readonly their_extras: 'axfr' | 'unavailable';
  readonly mismatches: readonly ParityMismatch[];
}

export interface ParityCheckInput {
  readonly origin: Name;
  readonly rrsets: readonly ParityRRset[];
  readonly resolver: ResolverOptions;
  /** Most RRsets compared in one check (DEFAULT_PARITY_LIMIT). */
  readonly limit?: number;
  /** Count TTL differences as mismatches. */
  readonly compareTtl?: boolean;
  /**
   * Our own name servers. While the parent lists them beside others (a move in progress), only
   * the others are asked: the point is to compare with the previous provider.
   */
  readonly ourNameservers?: readonly Name[];
  /** Try AXFR to find RRsets only they have (default true). */
  readonly zoneTransfer?: boolean;
  readonly now?: () => Date;
}

interface TheirSide {
  readonly records: readonly ResourceRecord[];
  readonly error?: string;
}

// Their RRset for (name, type) in a usable answer: the answer section when authoritative; from
// a referral (a delegation inside the zone), the cut's NS and the glue, as the parent holds them.
function theirRecords(message: DnsMessage, origin: Name, name: Name, type: number): ResourceRecord[] {
  const match = (r: ResourceRecord): boolean => r.name === name && r.type === type;
  if (message.aa) return message.answer.filter(match);
  const referral = referralIn(message, origin, name);
  if (referral === undefined) return [];
  if (type === RRType.NS) return message.authority.filter(match);
  return message.additional.filter(match);
}

async function askTheirs(servers: readonly ServerAddress[], origin: Name, set: ParityRRset, timeoutMs: number): Promise<TheirSide> {
  const asked = await askServers(servers, origin, set.name, set.type, timeoutMs);
  if (asked.kind === 'failure') return { records: [], error: `${asked.reason}: ${asked.detail}` };
  return { records: theirRecords(asked.message, origin, set.name, set.type) };
}

function canonicalValues(type: number, wires: readonly Buffer[]): string[] {
  return [...new Set(wires.map((w) => formatRdata(type, w)))].sort();
}

function compare(origin: Name, set: ParityRRset, theirs: TheirSide, compareTtl: boolean): { mismatch?: ParityMismatch; ttlDiffers: boolean } {
  // Both sides go through the same codec, so equal bytes (names lower-cased) mean equal values.
  const ours = canonicalValues(set.type, set.records.map((r) => parseRdata(set.type, r, origin)));
  const their = canonicalValues(set.type, theirs.records.map((r) => r.rdata));
  const ttlTheirs = theirs.records[0]?.ttl ?? null;
  const valuesDiffer = theirs.error !== undefined || ours.length !== their.length || ours.some((v, i) => v !== their[i]);
  const ttlDiffers = ttlTheirs !== null && ttlTheirs !== set.ttl;
  if (!valuesDiffer && !(compareTtl && ttlDiffers)) return { ttlDiffers };
  return {
    ttlDiffers,
    mismatch: {
      name: set.name,
      type: rrTypeToText(set.type),
      theirs: their,
      ours,
      ttl_theirs: ttlTheirs,
      ttl_ours: set.ttl,
      ...(theirs.error !== undefined ? { error: theirs.error } : {}),
    },
  };
}

// Types a transfer may carry that an imported zone never holds (DNSSEC, signed by the old provider).
const NOT_COMPARED = new Set([RRType.RRSIG, RRType.NSEC, RRType.DNSKEY, 50 /* NSEC3 */, 51 /* NSEC3PARAM */]);

/** RRsets a zone transfer shows they serve and we do not hold at all; undefined if no server allows AXFR. */
async function theirExtras(origin: Name, servers: readonly ServerAddress[], ours: readonly ParityRRset[], timeoutMs: number): Promise<ParityMismatch[] | undefined> {
  for (const server of servers) {
    const transfer = await transferZone(server, origin, timeoutMs * 5);
    if (transfer.kind !== 'zone') continue;
    const held = new Set(ours.map((s) => `${s.name} ${s.type}`));
    const groups = new Map<string, ResourceRecord[]>();
    for (const r of transfer.records) {
      if (NOT_COMPARED.has(r.type) || (r.name === origin && (r.type === RRType.SOA || r.type === RRType.NS))) continue;
      const key = `${r.name} ${r.type}`;
      if (!held.has(key)) groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    return [...groups.values()]
      .sort((a, b) => compareNames(a[0]!.name, b[0]!.name) || a[0]!.type - b[0]!.type)
      .map((records) => ({
        name: records[0]!.name,
        type: rrTypeToText(records[0]!.type),
        theirs: canonicalValues(records[0]!.type, records.map((r) => r.rdata)),
        ours: [],
        ttl_theirs: records[0]!.ttl,
        ttl_ours: null,
      }));
  }
  return undefined;
}

/** Our RRsets that a parity check compares: all but the apex SOA and apex NS, canonical order. */
export function comparableRRsets(origin: Name, rrsets: readonly ParityRRset[]): ParityRRset[] {
  return rrsets
    .filter((s) => !(s.name === origin && (s.type === RRType.SOA || s.type === RRType.NS)))
    .sort((a, b) => compareNames(a.name, b.name) || a.type - b.type);
}

/**
 * Finds the zone's current authoritative servers the way resolvers do (iteratively from the
 * root hints to the parent's delegation; glue or resolved addresses; our own servers left out
 * while others remain, see `ourNameservers`) and asks them, RRset by
 * RRset, for each RRset we hold — except the apex SOA and apex NS, which an imported zone
 * replaces by design. Values are compared as sets of canonical RDATA (order and name case do
 * not matter); TTL differences are counted in `ttl_differences` and are mismatches only with
 * `compareTtl`. At most `limit` RRsets (canonical order) are compared; `truncated` says more
 * exist. When a server allows AXFR, RRsets they serve and we lack entirely are mismatches
 * too (`their_extras: 'axfr'`). An RRset that every server fails to answer is a mismatch carrying `error`. When the
 * servers cannot be found at all, `outcome` says why and `matches` is false. Never throws for
 * network trouble; read-only; up to 8 queries in flight.
 */
export async function checkParity(input: ParityCheckInput): Promise<ParityResult> {
  const limit = input.limit ?? DEFAULT_PARITY_LIMIT;
  const compareTtl = input.compareTtl ?? false;
  const timeoutMs = input.resolver.timeoutMs ?? 2000;
  const resolver = new IterativeResolver(input.resolver);
  const comparable = comparableRRsets(input.origin, input.rrsets);
  const base = {
    origin: nameToApiText(input.origin),
    checked_at: (input.now ?? (() => new Date()))().toISOString(),
    total: comparable.length,
    limit,
    compare_ttl: compareTtl,
  };
  const failed = (outcome: ParityOutcome, detail: string): ParityResult => ({
    ...base,
    matches: false,
    checked: 0,
    mismatched: 0,
    truncated: comparable.length > 0,
    outcome,
    detail,
    servers: [],
    ttl_differences: 0,
    their_extras: 'unavailable',
    mismatches: [],
  });
  const walked = await resolver.walk(input.origin, RRType.NS, input.origin);
  if (walked.kind === 'failure') return failed(walked.reason, walked.detail);
  if (walked.kind === 'nxdomain') return failed('nxdomain-at-parent', `the ${nameToApiText(walked.zone)} zone says ${base.origin} does not exist`);
  let ns: Name[];
  let glue: readonly ResourceRecord[];
  if (walked.kind === 'referral') {
    ns = [...walked.ns];
    glue = walked.message.additional;
  } else {
    ns = walked.message.answer.filter((r) => r.type === RRType.NS && r.name === input.origin).map((r) => nsTarget(r.rdata));
    glue = walked.message.additional;
  }
  if (ns.length === 0) return failed('not-delegated', `no name servers are delegated ${base.origin}`);
  const theirsOnly = ns.filter((n) => !(input.ourNameservers ?? []).includes(n));
  if (theirsOnly.length > 0) ns = theirsOnly;
  const servers = await resolver.serversFor(ns, glue);
  if (servers.length === 0) return failed('no-servers', `no address found for ${ns.map(nameToApiText).join(', ')}`);

  const batch = comparable.slice(0, limit);
  const results: { mismatch?: ParityMismatch; ttlDiffers: boolean }[] = new Array(batch.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batch.length) {
      const i = next++;
      const set = batch[i]!;
      results[i] = compare(input.origin, set, await askTheirs(servers, input.origin, set, timeoutMs), compareTtl);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batch.length) }, worker));
  const mismatches = results.flatMap((r) => (r.mismatch === undefined ? [] : [r.mismatch]));
  const extras = input.zoneTransfer === false ? undefined : await theirExtras(input.origin, servers, input.rrsets, timeoutMs);
  if (extras !== undefined) mismatches.push(...extras);
  const truncated = comparable.length > batch.length;
  return {
    ...base,
    matches: mismatches.length === 0,
    checked: batch.length,
    mismatched: mismatches.length,
    truncated,
    outcome: 'compared',
    detail: `compared ${batch.length} of ${comparable.length} RRsets with ${ns.map(nameToApiText).join(', ')}`,
    servers: servers.map((s) => `${s.name === undefined ? '' : nameToApiText(s.name) + ' '}${formatServer(s)}`),
    ttl_differences: results.filter((r) => r.ttlDiffers).length,
    their_extras: extras === undefined ? 'unavailable' : 'axfr',
    mismatches,
  };
}
