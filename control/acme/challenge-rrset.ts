// The staged-zone path of ACME values: the TXT RRset at a challenge name as it is published,
// with one value added or removed.
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { RRset } from '../../shared/dns/rrset.js';
import type { ChallengeAction } from '../../shared/schemas/acme.js';

/**
 * The TXT RRset at `owner` with the wire value `rdata` added to (PRESENT) or removed from
 * (CLEANUP) `published` (what is served there now, if anything), with TTL `ttl`; no records
 * when none is left. Other values stay, so a SAN and a wildcard challenge on one name coexist.
 * Idempotent and pure.
 */
export function challengeRRset(published: RRset | undefined, owner: Name, rdata: Buffer, action: ChallengeAction, ttl: number): RRset {
  const others = (published?.rdata ?? []).filter((r) => !r.equals(rdata));
  return { name: owner, type: RRType.TXT, ttl, rdata: action === 'PRESENT' ? [...others, rdata] : others };
}
