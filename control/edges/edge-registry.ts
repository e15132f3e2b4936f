// Which remote edges are connected and what each serves: status reports, long-poll presence, and waiting for all to catch up.
import type { Database } from 'better-sqlite3';
import type { EdgeSync } from '../../shared/schemas/edges.js';
import { countFeedAfter } from '../store/feed.js';
import { listEdgeStatus, saveEdgeStatus } from '../store/edge-status.js';
import type { EdgeStatusRow } from '../store/edge-status.js';

/** An edge not heard from for this long, and not holding a long-poll, counts as disconnected. */
export const CONNECTED_WITHIN_MS = 60_000;

export type { EdgeSync };

/** One edge as GET /api/edges shows it. */
export interface EdgeView {
  readonly name: string;
  readonly address: string;
  readonly last_seen: string;
  readonly served_seq: number;
  readonly zones: number | null;
  readonly connected: boolean;
  readonly zones_behind: number;
}

export interface EdgeRegistry {
  /** Marks `name` as holding a long-poll until the returned function is called. */
  polling(name: string): () => void;
  /** Records that the edge was heard from (without a served sequence). */
  seen(name: string, address: string): void;
  /** Records the edge's report that it serves the feed up to `servedSeq`; wakes waitFor. */
  report(name: string, address: string, servedSeq: number, zones: number | undefined): void;
  /** Unrevoked edges heard from within CONNECTED_WITHIN_MS or holding a long-poll. */
  connected(): EdgeStatusRow[];
  /** How many unrevoked edges ever reported, and the connected ones, from one read of the table (a zone list asks per zone). */
  standing(): { known: number; connected: EdgeStatusRow[] };
  /** Every unrevoked edge that ever reported, with its lag behind the feed. */
  list(): EdgeView[];
  /**
   * Resolves once every connected edge serves `target` or more, or after `timeoutMs` with the
   * ones that do not. With no connected edge it resolves at once. Edges that connect meanwhile
   * are waited for too; an edge whose key is revoked meanwhile is not.
   */
  waitFor(target: number, timeoutMs: number): Promise<EdgeSync>;
  /** Ends every wait (control plane stopping). */
  close(): void;
}

export function createEdgeRegistry(db: Database, now: () => Date): EdgeRegistry {
  const polls = new Map<string, number>();
  /** Pending waitFor calls: each one's re-check, mapped to what ends it. */
  const waiters = new Map<() => void, () => void>();
  const isConnected = (e: EdgeStatusRow): boolean => !e.revoked && ((polls.get(e.name) ?? 0) > 0 || now().getTime() - Date.parse(e.lastSeen) < CONNECTED_WITHIN_MS);
  const connected = (): EdgeStatusRow[] => listEdgeStatus(db).filter(isConnected);
  const sync = (target: number): EdgeSync => {
    const edges = connected();
    const lagging = edges.filter((e) => e.servedSeq < target).map((e) => e.name);
    return { total: edges.length, in_sync: edges.length - lagging.length, lagging };
  };
  const wake = (): void => {
    for (const check of [...waiters.keys()]) check();
  };
  return {
    polling(name) {
      polls.set(name, (polls.get(name) ?? 0) + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (polls.get(name) ?? 1) - 1;
        if (left > 0) polls.set(name, left);
        else polls.delete(name);
      };
    },
    seen(name, address) {
      saveEdgeStatus(db, { name, address, lastSeen: now().toISOString() });
    },
    report(name, address, servedSeq, zones) {
      saveEdgeStatus(db, { name, address, lastSeen: now().toISOString(), servedSeq, ...(zones === undefined ? {} : { zones }) });
      wake();
    },
    connected,
    standing() {
      const edges = listEdgeStatus(db).filter((e) => !e.revoked);
      return { known: edges.length, connected: edges.filter(isConnected) };
    },
    list() {
      return listEdgeStatus(db)
        .filter((e) => !e.revoked)
        .map((e) => ({ name: e.name, address: e.address, last_seen: e.lastSeen, served_seq: e.servedSeq, zones: e.zones, connected: isConnected(e), zones_behind: countFeedAfter(db, e.servedSeq) }));
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
