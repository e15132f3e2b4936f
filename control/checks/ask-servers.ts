// Asks a zone's servers in turn until one gives a usable answer, classifying every failure.
import { isSubdomain, readWireName } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { exchange } from './dns-exchange.js';
import { Rcode } from '../../shared/dns/rcode.js';
import type { DnsMessage } from '../../shared/dns/message.js';
import { formatServer } from './server-address.js';
import type { ServerAddress } from './server-address.js';

/** Why one server gave no usable answer. `lame`: it answers, but not for the zone (RFC 1912 §2.8). */
export type ServerFailureKind = 'timeout' | 'unreachable' | 'malformed' | 'servfail' | 'refused' | 'lame';

export interface ServerFailure {
  readonly server: string;
  readonly kind: ServerFailureKind;
  readonly detail: string;
}

/** Why a whole step of resolution failed; `loop` and `no-servers` come from the walk itself. */
export type FailureReason = 'timeout' | 'unreachable' | 'malformed' | 'servfail' | 'lame' | 'loop' | 'no-servers';

/** A resolution step that failed on every server, with each server's own reason. */
export interface ResolutionFailure {
  readonly kind: 'failure';
  readonly reason: FailureReason;
  /** The zone whose servers failed. */
  readonly zone: Name;
  readonly detail: string;
  readonly failures: readonly ServerFailure[];
}

export type AskResult = { readonly kind: 'ok'; readonly server: ServerAddress; readonly message: DnsMessage } | ResolutionFailure;

/** The referral in a response: the NS RRset of a cut below `zone` that covers `qname`, if any. */
export function referralIn(message: DnsMessage, zone: Name, qname: Name): { cut: Name; ns: Name[] } | undefined {
  const nsRecords = message.authority.filter((r) => r.type === RRType.NS);
  const cut = nsRecords[0]?.name;
  if (cut === undefined || cut === zone || !isSubdomain(cut, zone) || !isSubdomain(qname, cut)) return undefined;
  return { cut, ns: nsRecords.filter((r) => r.name === cut).map((r) => nsTarget(r.rdata)) };
}

/** The host name inside NS RDATA (stored uncompressed and lower-cased by parseMessage). */
export function nsTarget(rdata: Buffer): Name {
  return readWireName(rdata, 0).name;
}

function classify(message: DnsMessage, zone: Name, qname: Name): { kind: ServerFailureKind; detail: string } | undefined {
  if (message.rcode === Rcode.ServFail) return { kind: 'servfail', detail: 'SERVFAIL' };
  if (message.rcode === Rcode.Refused) return { kind: 'refused', detail: `REFUSED (does not serve ${zone})` };
  if (message.rcode === Rcode.NxDomain) return undefined;
  if (message.rcode !== Rcode.NoError) return { kind: 'lame', detail: `rcode ${message.rcode}` };
  if (message.aa || referralIn(message, zone, qname) !== undefined) return undefined;
  return { kind: 'lame', detail: `not authoritative for ${zone} and no referral` };
}

// The most telling reason wins: a server that answers badly says more than one that is silent.
function overallReason(failures: readonly ServerFailure[]): FailureReason {
  const kinds = new Set(failures.map((f) => f.kind));
  if (kinds.has('servfail')) return 'servfail';
  if (kinds.has('lame') || kinds.has('refused')) return 'lame';
  if (kinds.has('malformed')) return 'malformed';
  if (kinds.has('timeout')) return 'timeout';
  return 'unreachable';
}

/**
 * Asks `servers` (believed authoritative for `zone`) for `qname`/`qtype`, one after another,
 * until one answers usably: authoritatively (AA: data, NODATA or NXDOMAIN) or with a referral
 * to a cut below `zone`. Timeouts, socket errors, SERVFAIL, REFUSED and lame answers move on
 * to the next server (the retry policy: each server once, in order). Never throws.
 */
export async function askServers(servers: readonly ServerAddress[], zone: Name, qname: Name, qtype: number, timeoutMs: number): Promise<AskResult> {
  const failures: ServerFailure[] = [];
  for (const server of servers) {
    const result = await exchange(server, qname, qtype, timeoutMs);
    const where = formatServer(server);
    if (result.kind === 'timeout') failures.push({ server: where, kind: 'timeout', detail: `no answer within ${timeoutMs} ms` });
    else if (result.kind === 'unreachable') failures.push({ server: where, kind: 'unreachable', detail: result.detail });
    else if (result.kind === 'malformed') failures.push({ server: where, kind: 'malformed', detail: result.detail });
    else {
      const bad = classify(result.message, zone, qname);
      if (bad === undefined) return { kind: 'ok', server, message: result.message };
      failures.push({ server: where, ...bad });
    }
  }
  if (failures.length === 0) {
    return { kind: 'failure', reason: 'no-servers', zone, detail: `no server address known for ${zone}`, failures };
  }
  const detail = failures.map((f) => `${f.server}: ${f.detail}`).join('; ');
  return { kind: 'failure', reason: overallReason(failures), zone, detail: `every server for ${zone} failed (${detail})`, failures };
}
