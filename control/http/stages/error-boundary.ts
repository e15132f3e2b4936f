// Stage 2: the error boundary. Every thrown error becomes an application/problem+json response.
import type { Middleware } from 'koa';
import { isProblemError, ProblemError } from '../../errors/problem-error.js';
import type { Services } from '../../services.js';
import type { RequestState } from '../request-state.js';
import { writeProblem } from '../problem-response.js';

/**
 * Typed ProblemErrors are written as they are. Anything else is a fault: it is logged with
 * its stack and the request id, and the client gets a generic 500 naming only the request id,
 * never a message or a stack. This replaces Koa's text/plain `onerror`.
 */
export function errorBoundaryStage(services: Services): Middleware<RequestState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const instance = `urn:dnscove:request:${ctx.state.requestId}`;
      if (isProblemError(err)) {
        if (err.status >= 500) services.log.error('request failed', { request_id: ctx.state.requestId, err });
        writeProblem(ctx, err, instance);
        return;
      }
      services.log.error('unhandled error', { request_id: ctx.state.requestId, method: ctx.method, path: ctx.path, err });
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
