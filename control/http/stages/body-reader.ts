// Stage 3: reads a request body under a size limit and parses it as JSON (415, 413, 400 otherwise).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Middleware } from 'koa';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../../errors/catalogue.js';
import type { AuthOutcome } from '../../auth/auth-outcome.js';
import type { RequestState } from '../request-state.js';

const JSON_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json$/i;

/** True when the request carries a body (RFC 9112 §6.3: Content-Length or Transfer-Encoding). */
function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

/** How long a refused upload may go on being read (and thrown away) after the 413 is sent. */
const LINGER_MS = 2_000;

/**
 * The body is over the limit: the 413 goes out now, with `Connection: close`, and nothing more
 * is kept. Closing at once with the client still sending would make our TCP stack answer its
 * data with a reset, which can destroy the 413 before the client reads it; so once the answer
 * is sent our side is shut (FIN) and what still arrives is read and dropped for LINGER_MS at
 * most (a lingering close, as Apache httpd does), then the connection is destroyed.
 */
function refuseBody(ctx: { req: IncomingMessage; set(field: string, value: string): void }, limit: number): PayloadTooLargeError {
  const { req } = ctx;
  const socket = req.socket;
  ctx.set('Connection', 'close');
  req.removeAllListeners('data');
  req.on('data', () => undefined);
  req.on('error', () => undefined);
  req.resume();
  // Node ends a `Connection: close` response with socket.destroySoon(): closing while data is
  // still unread. This socket lingers instead.
  socket.destroySoon = () => {
    socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    socket.once('close', () => clearTimeout(timer));
  };
  return new PayloadTooLargeError(limit);
}

/** Collects the body, at most `limit` bytes; rejects with "over" as soon as it passes the limit. */
function collect(req: IncomingMessage, limit: number): Promise<Buffer | 'over'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        resolve('over');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', (err) => reject(new BadRequestError(`Could not read the request body: ${err.message}`)));
  });
}

/** The routes that take whole zones (/api/import/…) have a limit of their own. */
const IMPORT_PATH = /^\/api\/import\//;

export interface BodyLimits {
  readonly other: number;
  readonly import: number;
  /** For requests without valid credentials: the sign-in routes need a few hundred bytes. */
  readonly unauthenticated: number;
}

/** The most an unauthenticated request may send: a sign-in request is a few hundred bytes. */
export const UNAUTHENTICATED_BODY_LIMIT = 16 * 1024;

/** The limits the control plane's configuration gives. */
export function bodyLimits(config: { readonly bodyLimitBytes: number; readonly importBodyLimitBytes: number }): BodyLimits {
  return { other: config.bodyLimitBytes, import: config.importBodyLimitBytes, unauthenticated: Math.min(UNAUTHENTICATED_BODY_LIMIT, config.bodyLimitBytes) };
}

/** Who is sending, as far as the body limit cares: nobody known, someone who may import zones, anyone else. */
export type Sender = 'unauthenticated' | 'importer' | 'other';

/** What a request's credentials make of its sender (sessions and tenant-admin tokens may import). */
export function senderOf(auth: AuthOutcome): Sender {
  if (auth.kind !== 'ok') return 'unauthenticated';
  const p = auth.principal;
  return p.kind === 'session' || p.scope === 'tenant-admin' ? 'importer' : 'other';
}

/**
 * The largest body a request to `path` from `sender` may send: nothing is buffered for a
 * stranger beyond what signing in takes, and a zone-sized body only for those allowed to import.
 */
export function bodyLimitFor(path: string, limits: BodyLimits, sender: Sender): number {
  if (sender === 'unauthenticated') return limits.unauthenticated;
  return IMPORT_PATH.test(path) && sender === 'importer' ? limits.import : limits.other;
}

/**
 * The server's 'checkContinue' handler: a client that sends `Expect: 100-continue` is told to
 * go on only when the Content-Length it declares fits the route's limit; otherwise it gets no
 * 100 and the request goes on to the pipeline, which answers 413 from the header alone, so the
 * body is never sent (Node would answer 100 to everything, then have to drain what follows).
 */
export function continueIfItFits(limits: BodyLimits, senderOfRequest: (req: IncomingMessage) => Sender, handle: (req: IncomingMessage, res: ServerResponse) => void): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const declared = Number(req.headers['content-length']);
    const path = (req.url ?? '/').split('?')[0]!;
    if (!(Number.isFinite(declared) && declared > bodyLimitFor(path, limits, senderOfRequest(req)))) res.writeContinue();
    handle(req, res);
  };
}

/**
 * Leaves the parsed JSON in ctx.state.body (undefined when there is no body). A body must be
 * `application/json` (or `application/*+json`): 415 otherwise. A declared Content-Length over
 * the limit (`limits.import` on the import routes, `limits.other` elsewhere) is refused before
 * reading, an undeclared one as soon as it passes the limit: 413 and the connection closed,
 * whatever the size. Malformed JSON or bad UTF-8 is a 400.
 */
export function bodyReaderStage(limits: BodyLimits): Middleware<RequestState> {
  return async (ctx, next) => {
    ctx.state.body = undefined;
    const limit = bodyLimitFor(ctx.path, limits, senderOf(ctx.state.auth));
    if (hasBody(ctx.req)) {
      const mediaType = (ctx.get('Content-Type').split(';')[0] ?? '').trim();
      if (!JSON_TYPE.test(mediaType)) throw new UnsupportedMediaTypeError();
      const declared = Number(ctx.get('Content-Length'));
      if (Number.isFinite(declared) && declared > limit) throw refuseBody(ctx, limit);
      const raw = await collect(ctx.req, limit);
      if (raw === 'over') throw refuseBody(ctx, limit);
      if (raw.length > 0) {
        let text: string;
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
        } catch {
          throw new BadRequestError('The request body is not valid UTF-8.');
        }
        try {
          ctx.state.body = JSON.parse(text) as unknown;
        } catch (err) {
          throw new BadRequestError(`The request body is not valid JSON: ${(err as Error).message}`);
        }
      }
    }
    await next();
  };
}
