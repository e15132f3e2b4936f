// Carries out a PowerDNS API RRset PATCH (and the RRsets of a zone created with some) through
// the records API's own rules: one transaction, audited, the serial moved on once, answered
// only once the change is served. Served records go to the records; disabled ones and
// comments to their own tables (migration 22).
import { isSubdomain, nameToApiText } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType, rrTypeToText } from '../../shared/dns/rr-type.js';
import { isChallengeRRset } from '../acme/challenge-owner.js';
import { resolveAliasTargets } from '../aliases/resolve-alias-targets.js';
import { recordAudit } from '../audit/record-audit.js';
import { actorOf } from '../auth/principal.js';
import type { Principal } from '../auth/principal.js';
import { NotFoundError, ValidationError } from '../errors/catalogue.js';
import { isProblemError } from '../errors/problem-error.js';
import { changeTypeFromText } from '../records/change-types.js';
import { writeChanges } from '../records/change-records.js';
import { DEFAULT_TTL, parseChange } from '../records/parse-change.js';
import type { ChangeInput } from '../records/parse-change.js';
import type { RRsetChange } from '../records/rrset-change.js';
import { serveCommitted } from '../records/serve-committed.js';
import type { Services } from '../services.js';
import { findAlias } from '../store/aliases.js';
import { findDisabled, putComments, putDisabled } from '../store/pdns-extras.js';
import { findRRset } from '../store/rrsets.js';
import { bumpSerial, findZone } from '../store/zones.js';
import type { ZoneRow } from '../store/zones.js';
import type { PdnsRRsetInput } from './parse-pdns-body.js';
import { PdnsError } from './pdns-error.js';

/** True when the principal may change only ACME challenge values (an acme-dns01 token). */
export function acmeOnly(principal: Principal): boolean {
  return principal.kind === 'token' && principal.scope === 'acme-dns01';
}

/** Checks what needs no data: the name is in the zone, the type is one we hold, the principal may touch it. */
function refuseEarly(principal: Principal, zone: ZoneRow, r: PdnsRRsetInput): number {
  const label = `RRset ${r.name} IN ${r.type}`;
  const type = changeTypeFromText(r.type);
  if (type === undefined) throw new PdnsError(422, `${label}: unknown type given`);
  if (!isSubdomain(r.name, zone.origin)) throw new PdnsError(422, `${label}: Name is out of zone`);
  if (acmeOnly(principal) && !isChallengeRRset(r.name, type)) {
    throw new PdnsError(403, `${label}: an acme-dns01 token may change only TXT records at _acme-challenge names`);
  }
  return type;
}

/** One RRset's change split three ways: what is served, what is kept disabled, its comments. */
interface Plan {
  readonly input: PdnsRRsetInput;
  readonly served: ChangeInput | undefined;
  /** The disabled records after the change (undefined: as they are), and their TTL. */
  readonly disabled: readonly string[] | undefined;
  readonly disabledTtl: number;
  readonly comments: PdnsRRsetInput['comments'];
}

const contents = (records: PdnsRRsetInput['records'], disabled: boolean): string[] => (records ?? []).filter((r) => r.disabled === disabled).map((r) => r.content);

/** Reads the records held now, inside the transaction, for EXTEND and PRUNE. */
function heldRecords(services: Services, zone: ZoneRow, name: Name, type: number): { ttl: number; records: readonly string[] } | undefined {
  if (type === RRType.ALIAS) {
    const alias = findAlias(services.db, zone.id, name);
    return alias === undefined ? undefined : { ttl: alias.ttl, records: [alias.target] };
  }
  return findRRset(services.db, zone.id, name, type);
}

function plan(services: Services, zone: ZoneRow, r: PdnsRRsetInput, type: number): Plan {
  const name = nameToApiText(r.name);
  const enabled = contents(r.records, false);
  const disabled = contents(r.records, true);
  switch (r.changetype) {
    case 'REPLACE':
      if (r.records === undefined) return { input: r, served: undefined, disabled: undefined, disabledTtl: 0, comments: r.comments };
      return {
        input: r,
        served: enabled.length > 0 ? { action: 'UPSERT', name, type: r.type, ttl: r.ttl, records: enabled } : { action: 'DELETE', name, type: r.type },
        disabled,
        disabledTtl: r.ttl ?? DEFAULT_TTL,
        comments: r.comments,
      };
    case 'DELETE':
      return { input: r, served: { action: 'DELETE', name, type: r.type }, disabled: [], disabledTtl: 0, comments: [] };
    case 'EXTEND': {
      const held = heldRecords(services, zone, r.name, type);
      const kept = findDisabled(services.db, zone.id, r.name, type);
      const records = [...(held?.records ?? []), ...enabled];
      const ttl = r.ttl ?? held?.ttl ?? kept?.ttl ?? DEFAULT_TTL;
      return {
        input: r,
        served: records.length > 0 ? { action: 'UPSERT', name, type: r.type, ttl, records } : undefined,
        disabled: [...(kept?.records ?? []), ...disabled],
        disabledTtl: ttl,
        comments: r.comments,
      };
    }
    case 'PRUNE': {
      const kept = findDisabled(services.db, zone.id, r.name, type);
      return {
        input: r,
        served: enabled.length > 0 ? { action: 'DELETE', name, type: r.type, records: enabled } : undefined,
        disabled: (kept?.records ?? []).filter((k) => !disabled.includes(k)),
        disabledTtl: kept?.ttl ?? DEFAULT_TTL,
        comments: r.comments,
      };
    }
  }
}

