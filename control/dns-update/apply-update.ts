// Carries out an RFC 2136 update signed with one of the account's TSIG keys: the key's policy
// first (a zone-admin key may change the whole zone but its apex SOA and NS; an acme-dns01 key
// only TXT at `_acme-challenge` names), then, in one transaction, the prerequisites (§3.2) and
// the updates in their order (§3.4.2) through the records API's own rules, audited, with the
// serial moved on once. It answers only once the change is served (as the ACME endpoint does);
// a zone that stages its changes keeps them staged, but for an ACME value.
import { isChallengeRRset } from '../acme/challenge-owner.js';
import { recordAudit } from '../audit/record-audit.js';
import { ValidationError } from '../errors/catalogue.js';
import { writeChanges } from '../records/change-records.js';
import { serveCommitted } from '../records/serve-committed.js';
import type { RRsetChange } from '../records/rrset-change.js';
import type { Services } from '../services.js';
import { findRRset, listRRsetsAtNames } from '../store/rrsets.js';
import type { TsigKeyRow } from '../store/tsig-keys.js';
import { bumpSerial, findZone, findZoneByOrigin } from '../store/zones.js';
import type { ZoneRow } from '../store/zones.js';
import { rrTypeToText, RRType } from '../../shared/dns/rr-type.js';
import type { Name } from '../../shared/dns/name.js';
import { Rcode, UpdateError } from './update-message.js';
import type { Prerequisite, Update, UpdateRequest } from './update-message.js';

/** Why the key may not make `update` in `zone`, or undefined when it may. */
function refusal(key: TsigKeyRow, zone: ZoneRow, update: Update): string | undefined {
  const apex = update.name === zone.origin;
  const type = update.kind === 'delete-name' ? RRType.ANY : update.type;
  if (apex && (type === RRType.SOA || type === RRType.NS)) return 'the apex SOA and NS are the zone\'s own';
  if (key.scope !== 'acme-dns01') return undefined;
  if (!isChallengeRRset(update.name, type)) return 'an acme-dns01 key may change only TXT records at _acme-challenge names';
  return undefined;
}

/** The zone the key may update, or an UpdateError: NOTAUTH for a zone not ours or not the key's (RFC 2136 §3.1.2). */
function keyZone(services: Pick<Services, 'db'>, key: TsigKeyRow, origin: Name): ZoneRow {
  const zone = findZoneByOrigin(services.db, origin);
  const mine = zone !== undefined && (key.zoneId === null ? zone.tenantId === key.tenantId : zone.id === key.zoneId);
  if (!mine) throw new UpdateError(Rcode.NotAuth, `the key ${key.name} may not update ${origin}`);
  if (key.scope === 'transfer') throw new UpdateError(Rcode.Refused, `${key.name} is a transfer key`);
  return zone;
}

type RRsetContent = { readonly name: Name; readonly type: number; ttl: number; records: string[] };
const keyOf = (name: Name, type: number): string => `${name} ${type}`;

function failedPrerequisite(services: Pick<Services, 'db'>, zone: ZoneRow, p: Prerequisite): Rcode | undefined {
  switch (p.kind) {
    case 'name-in-use':
      return listRRsetsAtNames(services.db, zone.id, [p.name]).length > 0 ? undefined : Rcode.NxDomain;
    case 'name-not-in-use':
      return listRRsetsAtNames(services.db, zone.id, [p.name]).length > 0 ? Rcode.YxDomain : undefined;
    case 'rrset-exists':
      return findRRset(services.db, zone.id, p.name, p.type) === undefined ? Rcode.NxRRset : undefined;
    case 'rrset-does-not-exist':
      return findRRset(services.db, zone.id, p.name, p.type) === undefined ? undefined : Rcode.YxRRset;
    case 'rrset-is': {
      const held = [...(findRRset(services.db, zone.id, p.name, p.type)?.records ?? [])].sort();
      return held.length === p.records.length && held.every((r, i) => r === p.records[i]) ? undefined : Rcode.NxRRset;
    }
  }
}

