// The delegation check: does the parent zone list our name servers for the origin?
import { nameToApiText } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { askServers, nsTarget } from './ask-servers.js';
import type { ServerAddress } from './server-address.js';
import type { FailureReason } from './ask-servers.js';
import { IterativeResolver } from './iterative-resolver.js';
import type { ResolverOptions } from './iterative-resolver.js';

/**
 * The outcome, named: all expected NS found, some, none (the parent has the name but no or
 * other NS), the parent says the name does not exist, or why the parent could not be asked.
 */
export type DelegationOutcome = 'delegated' | 'partly-delegated' | 'not-delegated' | 'nxdomain-at-parent' | FailureReason;

/** API.md's delegation object plus `outcome`, `parent` and a readable `detail`. Names without trailing dot. */
export interface DelegationResult {
  readonly origin: string;
  readonly delegated: boolean;
  readonly expected: readonly string[];
  readonly found: readonly string[];
  readonly missing: readonly string[];
  readonly checked_at: string;
  readonly outcome: DelegationOutcome;
  /** The zone whose servers answered (or failed), "." for the root; null when unknown. */
  readonly parent: string | null;
  readonly detail: string;
  /** The parent's DS records for the origin, compared with the zone's own; null when not asked or not answered. */
  readonly ds: DsAtParent | null;
}

export interface DsAtParent {
  readonly present: boolean;
  readonly matching: boolean;
  readonly found: readonly string[];
  /** The largest TTL among them, when there are some. */
  readonly ttl?: number;
}

/** A DS RDATA as `found` lists it: "key-tag algorithm digest-type DIGEST". */
export function dsText(rdata: Buffer): string {
  return `${rdata.readUInt16BE(0)} ${rdata[2]} ${rdata[3]} ${rdata.subarray(4).toString('hex').toUpperCase()}`;
}

export interface DelegationCheckInput {
  readonly origin: Name;
  /** Our name servers (config `nameservers`): what the parent should list. */
  readonly expected: readonly Name[];
  readonly resolver: ResolverOptions;
  readonly now?: () => Date;
  /** The DS RDATA of the zone's key, when it is signed: what the parent should hold. */
  readonly expectedDs?: readonly Buffer[];
}

/**
 * Resolves iteratively from the root hints to the parent zone's servers and asks them for the
 * origin's NS (RFC 1034 §4.2.2: the parent's copy of the delegation is what resolvers follow).
 * `found` is the NS set of the parent's referral (or of an authoritative answer when the
 * parent's servers also serve the origin); `delegated` is true when every expected name is in
 * it (extra names, such as the old provider's, do not prevent it). Timeouts, unreachable or
 * lame servers, SERVFAIL and NXDOMAIN at the parent give `delegated: false` with that
 * `outcome` and a `detail` naming the servers; this function never throws for them.
 * Read-only and idempotent; results may differ between calls only as the DNS changes.
 */
export async function checkDelegation(input: DelegationCheckInput): Promise<DelegationResult> {
  const resolver = new IterativeResolver(input.resolver);
  const walked = await resolver.walk(input.origin, RRType.NS, input.origin);
  const expected = [...new Set(input.expected)];
  const base = {
    origin: nameToApiText(input.origin),
    expected: expected.map(nameToApiText),
    checked_at: (input.now ?? (() => new Date()))().toISOString(),
  };
  const unresolved = (outcome: DelegationOutcome, parent: Name | null, detail: string): DelegationResult => ({
    ...base,
    delegated: false,
    found: [],
    missing: base.expected,
    outcome,
    parent: parent === null ? null : nameToApiText(parent),
    detail,
    ds: null,
  });
  if (walked.kind === 'failure') return unresolved(walked.reason, walked.zone, walked.detail);
  if (walked.kind === 'nxdomain') {
    return unresolved('nxdomain-at-parent', walked.zone, `the ${nameToApiText(walked.zone)} zone says ${nameToApiText(input.origin)} does not exist (NXDOMAIN)`);
  }
  let found: Name[];
  if (walked.kind === 'referral') {
    found = [...walked.ns];
  } else {
    found = walked.message.answer.filter((r) => r.type === RRType.NS && r.name === input.origin).map((r) => nsTarget(r.rdata));
  }
  found = [...new Set(found)];
  const missing = expected.filter((n) => !found.includes(n));
  const outcome: DelegationOutcome =
    found.length === 0 ? 'not-delegated' : missing.length === 0 && expected.length > 0 ? 'delegated' : missing.length < expected.length ? 'partly-delegated' : 'not-delegated';
  const parentText = nameToApiText(walked.zone);
  const detail =
    found.length === 0
      ? `the ${parentText} zone has no delegation for ${base.origin}`
      : `the ${parentText} zone lists ${found.map(nameToApiText).join(', ')}`;
  return {
    ...base,
    delegated: outcome === 'delegated',
    found: found.map(nameToApiText),
    missing: missing.map(nameToApiText),
    outcome,
    parent: parentText,
    detail,
    ds: found.length === 0 ? null : await dsAtParent(walked.servers, walked.zone, input.origin, input.expectedDs ?? [], input.resolver.timeoutMs ?? 2000),
  };
}

/** Asks the parent's servers for the origin's DS (RFC 4035 §3.1.4.1: the parent answers it) and compares it with the zone's. */
async function dsAtParent(servers: readonly ServerAddress[], parent: Name, origin: Name, expected: readonly Buffer[], timeoutMs: number): Promise<DsAtParent | null> {
  const asked = await askServers(servers, parent, origin, RRType.DS, timeoutMs);
  if (asked.kind !== 'ok') return null;
  const records = asked.message.answer.filter((r) => r.type === RRType.DS && r.name === origin && r.rdata.length > 4);
  return {
    present: records.length > 0,
    matching: records.some((r) => expected.some((e) => e.equals(r.rdata))),
    found: records.map((r) => dsText(r.rdata)),
    ...(records.length === 0 ? {} : { ttl: Math.max(...records.map((r) => r.ttl)) }),
  };
}
