// The `edge_zone_serials` table (migration 23): the SOA serial each remote edge process said it
// serves of each zone.
import type { Database } from 'better-sqlite3';
import type { ZoneSerial } from '../../shared/schemas/edges.js';

export interface EdgeProcessKey {
  readonly name: string;
  readonly instance: string;
}

/**
 * Records serials a process reported (in the transaction of its status row, which must exist):
 * after `reset`, only these and those it reports next; a null serial forgets the zone.
 */
export function saveZoneSerials(db: Database, edge: EdgeProcessKey, reset: boolean, serials: readonly ZoneSerial[]): void {
  db.transaction(() => {
    if (reset) db.prepare('DELETE FROM edge_zone_serials WHERE name = ? AND instance = ?').run(edge.name, edge.instance);
    db.prepare('UPDATE edge_status SET reports_serials = 1 WHERE name = ? AND instance = ?').run(edge.name, edge.instance);
    const put = db.prepare('INSERT INTO edge_zone_serials (name, instance, zone, serial) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET serial = excluded.serial');
    const forget = db.prepare('DELETE FROM edge_zone_serials WHERE name = ? AND instance = ? AND zone = ?');
    for (const { zone, serial } of serials) {
      if (serial === null) forget.run(edge.name, edge.instance, zone);
      else put.run(edge.name, edge.instance, zone, serial);
    }
  })();
}

/** Whether the process ever reported serials (an edge older than migration 23 does not). */
export function reportsSerials(db: Database, edge: EdgeProcessKey): boolean {
  return db.prepare<[string, string], { r: number }>('SELECT reports_serials AS r FROM edge_status WHERE name = ? AND instance = ?').get(edge.name, edge.instance)?.r === 1;
}

/** Published zones whose published serial the process does not serve (serving: what it does serve, or null), by origin. */
export function zonesServedOtherwise(db: Database, edge: EdgeProcessKey): { zoneId: string; serving: number | null }[] {
  return db
    .prepare<[string, string], { zoneId: string; serving: number | null }>(
      `SELECT z.id AS zoneId, s.serial AS serving FROM zones z
       LEFT JOIN edge_zone_serials s ON s.name = ? AND s.instance = ? AND s.zone = z.origin
       WHERE z.published_serial > 0 AND (s.serial IS NULL OR s.serial <> z.published_serial)
       ORDER BY z.origin`,
    )
    .all(edge.name, edge.instance);
}
