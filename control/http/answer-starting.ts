// The answer to a request that arrives between the listener opening and the routes being attached.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StartingError } from '../errors/catalogue.js';
import { PROBLEM_CONTENT_TYPE, problemDocument } from './problem-response.js';

const STARTING = new StartingError();
const BODY = JSON.stringify(problemDocument(STARTING));

/**
 * 503 with Retry-After, as a problem document, and the connection closed (the request's body,
 * if any, is not read). Without it a request in that moment would get no answer at all.
 */
export function answerStarting(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(STARTING.status, { ...STARTING.headers, 'Content-Type': PROBLEM_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(BODY), Connection: 'close' });
  res.end(BODY);
}
