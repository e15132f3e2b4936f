// The `audit` table: an append-only log of changes and logins, per tenant.
import type { Database, Statement } from 'better-sqlite3';

export interface AuditRow {
  readonly id: number;
  readonly at: string;
  readonly tenantId: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  /** JSON text: `{before?, after?}`. */
  readonly summary: string;
}

interface RawAudit {
  id: number;
  at: string;
  tenant_id: string;
  actor: string;
  action: string;
  target: string;
  summary: string;
}

interface AuditStatements {
  insert: Statement<[string, string, string, string, string, string]>;
  page: Statement<[string, number, number], RawAudit>;
}

const cache = new WeakMap<Database, AuditStatements>();

function statements(db: Database): AuditStatements {
  let s = cache.get(db);
  if (s === undefined) {
    s = {
      insert: db.prepare('INSERT INTO audit (at, tenant_id, actor, action, target, summary) VALUES (?, ?, ?, ?, ?, ?)'),
      page: db.prepare('SELECT * FROM audit WHERE tenant_id = ? AND id < ? ORDER BY id DESC LIMIT ?'),
    };
    cache.set(db, s);
  }
  return s;
}

/** Appends one entry and returns its id (ids grow with time, so they order the log). */
export function insertAudit(db: Database, row: Omit<AuditRow, 'id'>): number {
  return Number(statements(db).insert.run(row.at, row.tenantId, row.actor, row.action, row.target, row.summary).lastInsertRowid);
}

/** Up to `limit` entries of the tenant with id below `beforeId`, newest first. */
export function listAudit(db: Database, tenantId: string, limit: number, beforeId: number = Number.MAX_SAFE_INTEGER): AuditRow[] {
  return statements(db)
    .page.all(tenantId, beforeId, limit)
    .map((r) => ({ id: r.id, at: r.at, tenantId: r.tenant_id, actor: r.actor, action: r.action, target: r.target, summary: r.summary }));
}
