// The edge's HTTP client of the control plane's feed: changes, snapshots and journal ranges checked against what the signed feed announced, status reports.
import { createHash } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { SIGNATURE_HEADER, verifyPart } from '../../shared/feed/file-signature.js';
import type { SignedPart } from '../../shared/feed/file-signature.js';
import type { EdgeChanges, EdgeStatusRequest } from '../../shared/schemas/edges.js';
import { snapshotBody, snapshotChecksum } from '../../shared/snapshot/codec.js';
import { JOURNAL_SUFFIX } from '../../shared/snapshot/journal.js';
import { SNAPSHOT_SUFFIX } from '../../shared/snapshot/snapshot-file.js';
import { parseChanges } from './feed-messages.js';
import { TRANSFER_KEYS_FILE } from '../../shared/transfer/transfer-keys-file.js';

/** Must match control/http/routes/edge-feed.ts. */
const FEED_PATH = 'api/edge/v1/';
const CHANGES_SIGNED_NAME = 'changes';
/** Beyond the long-poll's own wait, how long a request may take before it is given up. */
const REQUEST_SLACK_MS = 15_000;
/** The most a changes answer may take (1,000 changes of the longest stems fit with room to spare). */
const MAX_CHANGES_BYTES = 4 << 20;
/** The most an error answer is read of, for its message. */
const MAX_ERROR_BYTES = 64 << 10;

/**
 * A failed exchange. `kind`: `unavailable` (network, timeout, 429, 5xx: try again), `denied`
 * (the control plane refused this edge: 401 for its key, 400 for its name), `refused` (a
 * signature that does not verify with our public key), `mismatch` (bytes that are not what the
 * signed feed announced: another size or checksum, a replayed or shortened answer),
 * `conflict` (409), `gone` (404). `denied` and `refused` do not heal by retrying alone: see
 * isPermanent; the others may be a feed that moved on since it was listed: ask it again.
 */
