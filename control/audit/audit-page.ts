// Reads the audit log a page at a time, in the API's shape.
import { listAudit } from '../store/audit.js';
import type { Services } from '../services.js';

export interface AuditEntryJson {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  summary: unknown;
}

export interface AuditPage {
  entries: AuditEntryJson[];
  /** The cursor for the next (older) page, or null when this page is the last. */
  next_before: number | null;
}

function parseSummary(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Up to `limit` entries of the tenant, newest first, older than the entry `before` when
 * given. Ids only grow, so paging by id is stable while new entries arrive.
 */
export function auditPage(services: Services, tenantId: string, limit: number, before?: number): AuditPage {
  const rows = listAudit(services.db, tenantId, limit, before);
  const last = rows.at(-1);
  return {
    entries: rows.map((r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, target: r.target, summary: parseSummary(r.summary) })),
    next_before: rows.length === limit && last !== undefined ? last.id : null,
  };
}
