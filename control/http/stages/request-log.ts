// Stage 1: gives each request an id, echoes it in X-Request-Id, counts it and writes the access log.
import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Services } from '../../services.js';
import type { RequestState } from '../request-state.js';

const SANE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Runs outside the error boundary so it sees the final status; it never throws itself.
 * A client's X-Request-Id is kept when it is short and plain, so logs can be correlated.
 */
export function requestLogStage(services: Services): Middleware<RequestState> {
  const { metrics } = services;
  return async (ctx, next) => {
    const given = ctx.get('X-Request-Id');
    ctx.state.requestId = SANE_ID.test(given) ? given : randomUUID();
    ctx.set('X-Request-Id', ctx.state.requestId);
    ctx.state.log = services.log.child({ request_id: ctx.state.requestId });
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = typeof ctx['routerPath'] === 'string' ? ctx['routerPath'] : 'unmatched';
      metrics.observe(ctx.method, route, ctx.status, seconds);
      ctx.state.log.info('http', {
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        ms: Math.round(seconds * 1e4) / 10,
        ip: ctx.ip,
      });
    }
  };
}