export class FeedError extends Error {
  override name = 'FeedError';
  constructor(
    readonly kind: 'unavailable' | 'denied' | 'refused' | 'mismatch' | 'conflict' | 'gone',
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

/** A snapshot as the signed feed announced it. */
export interface AnnouncedSnapshot {
  readonly size: number;
  readonly checksum: string;
}

export interface FeedHttp {
  /** The control plane's base URL, for messages. */
  readonly url: string;
  /** The changes after `after`, held up to `waitSeconds`; the body's signature is verified before it is parsed. `instance` says which process asks. */
  changes(after: number, waitSeconds: number, instance: string): Promise<EdgeChanges>;
  /** The zone's snapshot, only if it has exactly the announced size and checksum (FeedError 'mismatch' otherwise). */
  snapshot(stem: string, announced: AnnouncedSnapshot): Promise<Buffer>;
  /** Bytes [from, to) of the zone's journal continuing snapshot `base`, signed as such (FeedError 'refused' or 'mismatch' otherwise). */
  journal(stem: string, base: string, from: number, to: number): Promise<Buffer>;
  /** The transfer keys file, only if it has exactly the announced size and SHA-256 (FeedError 'mismatch' otherwise). */
  transferKeys(announced: AnnouncedSnapshot): Promise<Buffer>;
  status(report: EdgeStatusRequest): Promise<void>;
}

export function createFeedHttp(options: FeedHttpOptions): FeedHttp {
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const auth = { authorization: `Bearer ${options.edgeKey}` };

  /** The answer to `path`, of at most `maxBytes` (FeedError 'mismatch' for more: it is not what was asked for). */
  async function request(path: string, init: RequestInit, timeoutMs: number, maxBytes: number): Promise<{ res: Response; bytes: Buffer }> {
    const what = path.replace(/\?.*$/, '');
    let res: Response;
    try {
      const timeout = AbortSignal.timeout(timeoutMs);
      res = await fetch(new URL(FEED_PATH + path, base), { ...init, signal: options.stop === undefined ? timeout : AbortSignal.any([timeout, options.stop]) });
    } catch (err) {
      throw new FeedError('unavailable', `${what}: ${networkReason(err)}`, { cause: err });
    }
    const bytes = await readAtMost(res, res.ok ? maxBytes : MAX_ERROR_BYTES, what);
    if (res.ok) return { res, bytes };
    // Error answers are not signed: each only makes the edge keep what it serves and try again.
    const detail = `${what}: HTTP ${res.status}: ${problemDetail(bytes)}`;
    if (res.status === 404) throw new FeedError('gone', detail);
    if (res.status === 409) throw new FeedError('conflict', detail);
    if (res.status === 400 || res.status === 401 || res.status === 403) throw new FeedError('denied', detail);
    throw new FeedError('unavailable', detail);
  }

  const verified = (res: Response, part: SignedPart, bytes: Buffer): Buffer => {
    if (!verifyPart(options.publicKey, part, bytes, res.headers.get(SIGNATURE_HEADER))) throw new FeedError('refused', `${part.name} (from ${part.from}): the signature does not verify with the snapshot public key (--snapshot-pubkey); is it this control plane's?`);
    return bytes;
  };

  return {
    url: base,
    async changes(after, waitSeconds, instance) {
      const { res, bytes } = await request(`changes?after=${after}&wait=${waitSeconds}&instance=${instance}`, { headers: auth }, waitSeconds * 1000 + REQUEST_SLACK_MS, MAX_CHANGES_BYTES);
      return parseChanges(verified(res, { name: CHANGES_SIGNED_NAME, from: after, base: '' }, bytes).toString('utf8'));
    },
    async snapshot(stem, announced) {
      const name = stem + SNAPSHOT_SUFFIX;
      const { bytes } = await request(`files/${encodeURIComponent(name)}`, { headers: auth }, REQUEST_SLACK_MS * 4, announced.size);
      const mismatch = (why: string): FeedError => new FeedError('mismatch', `${name}: ${why}, not the snapshot the signed feed announced; keeping what is served`);
      if (bytes.length !== announced.size) throw mismatch(`${bytes.length} bytes instead of ${announced.size}`);
      let checksum: string;
      try {
        snapshotBody(bytes);
        checksum = Buffer.from(snapshotChecksum(bytes)).toString('hex');
      } catch (err) {
        throw mismatch(`damaged (${(err as Error).message})`);
      }
      if (checksum !== announced.checksum) throw mismatch(`checksum ${checksum.slice(0, 12)}… instead of ${announced.checksum.slice(0, 12)}…`);
      return bytes;
    },
    async journal(stem, snapshot, from, to) {
      const name = stem + JOURNAL_SUFFIX;
      const { res, bytes } = await request(`files/${encodeURIComponent(name)}?from=${from}&to=${to}&base=${snapshot}`, { headers: auth }, REQUEST_SLACK_MS * 4, to - from);
      verified(res, { name, from, base: snapshot }, bytes);
      if (bytes.length !== to - from) throw new FeedError('mismatch', `${name}: ${bytes.length} bytes from ${from} instead of ${to - from}, not the journal the signed feed announced; keeping what is served`);
      return bytes;
    },
    async transferKeys(announced) {
      const { bytes } = await request(`files/${TRANSFER_KEYS_FILE}`, { headers: auth }, REQUEST_SLACK_MS * 4, announced.size);
      const checksum = createHash('sha256').update(bytes).digest('hex');
      if (bytes.length !== announced.size || checksum !== announced.checksum) {
        throw new FeedError('mismatch', `${TRANSFER_KEYS_FILE}: ${bytes.length} bytes with checksum ${checksum.slice(0, 12)}…, not the keys the signed feed announced; keeping the keys in force`);
      }
      return bytes;
    },
    async status(report) {
      await request('status', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(report) }, REQUEST_SLACK_MS, 0);
    },
  };
}

/** The response body, refusing (FeedError 'mismatch') one longer than `maxBytes` as soon as it is: no answer makes the edge hold more than it expects. */
async function readAtMost(res: Response, maxBytes: number, what: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  const tooLong = (): FeedError => new FeedError('mismatch', `${what}: the answer is longer than the ${maxBytes} bytes expected`);
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLong();
  }
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of res.body ?? []) {
      length += (chunk as Uint8Array).length;
      if (length > maxBytes) throw tooLong();
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
  } catch (err) {
    if (err instanceof FeedError) throw err;
    throw new FeedError('unavailable', `${what}: ${networkReason(err)}`, { cause: err });
  }
  return Buffer.concat(chunks, length);
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
