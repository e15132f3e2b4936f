// The `edge_status` table: what each remote edge process last reported, and from where.
import type { Database } from 'better-sqlite3';

export interface EdgeStatusRow {
  /** The edge key's name. */
  readonly name: string;
  /** Which process among those sharing the key ('' for one that does not say). */
  readonly instance: string;
  readonly address: string;
  readonly lastSeen: string;
  /** The feed sequence whose changes the edge serves. */
  readonly servedSeq: number;
  /** How many zones the edge said it serves, when it said. */
  readonly zones: number | null;
  /** Whether the edge's key is revoked (from edge_keys). */
  readonly revoked: boolean;
}

interface RawEdgeStatus {
  name: string;
  instance: string;
  address: string;
  last_seen: string;
  served_seq: number;
  zones: number | null;
  revoked_at: string | null;
}

/** Records a status report; `servedSeq` undefined keeps the one reported before (0 for a new process). */
export function saveEdgeStatus(db: Database, report: { name: string; instance: string; address: string; lastSeen: string; servedSeq?: number; zones?: number }): void {
  db.prepare(
    `INSERT INTO edge_status (name, instance, address, last_seen, served_seq, zones) VALUES (@name, @instance, @address, @lastSeen, @servedSeq, @zones)
     ON CONFLICT (name, instance) DO UPDATE SET address = excluded.address, last_seen = excluded.last_seen,
       served_seq = CASE WHEN @keepSeq THEN edge_status.served_seq ELSE excluded.served_seq END,
       zones = COALESCE(excluded.zones, edge_status.zones)`,
  ).run({ name: report.name, instance: report.instance, address: report.address, lastSeen: report.lastSeen, servedSeq: report.servedSeq ?? 0, zones: report.zones ?? null, keepSeq: report.servedSeq === undefined ? 1 : 0 });
}

/** Every edge process that ever reported, with its key's revocation, by name then instance. */
export function listEdgeStatus(db: Database): EdgeStatusRow[] {
  return db
    .prepare<[], RawEdgeStatus>('SELECT s.*, k.revoked_at FROM edge_status s JOIN edge_keys k ON k.name = s.name ORDER BY s.name, s.instance')
    .all()
    .map((r) => ({ name: r.name, instance: r.instance, address: r.address, lastSeen: r.last_seen, servedSeq: r.served_seq, zones: r.zones, revoked: r.revoked_at !== null }));
}
