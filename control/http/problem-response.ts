// Writes a ProblemError to a Koa response as application/problem+json (RFC 9457), and documents such answers for OpenAPI.
import type { Context } from 'koa';
import { problemSchema } from '../../shared/schemas/common.js';
import type { ProblemError } from '../errors/problem-error.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A route's `responses` entry for an error status: a problem document meaning `description`. */
export function problem(description: string): { description: string; schema: typeof problemSchema; contentType: string } {
  return { description, schema: problemSchema, contentType: PROBLEM_CONTENT_TYPE };
}

/** The JSON document for an error: RFC 9457 members first, then the error's extensions. */
export function problemDocument(err: ProblemError, instance?: string): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    type: err.type,
    title: err.title,
    status: err.status,
    detail: err.expose ? err.detail : err.title,
  };
  if (instance !== undefined) doc['instance'] = instance;
  // Extensions never replace the standard members (RFC 9457 §3.2).
  for (const [k, v] of Object.entries(err.extra ?? {})) if (!(k in doc)) doc[k] = v;
  return doc;
}

/** Replaces whatever response was being built with the problem document and its headers. */
export function writeProblem(ctx: Context, err: ProblemError, instance?: string): void {
  ctx.status = err.status;
  for (const [k, v] of Object.entries(err.headers)) ctx.set(k, v);
  ctx.type = PROBLEM_CONTENT_TYPE;
  ctx.body = JSON.stringify(problemDocument(err, instance));
}
