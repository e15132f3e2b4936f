// The `dnssec_signals` table (migration 21): which RFC 9615 signals a zone has in which zones.
import type { Database } from 'better-sqlite3';
import type { Name } from '../../shared/dns/name.js';

export interface SignalRow {
  readonly hostZoneId: string;
  readonly name: Name;
}

export function listSignals(db: Database, childZoneId: string): SignalRow[] {
  return db
    .prepare<[string], { host_zone_id: string; name: string }>('SELECT host_zone_id, name FROM dnssec_signals WHERE child_zone_id = ?')
    .all(childZoneId)
    .map((r) => ({ hostZoneId: r.host_zone_id, name: r.name as Name }));
}

export function putSignal(db: Database, childZoneId: string, signal: SignalRow): void {
  db.prepare('INSERT OR IGNORE INTO dnssec_signals (child_zone_id, host_zone_id, name) VALUES (?, ?, ?)').run(childZoneId, signal.hostZoneId, signal.name);
}

export function dropSignal(db: Database, childZoneId: string, signal: SignalRow): void {
  db.prepare('DELETE FROM dnssec_signals WHERE child_zone_id = ? AND host_zone_id = ? AND name = ?').run(childZoneId, signal.hostZoneId, signal.name);
}
