// The `dnssec_rollovers` table (migration 19): a zone's key rollover in progress.
import type { Database } from 'better-sqlite3';

/** See control/dnssec/key-rollover.ts for what each phase publishes and waits for. */
export type RolloverPhase = 'signing' | 'publishing' | 'submitting' | 'retiring' | 'unsigning';

export interface RolloverRow {
  readonly zoneId: string;
  /** The incoming key's algorithm and its private half, sealed like the zone's own key. */
  readonly algorithm: number;
  readonly sealedKey: Buffer;
  readonly phase: RolloverPhase;
  /** Seconds since the epoch. */
  readonly startedAt: number;
  readonly phaseAt: number;
  /** When the phase's wait is over; null while it waits for the parent zone's DS instead. */
  readonly nextAt: number | null;
  /** When the parent zone's servers were last asked for the DS. */
  readonly checkedAt: number | null;
}

interface Raw {
  zone_id: string;
  algorithm: number;
  sealed_key: Buffer;
  phase: string;
  started_at: number;
  phase_at: number;
  next_at: number | null;
  checked_at: number | null;
}

const toRow = (r: Raw): RolloverRow => ({
  zoneId: r.zone_id,
  algorithm: r.algorithm,
  sealedKey: r.sealed_key,
  phase: r.phase as RolloverPhase,
  startedAt: r.started_at,
  phaseAt: r.phase_at,
  nextAt: r.next_at,
  checkedAt: r.checked_at,
});

export function findRollover(db: Database, zoneId: string): RolloverRow | undefined {
  const r = db.prepare<[string], Raw>('SELECT * FROM dnssec_rollovers WHERE zone_id = ?').get(zoneId);
  return r === undefined ? undefined : toRow(r);
}

export function insertRollover(db: Database, row: Omit<RolloverRow, 'checkedAt'>): void {
  db.prepare('INSERT INTO dnssec_rollovers (zone_id, algorithm, sealed_key, phase, started_at, phase_at, next_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    row.zoneId,
    row.algorithm,
    row.sealedKey,
    row.phase,
    row.startedAt,
    row.phaseAt,
    row.nextAt,
  );
}

export function setRolloverPhase(db: Database, zoneId: string, phase: RolloverPhase, phaseAt: number, nextAt: number | null): void {
  db.prepare('UPDATE dnssec_rollovers SET phase = ?, phase_at = ?, next_at = ? WHERE zone_id = ?').run(phase, phaseAt, nextAt, zoneId);
}

export function setRolloverChecked(db: Database, zoneId: string, checkedAt: number): void {
  db.prepare('UPDATE dnssec_rollovers SET checked_at = ? WHERE zone_id = ?').run(checkedAt, zoneId);
}

export function dropRollover(db: Database, zoneId: string): void {
  db.prepare('DELETE FROM dnssec_rollovers WHERE zone_id = ?').run(zoneId);
}

/** Zones whose rollover has a step due at `now`: a wait over, or the parent to ask again (last asked before `askBefore`). */
export function rolloversDue(db: Database, now: number, askBefore: number): string[] {
  return db
    .prepare<[number, number], { zone_id: string }>('SELECT zone_id FROM dnssec_rollovers WHERE next_at <= ? OR (next_at IS NULL AND (checked_at IS NULL OR checked_at <= ?))')
    .all(now, askBefore)
    .map((r) => r.zone_id);
}
