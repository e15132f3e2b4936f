// Stage 2: the error boundary. Every thrown error becomes an application/problem+json response.
import type { Middleware, ParameterizedContext } from 'koa';
import { isProblemError, ProblemError } from '../../errors/problem-error.js';
import { isPowerDnsPath, PdnsError } from '../../pdns-api/pdns-error.js';
import type { RequestState } from '../request-state.js';
import { writeProblem } from '../problem-response.js';

/**
 * Typed ProblemErrors are written as they are. Anything else is a fault: it is logged with
 * its stack and the request id, and the client gets a generic 500 naming only the request id,
 * never a message or a stack. This replaces Koa's text/plain `onerror`.
 */
export function errorBoundaryStage(): Middleware<RequestState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      if (isPowerDnsPath(ctx.path) && writePowerDnsError(ctx, err)) return;
      const instance = `urn:dnscove:request:${ctx.state.requestId}`;
      if (isProblemError(err)) {
        if (err.status >= 500) ctx.state.log.error('request failed', { err });
        writeProblem(ctx, err, instance);
        return;
      }
      ctx.state.log.error('unhandled error', { method: ctx.method, path: ctx.path, err });
      writeProblem(
        ctx,
        new ProblemError({
          status: 500,
          slug: 'internal',
          title: 'Internal server error',
          detail: `Internal server error (request ${ctx.state.requestId}).`,
          expose: true,
        }),
        instance,
      );
    }
  };
}

/**
 * On the PowerDNS API, a refusal is `{"error": "..."}` as PowerDNS writes it, whether it comes
 * from the adapter (PdnsError) or from the stages before it (401, 404, 413, malformed JSON).
 * False for a fault, which gets the generic 500 problem like any other.
 */
function writePowerDnsError(ctx: ParameterizedContext<RequestState>, err: unknown): boolean {
  const refusal = err instanceof PdnsError ? { status: err.status, message: err.message, headers: {} } : isProblemError(err) && err.status < 500 ? { status: err.status, message: err.detail, headers: err.headers } : undefined;
  if (refusal === undefined) return false;
  for (const [k, v] of Object.entries(refusal.headers)) if (k.toLowerCase() !== 'www-authenticate') ctx.set(k, v);
  if (refusal.status === 401) ctx.set('WWW-Authenticate', 'X-API-Key realm="PowerDNS"');
  ctx.status = refusal.status;
  ctx.type = 'application/json';
  ctx.body = JSON.stringify({ error: refusal.message });
  return true;
}
