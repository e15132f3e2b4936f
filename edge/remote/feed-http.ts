// The edge's HTTP client of the control plane's feed: changes, signed files, status reports.
import type { KeyObject } from 'node:crypto';
import { SIGNATURE_HEADER, verifyFile } from '../../shared/feed/file-signature.js';
import type { EdgeChanges } from '../../shared/schemas/edges.js';
import { parseChanges } from './feed-messages.js';

/** Must match control/http/routes/edge-feed.ts. */
const FEED_PATH = 'api/edge/v1/';
const CHANGES_SIGNED_NAME = 'changes';
/** Beyond the long-poll's own wait, how long a request may take before it is given up. */
const REQUEST_SLACK_MS = 15_000;

/** A failed exchange: `kind` says whether to retry as is (`unavailable`) or whether the data was refused (`refused`). */
export class FeedError extends Error {
  override name = 'FeedError';
  constructor(
    readonly kind: 'unavailable' | 'refused' | 'conflict' | 'gone',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface FeedHttpOptions {
  /** The control plane's base URL, e.g. http://ctl:8080/. */
  readonly baseUrl: string;
  readonly edgeKey: string;
  readonly publicKey: KeyObject;
  /** Aborts every request under way, the held long-poll included (the edge is stopping). */
  readonly stop?: AbortSignal;
}

export interface FeedHttp {
  /** The changes after `after`, held up to `waitSeconds`; the body's signature is verified before it is parsed. */
  changes(after: number, waitSeconds: number): Promise<EdgeChanges>;
  /**
   * `name` (a snapshot, or a journal from `from`, only if it continues `base`), verified
   * against the signing key. FeedError 'refused' for a bad signature, 'gone' for 404,
   * 'conflict' for 409, 'unavailable' for anything network or 5xx.
   */
  file(name: string, from: number, base?: string): Promise<Buffer>;
  status(report: { name?: string; served_seq: number; zones: number }): Promise<void>;
}

export function createFeedHttp(options: FeedHttpOptions): FeedHttp {
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const auth = { authorization: `Bearer ${options.edgeKey}` };

  async function request(path: string, init: RequestInit, timeoutMs: number): Promise<{ res: Response; bytes: Buffer }> {
    let res: Response;
    let bytes: Buffer;
    try {
      const timeout = AbortSignal.timeout(timeoutMs);
      res = await fetch(new URL(FEED_PATH + path, base), { ...init, signal: options.stop === undefined ? timeout : AbortSignal.any([timeout, options.stop]) });
      bytes = Buffer.from(await res.arrayBuffer());
    } catch (err) {
      throw new FeedError('unavailable', `feed: ${path}: ${(err as Error).message}`, { cause: err });
    }
    if (res.ok) return { res, bytes };
    const detail = `feed: ${path}: HTTP ${res.status} ${bytes.toString('utf8').slice(0, 200)}`;
    if (res.status === 404) throw new FeedError('gone', detail);
    if (res.status === 409) throw new FeedError('conflict', detail);
    // 401 (revoked key) and other refusals are retried too: an operator may fix them without restarting us.
    throw new FeedError('unavailable', detail);
  }

  const verified = (res: Response, name: string, from: number, bytes: Buffer): Buffer => {
    if (!verifyFile(options.publicKey, name, from, bytes, res.headers.get(SIGNATURE_HEADER))) throw new FeedError('refused', `feed: ${name} (from ${from}): the signature does not verify with the snapshot public key`);
    return bytes;
  };

  return {
    async changes(after, waitSeconds) {
      const { res, bytes } = await request(`changes?after=${after}&wait=${waitSeconds}`, { headers: auth }, waitSeconds * 1000 + REQUEST_SLACK_MS);
      return parseChanges(verified(res, CHANGES_SIGNED_NAME, after, bytes).toString('utf8'));
    },
    async file(name, from, baseChecksum) {
      const query = name.endsWith('.journal') ? `?from=${from}${baseChecksum === undefined ? '' : `&base=${baseChecksum}`}` : '';
      const { res, bytes } = await request(`files/${encodeURIComponent(name)}${query}`, { headers: auth }, REQUEST_SLACK_MS * 4);
      return verified(res, name, from, bytes);
    },
    async status(report) {
      await request('status', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(report) }, REQUEST_SLACK_MS);
    },
  };
}
