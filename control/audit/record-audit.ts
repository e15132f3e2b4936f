// Writes audit entries: who did what to which target, with a before/after summary.
import type { Database } from 'better-sqlite3';
import { insertAudit } from '../store/audit.js';

export interface AuditEvent {
  readonly tenantId: string;
  /** actorOf(principal): "user:<email>" or "token:<id>". */
  readonly actor: string;
  /** "zone.create", "zone.delete", "rrset.upsert", "rrset.delete", "zone.publish", "token.create", "token.revoke", "auth.login", ... */
  readonly action: string;
  /** What was acted on: a zone origin, "name/TYPE", a token id, an email. */
  readonly target: string;
  readonly before?: unknown;
  readonly after?: unknown;
  /** Defaults to now. */
  readonly at?: Date;
}

/**
 * Appends one audit entry. Call it inside the change's own transaction, so the entry exists
 * exactly when the change does. Never stores secrets: pass summaries, not tokens.
 */
export function recordAudit(db: Database, event: AuditEvent): void {
  const summary: Record<string, unknown> = {};
  if (event.before !== undefined) summary['before'] = event.before;
  if (event.after !== undefined) summary['after'] = event.after;
  insertAudit(db, {
    at: (event.at ?? new Date()).toISOString(),
    tenantId: event.tenantId,
    actor: event.actor,
    action: event.action,
    target: event.target,
    summary: JSON.stringify(summary),
  });
}