/** Applies the updates in order to the zone's content as it is now; the RRsets they leave different, as changes. */
function plannedChanges(services: Pick<Services, 'db'>, zone: ZoneRow, updates: readonly Update[]): RRsetChange[] {
  // The RRsets at every name the updates touch: as they are now, and as the updates leave them.
  const before = new Map<string, RRsetContent>();
  const after = new Map<string, RRsetContent>();
  const loaded = new Set<Name>();
  const load = (name: Name): void => {
    if (loaded.has(name)) return;
    loaded.add(name);
    for (const row of listRRsetsAtNames(services.db, zone.id, [name])) {
      before.set(keyOf(name, row.type), { name, type: row.type, ttl: row.ttl, records: [...row.records] });
      after.set(keyOf(name, row.type), { name, type: row.type, ttl: row.ttl, records: [...row.records] });
    }
  };
  for (const u of updates) {
    load(u.name);
    if (u.kind === 'add') {
      const k = keyOf(u.name, u.type);
      const rrset = after.get(k) ?? { name: u.name, type: u.type, ttl: u.ttl, records: [] };
      // RFC 2136 §3.4.2.2: a record already there is not added twice; the RRset takes the new TTL.
      if (!rrset.records.includes(u.record)) rrset.records.push(u.record);
      rrset.ttl = u.ttl;
      after.set(k, rrset);
    } else if (u.kind === 'delete-rrset') {
      after.delete(keyOf(u.name, u.type));
    } else if (u.kind === 'delete-record') {
      const rrset = after.get(keyOf(u.name, u.type));
      if (rrset !== undefined) rrset.records = rrset.records.filter((r) => r !== u.record);
      if (rrset?.records.length === 0) after.delete(keyOf(u.name, u.type));
    } else {
      // §3.4.2.3: all RRsets at the name, but the apex SOA and NS.
      for (const [k, v] of after) if (v.name === u.name && !(u.name === zone.origin && (v.type === RRType.SOA || v.type === RRType.NS))) after.delete(k);
    }
  }
  const changes: RRsetChange[] = [];
  for (const [k, was] of before) if (!after.has(k)) changes.push({ action: 'DELETE', name: was.name, type: was.type, ttl: 0, records: [] });
  for (const [k, now] of after) {
    const was = before.get(k);
    const same = was !== undefined && was.ttl === now.ttl && was.records.length === now.records.length && was.records.every((r, i) => r === now.records[i]);
    if (!same) changes.push({ action: 'UPSERT', name: now.name, type: now.type, ttl: now.ttl, records: now.records });
  }
  return changes;
}

/** Carries out `request` for `key`; resolves with the RCODE to answer, once the change is served. Throws UpdateError. */
export async function applyUpdate(services: Services, key: TsigKeyRow, request: UpdateRequest): Promise<Rcode> {
  const { db } = services;
  const zone = keyZone(services, key, request.zone);
  for (const u of request.updates) {
    const why = refusal(key, zone, u);
    if (why !== undefined) throw new UpdateError(Rcode.Refused, `${u.name} ${u.kind === 'delete-name' ? 'ANY' : rrTypeToText(u.type)}: ${why}`);
  }
  const now = services.now();
  const outcome = db.transaction(() => {
    const current = findZone(db, zone.id);
    if (current === undefined) throw new UpdateError(Rcode.NotAuth, `${zone.origin} is gone`);
    for (const p of request.prerequisites) {
      const failed = failedPrerequisite(services, current, p);
      if (failed !== undefined) return { rcode: failed, changes: [] as RRsetChange[], current };
    }
    const changes = plannedChanges(services, current, request.updates);
    if (changes.length === 0) return { rcode: Rcode.NoError, changes, current };
    try {
      writeChanges(services, current, changes, changes.map(() => ''));
    } catch (err) {
      if (err instanceof ValidationError) throw new UpdateError(Rcode.Refused, err.detail);
      throw err;
    }
    for (const c of changes) {
      recordAudit(db, {
        tenantId: current.tenantId,
        actor: `tsig:${key.id}`,
        action: c.action === 'DELETE' ? 'rrset.delete' : 'rrset.upsert',
        target: `${c.name}/${rrTypeToText(c.type)}`,
        after: c.action === 'DELETE' ? null : { ttl: c.ttl, records: c.records, via: 'rfc2136' },
        at: now,
      });
    }
    bumpSerial(db, current.id, now.toISOString());
    return { rcode: Rcode.NoError, changes, current };
  })();
  await serveCommitted(services, outcome.current, outcome.changes, key.scope === 'acme-dns01');
  return outcome.rcode;
}
