// PRESENT and CLEANUP of one DNS-01 value: the domain code every ACME endpoint shares.
import type { Name } from '../../shared/dns/name.js';
import { formatRdata, parseRdata } from '../../shared/dns/rdata.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { ChallengeAction } from '../../shared/schemas/acme.js';
import type { EdgeSync } from '../../shared/schemas/edges.js';
import { recordAudit } from '../audit/record-audit.js';
import { NotFoundError, ValidationError } from '../errors/catalogue.js';
import { writeChanges } from '../records/change-records.js';
import type { RRsetChange } from '../records/rrset-change.js';
import type { Services } from '../services.js';
import { findRRset } from '../store/rrsets.js';
import { bumpSerial, findZone } from '../store/zones.js';
import type { ZoneRow } from '../store/zones.js';
import { challengeRRset } from './challenge-rrset.js';
import { waitForServers, waitUntilServed } from '../publish/wait-for-servers.js';

/** TTL of challenge TXT RRsets: short, so a value that is gone is soon gone from caches too. */
export const CHALLENGE_TTL = 60;

export interface ChallengeInput {
  readonly zone: ZoneRow;
  /** actorOf(principal), or "acme-dns:<username>", for the audit entry. */
  readonly actor: string;
  readonly action: ChallengeAction;
  /** The TXT owner: `_acme-challenge.<domain>` (challengeOwner), or an acme-dns fulldomain. */
  readonly owner: Name;
  /** The value, already matched against CHALLENGE_VALUE (schema or adapter). */
  readonly value: string;
  /** Which endpoint the request came through ("api", "httpreq", "acme-dns"), for the audit entry. */
  readonly via: string;
  /** The tenant the audit entry belongs to; the zone's tenant by default. */
  readonly auditTenantId?: string;
}

export interface ChallengeResult {
  /** False when the request was a repeat: PRESENT of a value present, CLEANUP of one absent. */
  readonly changed: boolean;
  /** Always true on return: the edge serves the result (the call rejects otherwise). */
  readonly published: true;
  /** The zone serial after the request. */
  readonly serial: number;
  /** The remote edges waited for; `lagging` names those that did not serve it within config.syncTimeoutMs. */
  readonly edges: EdgeSync;
}

/**
 * PRESENT adds `value` to the TXT RRset at `owner` (TTL 60), CLEANUP removes that one value
 * (and the RRset with its last value); other values stay, so a SAN and a wildcard challenge
 * on one name coexist. Idempotent: a repeat changes nothing (`changed: false`, serial kept).
 * Atomic: the read-modify-write of the RRset, the serial bump and the audit entry (written
 * for repeats too) are one SQLite transaction, and transactions run one at a time, so
 * concurrent calls on one zone are serialised and every one of them lands: twenty concurrent
 * PRESENTs leave twenty values. The zone rules of the records API apply (no TXT beside a
 * CNAME, nothing below a delegation): ValidationError('name') otherwise, nothing written.
 *
 * Resolves only once the edge serves the result (API.md "ACME DNS-01"):
 * - with auto_publish, the zone is published (publishNow; concurrent calls share publishes,
 *   and a publish reads the rows when it starts, so it carries every value committed before);
 * - without it, the zone may have staged changes that must not go live, so the value is
 *   patched into the LAST PUBLISHED snapshot instead (Publisher.patchPublished, in the
 *   zone's publish queue and in commit order); the rows hold it too, so the next publish
 *   keeps it. The SOA serial in that snapshot stays the published one.
 * Then it waits, at most config.syncTimeoutMs, until every connected remote edge serves it
 * too; one that does not is named in `edges.lagging` (and logged), and the call still succeeds
 * as long as one nameserver serves it; when none serves a PRESENT's value, NotServedError
 * (504) names them, the value committed, so a retry is idempotent (waitUntilServed).
 */
export async function applyChallenge(services: Services, input: ChallengeInput): Promise<ChallengeResult> {
  const { db } = services;
  const { zone, owner, action } = input;
  const wire = parseRdata(RRType.TXT, `"${input.value}"`, zone.origin);
  const text = formatRdata(RRType.TXT, wire);
  const now = services.now();
  const outcome = db.transaction(() => {
    const current = findZone(db, zone.id);
    if (current === undefined) throw new NotFoundError(`Zone ${zone.id}`);
    const before = findRRset(db, zone.id, owner, RRType.TXT);
    const values = before?.records ?? [];
    const has = values.includes(text);
    const changed = action === 'PRESENT' ? !has : has;
    let serial = current.serial;
    if (changed) {
      const after = action === 'PRESENT' ? [...values, text] : values.filter((v) => v !== text);
      const change: RRsetChange =
        after.length > 0
          ? { action: 'UPSERT', name: owner, type: RRType.TXT, ttl: CHALLENGE_TTL, records: after }
          : { action: 'DELETE', name: owner, type: RRType.TXT, ttl: CHALLENGE_TTL, records: [] };
      writeChallenge(services, current, change);
      serial = bumpSerial(db, zone.id, now.toISOString());
    }
    recordAudit(db, {
      tenantId: input.auditTenantId ?? zone.tenantId,
      actor: input.actor,
      action: action === 'PRESENT' ? 'acme.present' : 'acme.cleanup',
      target: `${owner}/TXT`,
      after: { value: input.value, changed, via: input.via, zone: zone.origin },
      at: now,
    });
    return { changed, serial, current };
  })();
  const { current } = outcome;
  if (!current.autoPublish) {
    await services.publisher.patchPublished(zone.id, async (published) => [challengeRRset(await published.rrset(owner, RRType.TXT), owner, wire, action, CHALLENGE_TTL)]);
  } else if (outcome.changed || current.publishedSerial < outcome.serial) {
    await services.publisher.publishNow(zone.id);
  }
  // A PRESENT is a success only once a nameserver serves the value; a CLEANUP (also run by
  // registration deletes and expiry) reports laggards but never fails for them.
  const edges = action === 'PRESENT' ? await waitUntilServed(services, zone) : await waitForServers(services, zone);
  if (edges.lagging.length > 0) services.log.warn('acme: remote edges or secondaries did not serve the challenge in time', { zone: zone.origin, owner, action, via: input.via, lagging: edges.lagging });
  return { changed: outcome.changed, published: true, serial: outcome.serial, edges };
}

/** Writes `change` under the records API's zone rules; a violation is ValidationError('name'), nothing written. */
function writeChallenge(services: Services, zone: ZoneRow, change: RRsetChange): void {
  try {
    writeChanges(services, zone, [change], ['']);
  } catch (err) {
    if (err instanceof ValidationError) throw new ValidationError('name', change.name, err.detail);
    throw err;
  }
}
