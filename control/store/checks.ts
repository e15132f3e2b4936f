// The `check_results` table: the last delegation and parity result of each zone, as JSON.
import type { Database, Statement } from 'better-sqlite3';

export type CheckKind = 'delegation' | 'parity';

/** A stored result: the JSON the check returned (parsed, untyped: callers narrow it) and when. */
export interface CheckResultRow {
  readonly zoneId: string;
  readonly kind: CheckKind;
  readonly result: unknown;
  readonly checkedAt: string;
}

interface RawCheck {
  zone_id: string;
  kind: string;
  result: string;
  checked_at: string;
}

interface CheckStatements {
  one: Statement<[string, string], RawCheck>;
  save: Statement<[RawCheck]>;
  activate: Statement<[string, string]>;
}

const cache = new WeakMap<Database, CheckStatements>();

function statements(db: Database): CheckStatements {
  let s = cache.get(db);
  if (s === undefined) {
    s = {
      one: db.prepare<[string, string], RawCheck>('SELECT * FROM check_results WHERE zone_id = ? AND kind = ?'),
      save: db.prepare<[RawCheck]>(
        `INSERT INTO check_results (zone_id, kind, result, checked_at) VALUES (@zone_id, @kind, @result, @checked_at)
         ON CONFLICT (zone_id, kind) DO UPDATE SET result = excluded.result, checked_at = excluded.checked_at`,
      ),
      // The one status change a check makes; kept here so zones.ts need not know about checks.
      activate: db.prepare<[string, string]>(
        "UPDATE zones SET status = 'ACTIVE', updated_at = ? WHERE id = ? AND status = 'PENDING_VERIFICATION'",
      ),
    };
    cache.set(db, s);
  }
  return s;
}

/** Replaces the zone's last result of this kind. */
export function saveCheckResult(db: Database, zoneId: string, kind: CheckKind, result: unknown, checkedAt: string): void {
  statements(db).save.run({ zone_id: zoneId, kind, result: JSON.stringify(result), checked_at: checkedAt });
}

/** The zone's last result of this kind, or undefined when the check never ran. */
export function findCheckResult(db: Database, zoneId: string, kind: CheckKind): CheckResultRow | undefined {
  const r = statements(db).one.get(zoneId, kind);
  if (r === undefined) return undefined;
  return { zoneId: r.zone_id, kind, result: JSON.parse(r.result) as unknown, checkedAt: r.checked_at };
}

/** Moves a PENDING_VERIFICATION zone to ACTIVE; true when it changed (idempotent otherwise). */
export function activateZone(db: Database, zoneId: string, updatedAt: string): boolean {
  return statements(db).activate.run(updatedAt, zoneId).changes > 0;
}
