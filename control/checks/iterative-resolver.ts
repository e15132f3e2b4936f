// Iterative resolution from root hints (RFC 1034 §5.3.3), following referrals, without a cache.
import { ROOT, isSubdomain, readWireName } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { askServers, referralIn } from './ask-servers.js';
import type { ResolutionFailure } from './ask-servers.js';
import { Rcode } from '../../shared/dns/rcode.js';
import type { DnsMessage, ResourceRecord } from '../../shared/dns/message.js';
import type { ServerAddress } from './server-address.js';

export interface ResolverOptions {
  /** Where every resolution starts (parseRootHints). */
  readonly rootHints: readonly ServerAddress[];
  /** The port of servers learned from referrals: 53, except in tests of a private hierarchy. */
  readonly port?: number;
  /** How long to wait for one server's answer, per transport; 2,000 ms by default. */
  readonly timeoutMs?: number;
  /** Most referrals one resolution follows before giving up as a loop; 16 by default. */
  readonly maxReferrals?: number;
}

/** Where a walk down the tree stopped. `zone` is the zone whose servers gave the final answer. */
export type WalkResult =
  | { readonly kind: 'answer'; readonly zone: Name; readonly servers: readonly ServerAddress[]; readonly message: DnsMessage }
  | { readonly kind: 'nxdomain'; readonly zone: Name; readonly servers: readonly ServerAddress[]; readonly message: DnsMessage }
  | {
      readonly kind: 'referral';
      readonly zone: Name;
      readonly servers: readonly ServerAddress[];
      readonly cut: Name;
      readonly ns: readonly Name[];
      readonly message: DnsMessage;
    }
  | ResolutionFailure;

const MAX_NS_LOOKUPS = 4;
const MAX_DEPTH = 3;
const MAX_CNAME_HOPS = 8;

function addressOf(record: ResourceRecord): string | undefined {
  if (record.type === RRType.A && record.rdata.length === 4) return [...record.rdata].join('.');
  if (record.type === RRType.AAAA && record.rdata.length === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(record.rdata.readUInt16BE(i).toString(16));
    return groups.join(':');
  }
  return undefined;
}

/** The addresses among `records` owned by `name`, IPv4 first (it works on more networks). */
export function addressesIn(records: readonly ResourceRecord[], name: Name): string[] {
  const own = records.filter((r) => r.name === name);
  return [...own.filter((r) => r.type === RRType.A), ...own.filter((r) => r.type === RRType.AAAA)]
    .map(addressOf)
    .filter((a): a is string => a !== undefined);
}

/**
 * A stateless iterative resolver. Every call starts at the root hints and asks each zone's
 * servers in turn (askServers), following referrals down to the answer; NS names without glue
 * are resolved the same way (bounded depth). No cache, so every check sees the current state
 * of the hierarchy. Concurrency: calls are independent and may run in parallel. Never throws
 * for network or protocol trouble: failures are typed results.
 */
export class IterativeResolver {
  private readonly port: number;
  private readonly timeoutMs: number;
  private readonly maxReferrals: number;

  constructor(private readonly options: ResolverOptions) {
    this.port = options.port ?? 53;
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.maxReferrals = options.maxReferrals ?? 16;
  }

  /**
   * Walks from the root towards `qname`/`qtype`. Stops at an authoritative answer (data or
   * NODATA), an NXDOMAIN, a failure, or — when `stopAtCut` is given — at the referral whose
   * cut is `stopAtCut`: that is what the parent zone says about the child's delegation.
   */
  async walk(qname: Name, qtype: number, stopAtCut?: Name, depth = 0): Promise<WalkResult> {
    let zone = ROOT;
    let servers: readonly ServerAddress[] = this.options.rootHints;
    for (let step = 0; step <= this.maxReferrals; step++) {
      const asked = await askServers(servers, zone, qname, qtype, this.timeoutMs);
      if (asked.kind === 'failure') return asked;
      const message = asked.message;
      if (message.rcode === Rcode.NxDomain) return { kind: 'nxdomain', zone, servers, message };
      if (message.aa) return { kind: 'answer', zone, servers, message };
      const referral = referralIn(message, zone, qname);
      // askServers passes a non-authoritative NOERROR only when it carries a referral.
      if (referral === undefined) return { kind: 'answer', zone, servers, message };
      if (stopAtCut !== undefined && isSubdomain(referral.cut, stopAtCut)) {
        return { kind: 'referral', zone, servers, cut: referral.cut, ns: referral.ns, message };
      }
      const next = await this.serversFor(referral.ns, message.additional, depth);
      if (next.length === 0) {
        return {
          kind: 'failure',
          reason: 'no-servers',
          zone: referral.cut,
          detail: `no address found for any name server of ${referral.cut} (${referral.ns.join(', ')})`,
          failures: [],
        };
      }
      zone = referral.cut;
      servers = next;
    }
    return { kind: 'failure', reason: 'loop', zone, detail: `more than ${this.maxReferrals} referrals for ${qname}`, failures: [] };
  }

  /**
   * The addresses of a zone's name servers: glue from `additional` first; names without glue
   * are resolved from the root (at most a few, bounded depth), so out-of-bailiwick servers
   * work. Order follows `ns`; servers without any address are left out.
   */
  async serversFor(ns: readonly Name[], additional: readonly ResourceRecord[], depth = 0): Promise<ServerAddress[]> {
    const out: ServerAddress[] = [];
    const unglued: Name[] = [];
    for (const name of ns) {
      const glue = addressesIn(additional, name);
      if (glue.length === 0) unglued.push(name);
      for (const host of glue) out.push({ host, port: this.port, name });
    }
    if (depth >= MAX_DEPTH) return out;
    for (const name of unglued.slice(0, MAX_NS_LOOKUPS)) {
      for (const host of await this.resolveAddresses(name, depth + 1)) out.push({ host, port: this.port, name });
    }
    return out;
  }

  /** The IPv4 then IPv6 addresses of a host name, following CNAMEs; [] when it has none. */
  async resolveAddresses(name: Name, depth = 0): Promise<string[]> {
    const out: string[] = [];
    for (const type of [RRType.A, RRType.AAAA]) {
      let target = name;
      for (let hop = 0; hop < MAX_CNAME_HOPS; hop++) {
        const walked = await this.walk(target, type, undefined, depth);
        if (walked.kind !== 'answer') break;
        const found = addressesIn(walked.message.answer, target);
        if (found.length > 0) {
          out.push(...found);
          break;
        }
        const cname = walked.message.answer.find((r) => r.name === target && r.type === RRType.CNAME);
        if (cname === undefined) break;
        target = readWireName(cname.rdata, 0).name;
      }
    }
    return out;
  }
}
