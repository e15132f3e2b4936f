// Which remote edges are connected and what each serves: status reports, long-poll presence, and waiting for all to catch up.
import type { Database } from 'better-sqlite3';
import type { EdgeSync, ZoneSerial } from '../../shared/schemas/edges.js';
import { countFeedAfter } from '../store/feed.js';
import { reportsSerials, saveZoneSerials, zonesServedOtherwise } from '../store/edge-zone-serials.js';
import { findZone } from '../store/zones.js';
import type { ZoneRow } from '../store/zones.js';
import { listEdgeStatus, saveEdgeStatus } from '../store/edge-status.js';
import type { EdgeStatusRow } from '../store/edge-status.js';

/** An edge not heard from for this long, and not holding a long-poll, counts as disconnected. */
export const CONNECTED_WITHIN_MS = 60_000;

export type { EdgeSync };

/** One edge process as GET /api/edges shows it. */
export interface EdgeView {
  readonly name: string;
  readonly instance: string;
  readonly address: string;
  readonly last_seen: string;
  readonly served_seq: number;
  readonly zones: number | null;
  readonly connected: boolean;
  readonly zones_behind: number;
  readonly zones_lagging: number | null;
  readonly lagging_zones: readonly LaggingZone[];
}

/** A zone whose last publish an edge process does not serve. */
export interface LaggingZone {
  readonly zone: string;
  /** The serial it serves; null when it serves none. */
  readonly serving: number | null;
  readonly published: number;
}

/** The serials a status report carries (edgeStatusRequestSchema). */
export interface SerialReport {
  readonly reset: boolean;
  readonly serials: readonly ZoneSerial[];
}

/** How many lagging zones GET /api/edges names per edge process. */
const LAGGING_SHOWN = 100;

export interface EdgeRegistry {
  /** Marks the process as holding a long-poll until the returned function is called. */
  polling(edge: EdgeProcess): () => void;
  /** Records that the process was heard from (without a served sequence). */
  seen(edge: EdgeProcess, address: string): void;
  /** Records the process's report that it serves the feed up to `servedSeq`, and the serials it serves of the zones it names; wakes waitFor. */
  report(edge: EdgeProcess, address: string, servedSeq: number, zones: number | undefined, serials?: SerialReport): void;
  /** Unrevoked edges heard from within CONNECTED_WITHIN_MS or holding a long-poll. */
  connected(): EdgeStatusRow[];
  /**
   * Every process of an unrevoked edge that ever reported, and those that do not serve `seq`
   * (disconnected, or behind), named as in EdgeSync.lagging; one read of the table.
   */
  serving(seq: number): { total: number; lagging: string[] };
  /** Every process of an unrevoked edge that ever reported, with its lag behind the feed and the zones (those `served` says must be) it does not serve as published. */
  list(served: (zone: ZoneRow) => boolean): EdgeView[];
  /**
   * Resolves once every connected edge serves `target` or more, or after `timeoutMs` with the
   * ones that do not. With no connected edge it resolves at once. Edges that connect meanwhile
   * are waited for too; an edge whose key is revoked meanwhile is not.
   */
  waitFor(target: number, timeoutMs: number): Promise<EdgeSync>;
  /** Ends every wait (control plane stopping). */
  close(): void;
}

/** One edge process: its key's name and the instance id it reports (several may share a key). */
export interface EdgeProcess {
  readonly name: string;
  readonly instance: string;
}

const processKey = (e: EdgeProcess): string => `${e.name}\0${e.instance}`;

/**
 * How an edge process is named where one lags: its key's name, with the instance when several
 * processes share the key ("ns3/4f2a9c01d2e3"), since then the name alone does not say which.
 */
function edgeLabel(e: EdgeStatusRow, all: readonly EdgeStatusRow[]): string {
  return e.instance === '' || all.filter((o) => o.name === e.name).length === 1 ? e.name : `${e.name}/${e.instance}`;
}

export function createEdgeRegistry(db: Database, now: () => Date): EdgeRegistry {
  const laggingZones = (edge: EdgeProcess, served: (zone: ZoneRow) => boolean): LaggingZone[] =>
    zonesServedOtherwise(db, edge).flatMap(({ zoneId, serving }) => {
      const zone = findZone(db, zoneId);
      return zone === undefined || !served(zone) ? [] : [{ zone: zone.origin, serving, published: zone.publishedSerial }];
    });
  const polls = new Map<string, number>();
  /** Pending waitFor calls: each one's re-check, mapped to what ends it. */
  const waiters = new Map<() => void, () => void>();
  const isConnected = (e: EdgeStatusRow): boolean => !e.revoked && ((polls.get(processKey(e)) ?? 0) > 0 || now().getTime() - Date.parse(e.lastSeen) < CONNECTED_WITHIN_MS);
  const connected = (): EdgeStatusRow[] => listEdgeStatus(db).filter(isConnected);
  const sync = (target: number): EdgeSync => {
    const edges = connected();
    const lagging = edges.filter((e) => e.servedSeq < target).map((e) => edgeLabel(e, edges));
    return { total: edges.length, in_sync: edges.length - lagging.length, lagging };
  };
  const wake = (): void => {
    for (const check of [...waiters.keys()]) check();
  };
  return {
    polling(edge) {
      const key = processKey(edge);
      polls.set(key, (polls.get(key) ?? 0) + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (polls.get(key) ?? 1) - 1;
        if (left > 0) polls.set(key, left);
        else polls.delete(key);
      };
    },
    seen(edge, address) {
      saveEdgeStatus(db, { ...edge, address, lastSeen: now().toISOString() });
    },
    report(edge, address, servedSeq, zones, serials) {
      db.transaction(() => {
        saveEdgeStatus(db, { ...edge, address, lastSeen: now().toISOString(), servedSeq, ...(zones === undefined ? {} : { zones }) });
        if (serials !== undefined) saveZoneSerials(db, edge, serials.reset, serials.serials);
      })();
      wake();
    },
    connected,
    serving(seq) {
      const edges = listEdgeStatus(db).filter((e) => !e.revoked);
      return { total: edges.length, lagging: edges.filter((e) => !isConnected(e) || e.servedSeq < seq).map((e) => edgeLabel(e, edges)) };
    },
    list(served) {
      return listEdgeStatus(db)
        .filter((e) => !e.revoked)
        .map((e) => {
          const lagging = reportsSerials(db, e) ? laggingZones(e, served) : undefined;
          return {
            name: e.name,
            instance: e.instance,
            address: e.address,
            last_seen: e.lastSeen,
            served_seq: e.servedSeq,
            zones: e.zones,
            connected: isConnected(e),
            zones_behind: countFeedAfter(db, e.servedSeq),
            zones_lagging: lagging?.length ?? null,
            lagging_zones: lagging?.slice(0, LAGGING_SHOWN) ?? [],
          };
        });
    },
    waitFor(target, timeoutMs) {
      const first = sync(target);
      if (first.lagging.length === 0) return Promise.resolve(first);
      return new Promise((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
          resolve(sync(target));
        };
        const check = (): void => {
          if (sync(target).lagging.length === 0) done();
        };
        const timer = setTimeout(done, timeoutMs);
        waiters.set(check, done);
      });
    },
    close() {
      for (const done of [...waiters.values()]) done();
    },
  };
}
