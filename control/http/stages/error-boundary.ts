// Stage 2: the error boundary. Every thrown error becomes an application/problem+json response.
import type { Middleware } from 'koa';
import { isProblemError, ProblemError } from '../../errors/problem-error.js';
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
