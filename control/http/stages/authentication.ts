// Stage 4: reads the credentials (Bearer, or a PowerDNS X-API-Key) into ctx.state.auth; routes decide what they require.
import type { Middleware } from 'koa';
import { authenticateRequest } from '../request-credentials.js';
import type { Services } from '../../services.js';
import type { RequestState } from '../request-state.js';

/**
 * Never rejects by itself: an unknown route still gets its 404 and a public route ignores bad
 * credentials. The route pipeline turns `none`/`invalid` into 401 for routes that need a principal.
 */
export function authenticationStage(services: Services): Middleware<RequestState> {
  return async (ctx, next) => {
    ctx.state.auth = authenticateRequest(services, ctx.path, (name) => ctx.get(name) || undefined);
    if (ctx.state.auth.kind === 'invalid') ctx.state.log.debug('credentials refused', { reason: ctx.state.auth.reason });
    await next();
  };
}
