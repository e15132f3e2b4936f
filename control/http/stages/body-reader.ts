// Stage 3: reads a request body under a size limit and parses it as JSON (415, 413, 400 otherwise).
import type { IncomingMessage } from 'node:http';
import type { Middleware } from 'koa';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../../errors/catalogue.js';
import type { RequestState } from '../request-state.js';

const JSON_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json$/i;

/** True when the request carries a body (RFC 9112 §6.3: Content-Length or Transfer-Encoding). */
function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

/**
 * Collects the body, at most `limit` bytes. Past the limit it keeps draining (up to a hard
 * cap) so the client can read the 413 instead of seeing a reset connection.
 */
function collect(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        if (size > limit * 16) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => (over ? reject(new PayloadTooLargeError(limit)) : resolve(Buffer.concat(chunks))));
    req.on('error', (err) => reject(over ? new PayloadTooLargeError(limit) : new BadRequestError(`Could not read the request body: ${err.message}`)));
    req.on('close', () => {
      if (over) reject(new PayloadTooLargeError(limit));
    });
  });
}

/** The routes that take whole zones (/api/import/…) have a limit of their own. */
const IMPORT_PATH = /^\/api\/import\//;

/**
 * Leaves the parsed JSON in ctx.state.body (undefined when there is no body). A body must be
 * `application/json` (or `application/*+json`): 415 otherwise. A declared Content-Length over
 * the limit (`limits.import` on the import routes, `limits.other` elsewhere) is refused before
 * reading. Malformed JSON or bad UTF-8 is a 400.
 */
export function bodyReaderStage(limits: { readonly other: number; readonly import: number }): Middleware<RequestState> {
  return async (ctx, next) => {
    ctx.state.body = undefined;
    const limit = IMPORT_PATH.test(ctx.path) ? limits.import : limits.other;
    if (hasBody(ctx.req)) {
      const mediaType = (ctx.get('Content-Type').split(';')[0] ?? '').trim();
      if (!JSON_TYPE.test(mediaType)) throw new UnsupportedMediaTypeError();
      const declared = Number(ctx.get('Content-Length'));
      if (Number.isFinite(declared) && declared > limit) {
        // Drain what we can so the client gets the answer, then refuse.
        await collect(ctx.req, limit).catch(() => undefined);
        throw new PayloadTooLargeError(limit);
      }
      const raw = await collect(ctx.req, limit);
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
