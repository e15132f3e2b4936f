// Changes a zone's published content in place of a publish (the staged-zone path of ACME
// values): one TXT value at one name, or one RRset.
import { compareNames } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { RRset, ZoneContent } from '../../shared/dns/rrset.js';
import type { ChallengeAction } from '../../shared/schemas/acme.js';

/**
 * `content` with the wire TXT value `rdata` added to (PRESENT) or removed from (CLEANUP) the
 * TXT RRset at `owner`, which gets TTL `ttl`; an RRset left empty is dropped and a new one is
 * placed in canonical order (RFC 4034 §6.1, then by type), as buildZoneContent orders them.
 * Everything else is kept as it is, so staged changes that were never published stay out.
 * Idempotent and pure.
 */
export function patchChallenge(content: ZoneContent, owner: Name, rdata: Buffer, action: ChallengeAction, ttl: number): ZoneContent {
  const existing = content.rrsets.find((s) => s.name === owner && s.type === RRType.TXT)?.rdata ?? [];
  const others = existing.filter((r) => !r.equals(rdata));
  const values = action === 'PRESENT' ? [...others, rdata] : others;
  return withRRset(content, owner, RRType.TXT, values.length > 0 ? { name: owner, type: RRType.TXT, ttl, rdata: values } : undefined);
}

/**
 * `content` with its RRset of (`owner`, `type`) replaced by `rrset` (undefined: removed), a new
 * one placed in canonical order (RFC 4034 §6.1, then by type) as buildZoneContent orders them.
 */
export function withRRset(content: ZoneContent, owner: Name, type: number, rrset: RRset | undefined): ZoneContent {
  const rrsets = content.rrsets.filter((s) => !(s.name === owner && s.type === type));
  if (rrset !== undefined) {
    const at = rrsets.findIndex((s) => (compareNames(s.name, owner) || s.type - type) > 0);
    rrsets.splice(at < 0 ? rrsets.length : at, 0, rrset);
  }
  return { origin: content.origin, rrsets };
}
