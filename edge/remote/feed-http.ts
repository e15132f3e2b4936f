// The edge's HTTP client of the control plane's feed: changes, signed files, status reports.
import type { KeyObject } from 'node:crypto';
import { SIGNATURE_HEADER, verifyFile } from '../../shared/feed/file-signature.js';
import type { EdgeChanges, EdgeStatusRequest } from '../../shared/schemas/edges.js';
import { parseChanges } from './feed-messages.js';

/** Must match control/http/routes/edge-feed.ts. */
const FEED_PATH = 'api/edge/v1/';
const CHANGES_SIGNED_NAME = 'changes';
/** Beyond the long-poll's own wait, how long a request may take before it is given up. */
const REQUEST_SLACK_MS = 15_000;

/**
 * A failed exchange. `kind`: `unavailable` (network, timeout, 5xx: try again), `denied` (the
 * control plane refused this edge: 401 for its key, 400 for its name), `refused` (a signature
 * that does not verify with our public key), `conflict` (409), `gone` (404). `denied` and
 * `refused` do not heal by retrying alone: see isPermanent.
 */
export class FeedError extends Error {
  override name = 'FeedError';
  constructor(
    readonly kind: 'unavailable' | 'denied' | 'refused' | 'conflict' | 'gone',
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
  /** The control plane's base URL, for messages. */
  readonly url: string;
  /** The changes after `after`, held up to `waitSeconds`; the body's signature is verified before it is parsed. `instance` says which process asks. */
  changes(after: number, waitSeconds: number, instance: string): Promise<EdgeChanges>;
  /**
   * `name` (a snapshot, or a journal from `from`, only if it continues `base`), verified
   * against the signing key. FeedError 'refused' for a bad signature, 'gone' for 404,
   * 'conflict' for 409, 'unavailable' for anything network or 5xx.
   */
  file(name: string, from: number, base?: string): Promise<Buffer>;
  status(report: EdgeStatusRequest): Promise<void>;
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
      throw new FeedError('unavailable', `${path.replace(/\?.*$/, '')}: ${networkReason(err)}`, { cause: err });
    }
    if (res.ok) return { res, bytes };
    const detail = `${path.replace(/\?.*$/, '')}: HTTP ${res.status}: ${problemDetail(bytes)}`;
    if (res.status === 404) throw new FeedError('gone', detail);
    if (res.status === 409) throw new FeedError('conflict', detail);
    if (res.status === 400 || res.status === 401 || res.status === 403) throw new FeedError('denied', detail);
    throw new FeedError('unavailable', detail);
  }

  const verified = (res: Response, name: string, from: number, bytes: Buffer): Buffer => {
    if (!verifyFile(options.publicKey, name, from, bytes, res.headers.get(SIGNATURE_HEADER))) throw new FeedError('refused', `${name} (from ${from}): the signature does not verify with the snapshot public key (--snapshot-pubkey); is it this control plane's?`);
    return bytes;
  };

  return {
    url: base,
    async changes(after, waitSeconds, instance) {
      const { res, bytes } = await request(`changes?after=${after}&wait=${waitSeconds}&instance=${instance}`, { headers: auth }, waitSeconds * 1000 + REQUEST_SLACK_MS);
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

/** Whether retrying cannot help until someone changes the key, the name or the public key. */
export function isPermanent(err: unknown): boolean {
  return err instanceof FeedError && (err.kind === 'denied' || err.kind === 'refused');
}

/** The problem document's detail (or title), else the start of the body: what the control plane said, in one line. */
function problemDetail(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  try {
    const doc = JSON.parse(text) as { detail?: unknown; title?: unknown };
    // Without its full stop: the reason goes on inside a longer line.
    if (typeof doc.detail === 'string') return doc.detail.replace(/\.$/, '');
    if (typeof doc.title === 'string') return doc.title.replace(/\.$/, '');
  } catch {
    // Not a problem document (a proxy's page, say): show its start.
  }
  return text.replace(/\s+/g, ' ').slice(0, 200);
}

/** fetch's "fetch failed" hides the reason in `cause` (ECONNREFUSED, ENOTFOUND, a timeout): show it. */
function networkReason(err: unknown): string {
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) return cause.message;
  return (err as Error).message;
}