/** A records-API refusal in PowerDNS's words, naming the RRset it concerns. */
function inPdnsWords(err: ValidationError, rrsets: readonly PdnsRRsetInput[]): PdnsError {
  const at = /^rrsets\[(\d+)\]\.(.*)$/.exec(err.field);
  const r = at === null ? undefined : rrsets[Number(at[1])];
  if (r === undefined) return new PdnsError(422, err.detail);
  const label = `RRset ${r.name} IN ${r.type}`;
  if (/would have a CNAME beside other data/.test(err.detail)) return new PdnsError(422, `${label}: Conflicts with pre-existing RRset`);
  const record = /^records\[(\d+)\]$/.exec(at![2]!);
  if (record !== null) return new PdnsError(422, `Record ${r.name}/${r.type} '${String(err.extra?.['value'] ?? '')}': ${err.detail}`);
  return new PdnsError(422, `${label}: ${err.detail}`);
}

/** Parses one change with the records API's rules; its errors are named after the PATCH entry. */
function parsed(input: ChangeInput, origin: Name, index: number): RRsetChange {
  return parseChange(input, origin, `rrsets[${index}].`);
}

/**
 * Applies `rrsets` to `zone` for `principal`, all or nothing, and resolves once what changed
 * is served (staged zones keep changes staged, but for an acme-dns01 token's ACME values).
 * Throws PdnsError (422 for what PowerDNS refuses, 403 beyond the token's scope).
 */
export async function patchRRsets(services: Services, principal: Principal, zone: ZoneRow, rrsets: readonly PdnsRRsetInput[]): Promise<void> {
  const types = rrsets.map((r) => refuseEarly(principal, zone, r));
  if (rrsets.length === 0) return;
  const { db } = services;
  const now = services.now();
  const actor = actorOf(principal);
  try {
    const upserts = rrsets.map((r) => ({ action: 'UPSERT' as const, name: nameToApiText(r.name), type: r.type, ttl: r.ttl, records: contents(r.records, false) }));
    const aliasTargets = await resolveAliasTargets(services, zone, upserts.filter((u) => u.type === 'ALIAS' && u.records.length > 0), false);
    const outcome = db.transaction(() => {
      const current = findZone(db, zone.id);
      if (current === undefined) throw new NotFoundError(`Zone ${zone.id}`);
      const plans = rrsets.map((r, i) => plan(services, current, r, types[i]!));
      const served: RRsetChange[] = [];
      const labels: string[] = [];
      plans.forEach((p, i) => {
        if (p.served === undefined) return;
        served.push(parsed(p.served, current.origin, i));
        labels.push(`rrsets[${i}].`);
      });
      const diffs = writeChanges(services, current, served, labels, aliasTargets);
      for (const d of diffs) {
        recordAudit(db, {
          tenantId: current.tenantId,
          actor,
          action: d.after === undefined ? 'rrset.delete' : 'rrset.upsert',
          target: `${d.name}/${rrTypeToText(d.type)}`,
          before: d.before === undefined ? null : { ttl: d.before.ttl, records: d.before.records },
          after: d.after === undefined ? null : { ttl: d.after.ttl, records: d.after.records, via: 'powerdns-api' },
          at: now,
        });
      }
      plans.forEach((p, i) => {
        const type = types[i]!;
        if (p.disabled !== undefined) {
          const records = p.disabled.length === 0 ? [] : parsed({ action: 'UPSERT', name: nameToApiText(p.input.name), type: p.input.type, ttl: p.disabledTtl, records: p.disabled }, current.origin, i).records;
          putDisabled(db, current.id, { name: p.input.name, type, ttl: p.disabledTtl, records });
        }
        if (p.comments !== undefined) putComments(db, current.id, p.input.name, type, p.comments);
      });
      if (diffs.length > 0) bumpSerial(db, current.id, now.toISOString());
      const whole: RRsetChange[] = diffs.map((d) =>
        d.after === undefined ? { action: 'DELETE', name: d.name, type: d.type, ttl: 0, records: [] } : { action: 'UPSERT', name: d.name, type: d.type, ttl: d.after.ttl, records: d.after.records },
      );
      return { current, whole };
    })();
    await serveCommitted(services, outcome.current, outcome.whole, acmeOnly(principal));
  } catch (err) {
    if (err instanceof ValidationError) throw inPdnsWords(err, rrsets);
    if (isProblemError(err) && err.status === 404) throw new PdnsError(404, 'Not Found');
    throw err;
  }
}
