// Stage 3: reads a request body under a size limit and parses it as JSON (415, 413, 400 otherwise).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Middleware } from 'koa';
import { BadRequestError, BodiesBusyError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../../errors/catalogue.js';
import type { ProblemError } from '../../errors/problem-error.js';
import type { AuthOutcome } from '../../auth/auth-outcome.js';
import type { RequestState } from '../request-state.js';

const JSON_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json$/i;
/** A master file sent as it is (RFC 4027's text/dns, or plain text), taken by the zone-file import only. */
const ZONE_FILE_TYPE = /^text\/(?:dns|plain)$/i;
export const ZONE_FILE_IMPORT_PATH = '/api/import/zonefile';

/** True when the request carries a body (RFC 9112 §6.3: Content-Length or Transfer-Encoding). */
function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

/** How long a refused upload may go on being read (and thrown away) after the 413 is sent. */
const LINGER_MS = 2_000;

/**
 * The body will not be read (over its limit: 413; no memory left for it: 503): the answer
 * goes out now, with `Connection: close`, and nothing more is kept. Closing at once with the client still sending would make our TCP stack answer its
 * data with a reset, which can destroy the 413 before the client reads it; so once the answer
 * is sent our side is shut (FIN) and what still arrives is read and dropped for LINGER_MS at
 * most (a lingering close, as Apache httpd does), then the connection is destroyed.
 */
function refuseBody<E extends ProblemError>(ctx: { req: IncomingMessage; set(field: string, value: string): void }, error: E): E {
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
  return error;
}

/**
 * The memory every request body being read at once may take together (DNSCOVE_BODY_MEMORY): a
 * request that would pass it is answered 503 at once, so a few large uploads cannot together
 * take more than the operator set aside, whatever each one's own limit allows.
 */
export class BodyBudget {
  #used = 0;
  constructor(readonly bytes: number) {}

  /** Takes `n` bytes of the budget; false (nothing taken) when they are not there. */
  take(n: number): boolean {
    if (this.#used + n > this.bytes) return false;
    this.#used += n;
    return true;
  }

  give(n: number): void {
    this.#used -= n;
  }
}

/**
 * Collects the body, at most `limit` bytes, taking what it holds from `budget` as it arrives
 * beyond the `taken` bytes reserved up front; resolves "over" as soon as it passes the limit,
 * "busy" when the budget runs out. Resolves with the bytes it still holds of the budget.
 */
function collect(req: IncomingMessage, limit: number, budget: BodyBudget, taken: number): Promise<{ body: Buffer | 'over' | 'busy'; held: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let held = taken;
    let done = false;
    const finish = (body: Buffer | 'over' | 'busy'): void => {
      if (done) return;
      done = true;
      if (typeof body === 'string') chunks.length = 0;
      resolve({ body, held });
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) return finish('over');
      if (size > held) {
        if (!budget.take(size - held)) return finish('busy');
        held = size;
      }
      chunks.push(chunk);
    });
    req.on('end', () => finish(Buffer.concat(chunks)));
    req.on('error', (err) => {
      if (done) return;
      done = true;
      budget.give(held);
      reject(new BadRequestError(`Could not read the request body: ${err.message}`));
    });
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
 * `application/json` (or `application/*+json`), or, for the zone-file import only, `text/dns`
 * or `text/plain`, left as a string: 415 otherwise. A declared Content-Length over
 * the limit (`limits.import` on the import routes, `limits.other` elsewhere) is refused before
 * reading, an undeclared one as soon as it passes the limit: 413 and the connection closed,
 * whatever the size. A body the budget has no room for is 503 (Retry-After: 1), likewise.
 * Malformed JSON or bad UTF-8 is a 400.
 */
export function bodyReaderStage(limits: BodyLimits, budget: BodyBudget): Middleware<RequestState> {
  return async (ctx, next) => {
    ctx.state.body = undefined;
    const limit = bodyLimitFor(ctx.path, limits, senderOf(ctx.state.auth));
    if (hasBody(ctx.req)) {
      const mediaType = (ctx.get('Content-Type').split(';')[0] ?? '').trim();
      // Read as it is, a master file skips JSON's escaping and parsing on the way in.
      const rawText = ZONE_FILE_TYPE.test(mediaType) && ctx.path === ZONE_FILE_IMPORT_PATH;
      if (!JSON_TYPE.test(mediaType) && !rawText) throw new UnsupportedMediaTypeError();
      const declared = Number(ctx.get('Content-Length'));
      if (Number.isFinite(declared) && declared > limit) throw refuseBody(ctx, new PayloadTooLargeError(limit));
      // A declared length is reserved whole before reading, so a body that cannot be held is refused before it is sent.
      const reserved = Number.isFinite(declared) && declared > 0 ? declared : 0;
      if (!budget.take(reserved)) throw refuseBody(ctx, new BodiesBusyError(budget.bytes));
      const { body: raw, held } = await collect(ctx.req, limit, budget, reserved);
      // The raw bytes are let go once parsed: what the budget counts is what is being read.
      budget.give(held);
      if (raw === 'over') throw refuseBody(ctx, new PayloadTooLargeError(limit));
      if (raw === 'busy') throw refuseBody(ctx, new BodiesBusyError(budget.bytes));
      if (raw.length > 0) {
        let text: string;
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
        } catch {
          throw new BadRequestError('The request body is not valid UTF-8.');
        }
        try {
          ctx.state.body = rawText ? text : (JSON.parse(text) as unknown);
        } catch (err) {
          throw new BadRequestError(`The request body is not valid JSON: ${(err as Error).message}`);
        }
      }
    }
    await next();
  };
}
