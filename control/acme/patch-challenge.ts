// Adds or removes one TXT value at one name in a zone's published content (the staged-zone path).
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
  const index = content.rrsets.findIndex((s) => s.name === owner && s.type === RRType.TXT);
  const existing = index < 0 ? [] : content.rrsets[index]!.rdata;
  const others = existing.filter((r) => !r.equals(rdata));
  const values = action === 'PRESENT' ? [...others, rdata] : others;
  const rrsets = content.rrsets.filter((_, i) => i !== index);
  if (values.length > 0) {
    const set: RRset = { name: owner, type: RRType.TXT, ttl, rdata: values };
    const at = rrsets.findIndex((s) => (compareNames(s.name, owner) || s.type - RRType.TXT) > 0);
    rrsets.splice(at < 0 ? rrsets.length : at, 0, set);
  }
  return { origin: content.origin, rrsets };
}
