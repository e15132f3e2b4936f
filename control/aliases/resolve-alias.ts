// What an ALIAS target resolves to, from the root down (the checks' iterative resolver), with the TTL to serve it for.
import { readWireName } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { formatRdata } from '../../shared/dns/rdata.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { IterativeResolver } from '../checks/iterative-resolver.js';

/** The target's addresses in canonical presentation form, and the lowest TTL on the way to them. */
export interface AliasAddresses {
  readonly a: readonly string[];
  readonly aaaa: readonly string[];
  readonly ttl: number;
}

export type AliasResolution = { readonly kind: 'resolved'; readonly addresses: AliasAddresses } | { readonly kind: 'failed'; readonly reason: string };

/** CNAME hops followed before the target counts as a loop (as the checks do). */
const MAX_CNAME_HOPS = 8;

/**
 * Resolves `target`'s A and AAAA RRsets, following CNAMEs. The TTL is the lowest of every RRset
 * used (CNAMEs included), so a served address never outlives what the target's owner allows.
 * 'failed' when the target has neither kind of address, or the resolution fails, with the
 * reason in words. Never throws for network trouble.
 */
export async function resolveAliasTarget(resolver: IterativeResolver, target: Name): Promise<AliasResolution> {
  let ttl = Number.POSITIVE_INFINITY;
  const found: Record<number, string[]> = { [RRType.A]: [], [RRType.AAAA]: [] };
  const problems: string[] = [];
  for (const type of [RRType.A, RRType.AAAA]) {
    let name = target;
    for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
      if (hop === MAX_CNAME_HOPS) {
        problems.push(`more than ${MAX_CNAME_HOPS} CNAMEs from ${target}`);
        break;
      }
      const walked = await resolver.walk(name, type);
      if (walked.kind === 'nxdomain') {
        problems.push(`${name} does not exist (NXDOMAIN)`);
        break;
      }
      if (walked.kind !== 'answer') {
        problems.push(walked.kind === 'failure' ? walked.detail : `${name}: no answer`);
        break;
      }
      const records = walked.message.answer.filter((r) => r.name === name && r.type === type);
      if (records.length > 0) {
        for (const r of records) {
          found[type]!.push(formatRdata(type, r.rdata));
          ttl = Math.min(ttl, r.ttl);
        }
        break;
      }
      const cname = walked.message.answer.find((r) => r.name === name && r.type === RRType.CNAME);
      if (cname === undefined) break;
      ttl = Math.min(ttl, cname.ttl);
      name = readWireName(cname.rdata, 0).name;
    }
  }
  const a = [...new Set(found[RRType.A])];
  const aaaa = [...new Set(found[RRType.AAAA])];
  if (a.length + aaaa.length === 0) {
    return { kind: 'failed', reason: problems.length > 0 ? [...new Set(problems)].join('; ') : `${target} has no A or AAAA records` };
  }
  return { kind: 'resolved', addresses: { a, aaaa, ttl } };
}
