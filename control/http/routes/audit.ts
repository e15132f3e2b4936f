// Route of the audit log: the tenant's entries, newest first, paginated by id cursor.
import { defineRoute } from '../route.js';
import type { RouteDef } from '../route.js';
import { ValidationError } from '../../errors/catalogue.js';
import { auditPage } from '../../audit/audit-page.js';
import { auditPageSchema } from '../../../shared/schemas/audit.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

function intParam(query: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const text = query.get(name);
  if (text === null || text === '') return undefined;
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || n < min || n > max) throw new ValidationError(name, text, `${name} must be an integer from ${min} to ${max}.`);
  return n;
}

export const routes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    path: '/api/audit',
    accepts: ['session', 'tenant-admin'],
    summary: "The tenant's audit log, newest first",
    description: `Query: limit (1–${MAX_LIMIT}, default ${DEFAULT_LIMIT}) and before (the next_before of the previous page).`,
    tags: ['audit'],
    responses: { 200: { description: 'One page of entries', schema: auditPageSchema } },
    handler({ services, principal, query }) {
      const limit = intParam(query, 'limit', 1, MAX_LIMIT) ?? DEFAULT_LIMIT;
      const before = intParam(query, 'before', 1, Number.MAX_SAFE_INTEGER);
      return { body: auditPage(services, principal.tenantId, limit, before) };
    },
  }),
];
