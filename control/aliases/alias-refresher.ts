// Keeps every ALIAS owner's A and AAAA equal to what its target resolves to, before they expire.
import { RRType, rrTypeToText } from '../../shared/dns/rr-type.js';
import { IterativeResolver } from '../checks/iterative-resolver.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Services } from '../services.js';
import { dueAliases, findAlias, setAliasRefresh } from '../store/aliases.js';
import type { AliasRow } from '../store/aliases.js';
import { deleteRRset, findRRset, upsertRRset } from '../store/rrsets.js';
import { bumpSerial, findZone } from '../store/zones.js';
import { aliasRefreshAt, RETRY_MS } from './alias-refresh-time.js';
import { resolveAliasTarget } from './resolve-alias.js';
import type { AliasAddresses } from './resolve-alias.js';

/** How often due aliases are looked for, and how many are resolved in one round. */
const TICK_MS = 5_000;
const PER_TICK = 50;
const ACTOR = 'system:alias';

export interface AliasRefresher {
  /** Resolves every alias that is due now (also what each tick does); resolves when done. */
  refreshDue(): Promise<void>;
  /** Stops after the round under way. */
  close(): Promise<void>;
}

/**
 * Every TICK_MS, resolves the aliases whose refresh time has come (aliasRefreshAt: three
 * quarters into the target's TTL) and writes their owners' A and AAAA where they changed, with
 * a serial bump, an audit entry and a publish (at once with auto-publish on, else staged like
 * any change). A target that fails to resolve keeps the addresses served and is tried again
 * after RETRY_MS; the failure is logged.
 */
export function startAliasRefresher(services: Services): AliasRefresher {
  const resolver = new IterativeResolver(services.config.checks.resolver);
  let running: Promise<void> = Promise.resolve();
  let closed = false;

  const refreshOne = async (alias: AliasRow): Promise<void> => {
    const resolved = await resolveAliasTarget(resolver, alias.target);
    const now = services.now().getTime();
    if (resolved.kind === 'failed') {
      services.log.warn('aliases: the target does not resolve; the addresses served stay as they were', { zoneId: alias.zoneId, name: alias.name, target: alias.target, reason: resolved.reason });
      setAliasRefresh(services.db, alias.zoneId, alias.name, now + RETRY_MS);
      return;
    }
    applyAddresses(services, alias, resolved.addresses, now);
  };

  const refreshDue = (): Promise<void> => {
    running = running.then(async () => {
      if (closed) return;
      for (const alias of dueAliases(services.db, services.now().getTime(), PER_TICK)) {
        if (closed) return;
        await refreshOne(alias).catch((err: unknown) => services.log.error('aliases: refresh failed', { zoneId: alias.zoneId, name: alias.name, err }));
      }
    });
    return running;
  };

  const timer = setInterval(() => void refreshDue(), TICK_MS);
  timer.unref();
  return {
    refreshDue,
    async close() {
      closed = true;
      clearInterval(timer);
      await running;
    },
  };
}

/** Writes the owner's addresses where they differ, in one transaction; nothing if the alias changed meanwhile. */
function applyAddresses(services: Services, alias: AliasRow, addresses: AliasAddresses, now: number): void {
  const { db } = services;
  const scheduled = db.transaction(() => {
    const current = findAlias(db, alias.zoneId, alias.name);
    const zone = findZone(db, alias.zoneId);
    if (current === undefined || current.target !== alias.target || zone === undefined) return false;
    setAliasRefresh(db, alias.zoneId, alias.name, aliasRefreshAt(now, addresses));
    const ttl = Math.min(current.ttl, addresses.ttl);
    let changed = false;
    for (const [type, records] of [[RRType.A, addresses.a], [RRType.AAAA, addresses.aaaa]] as const) {
      const before = findRRset(db, alias.zoneId, alias.name, type);
      const same = before !== undefined && before.ttl === ttl && before.records.length === records.length && records.every((r) => before.records.includes(r));
      if (same || (before === undefined && records.length === 0)) continue;
      if (records.length === 0) deleteRRset(db, alias.zoneId, alias.name, type);
      else upsertRRset(db, { zoneId: alias.zoneId, name: alias.name, type, ttl, records });
      recordAudit(db, {
        tenantId: zone.tenantId,
        actor: ACTOR,
        action: records.length === 0 ? 'rrset.delete' : 'rrset.upsert',
        target: `${alias.name}/${rrTypeToText(type)}`,
        before: before === undefined ? null : { ttl: before.ttl, records: before.records },
        after: records.length === 0 ? null : { ttl, records },
      });
      changed = true;
    }
    if (changed) bumpSerial(db, alias.zoneId, new Date(now).toISOString());
    return changed && zone.autoPublish;
  })();
  if (scheduled) services.publisher.schedule(alias.zoneId);
}
