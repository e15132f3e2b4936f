// Edge keys: minting, revoking and listing them (the CLI), and recognising one on a request (the feed).
import type { Database } from 'better-sqlite3';
import { UnauthorizedError } from '../errors/catalogue.js';
import { findEdgeKeyByHash, insertEdgeKey, listEdgeKeys, revokeEdgeKey } from '../store/edge-keys.js';
import type { EdgeKeyRow } from '../store/edge-keys.js';
import { edgeKeyHash, mintEdgeKeyText } from './edge-key-format.js';

const EDGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const BEARER = /^Bearer[ \t]+([\x21-\x7e]+)[ \t]*$/i;

export class EdgeKeyError extends Error {
  override name = 'EdgeKeyError';
}

/**
 * Mints the key of edge `name` and returns its text, which is stored only as a hash and so
 * can be shown this once. Throws EdgeKeyError for a bad name or one already used (revoked
 * names stay taken, so a revoked edge's history keeps its name).
 */
export function createEdgeKey(db: Database, name: string, now: Date): string {
  if (!EDGE_NAME.test(name)) throw new EdgeKeyError(`edge name "${name}" must be 1-63 letters, digits, ".", "_" or "-", starting with a letter or digit`);
  const { text, hash } = mintEdgeKeyText();
  try {
    insertEdgeKey(db, { name, keyHash: hash, createdAt: now.toISOString(), revokedAt: null });
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new EdgeKeyError(`an edge key named "${name}" exists already`);
    throw err;
  }
  return text;
}

/** Revokes edge `name`'s key: its next request is refused (401). Throws EdgeKeyError when there is no such unrevoked key. */
export function revokeEdge(db: Database, name: string, now: Date): void {
  if (!revokeEdgeKey(db, name, now.toISOString())) throw new EdgeKeyError(`no unrevoked edge key named "${name}"`);
}

export function listEdges(db: Database): EdgeKeyRow[] {
  return listEdgeKeys(db);
}

/**
 * The name of the edge whose key the Authorization header carries (`Bearer dnsce_...`).
 * UnauthorizedError (401) for no header, another credential, or an unknown or revoked key.
 */
export function authenticateEdge(db: Database, authorization: string | undefined): string {
  const text = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
  const hash = text === undefined ? undefined : edgeKeyHash(text);
  const key = hash === undefined ? undefined : findEdgeKeyByHash(db, hash);
  if (key === undefined || key.revokedAt !== null) throw new UnauthorizedError('edge feed: a valid, unrevoked edge key (Bearer dnsce_...) is required.');
  return key.name;
}
