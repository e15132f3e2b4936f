// The keys an edge accepts zone transfers with: a file the control plane writes beside the
// snapshots it publishes (mode 0600: it holds secrets) and the edge reads. One contract, both sides.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Name } from '../dns/name.js';
import { parseName } from '../dns/name.js';
import { parseTsigSecret, TSIG_ALGORITHMS } from '../dns/tsig.js';
import type { TsigAlgorithm, TsigKey } from '../dns/tsig.js';

/** Not a snapshot or journal name, so loaders ignore it. */
export const TRANSFER_KEYS_FILE = 'transfer-keys.json';

/** The file's entry in the remote-edge feed: no zone's stem (those end in a dot), so no zone's files are ever taken for it. */
export const TRANSFER_KEYS_STEM = 'transfer-keys';

/** The file's size and SHA-256 (hex) as the feed announces them, or null when there is no file. */
export function transferKeysState(dir: string): { size: number; checksum: string } | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, TRANSFER_KEYS_FILE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return { size: bytes.length, checksum: createHash('sha256').update(bytes).digest('hex') };
}

/** A key and the zones it may transfer: a list, or every zone the edge serves (the operator's secondaries' key). */
export interface TransferKey extends TsigKey {
  readonly zones: ReadonlySet<Name> | typeof EVERY_ZONE;
}

/** `zones` of a key for every zone. */
export const EVERY_ZONE = '*';

export function mayTransfer(key: TransferKey, origin: Name): boolean {
  return key.zones === EVERY_ZONE || key.zones.has(origin);
}

interface TransferKeyJson {
  readonly name: string;
  readonly algorithm: string;
  readonly secret: string;
  readonly zones: readonly string[] | typeof EVERY_ZONE;
}

/** The file's bytes for these keys (the control plane's side). */
export function encodeTransferKeys(keys: readonly { name: Name; algorithm: TsigAlgorithm; secret: string; zones: readonly Name[] | typeof EVERY_ZONE }[]): Buffer {
  const json: { keys: TransferKeyJson[] } = { keys: keys.map((k) => ({ name: k.name, algorithm: k.algorithm, secret: k.secret, zones: k.zones === EVERY_ZONE ? EVERY_ZONE : [...k.zones] })) };
  return Buffer.from(JSON.stringify(json));
}

/**
 * The keys in the file's text (the edge's side), each checked: a name, an accepted algorithm, a
 * base64 secret of 16 bytes or more, zone names. Throws Error naming the first bad entry.
 */
export function parseTransferKeys(text: string): ReadonlyMap<Name, TransferKey> {
  const value = JSON.parse(text) as unknown;
  const list = typeof value === 'object' && value !== null ? (value as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(list)) throw new Error('expected {"keys": [...]}');
  const keys = new Map<Name, TransferKey>();
  list.forEach((entry: unknown, i) => {
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Partial<Record<keyof TransferKeyJson, unknown>>;
    if (typeof e.name !== 'string' || typeof e.algorithm !== 'string' || !(e.algorithm in TSIG_ALGORITHMS) || typeof e.secret !== 'string' || !(Array.isArray(e.zones) || e.zones === EVERY_ZONE)) {
      throw new Error(`keys[${i}]: expected name, algorithm, secret and zones`);
    }
    const name = parseName(e.name);
    const zones = Array.isArray(e.zones) ? new Set(e.zones.map((z) => parseName(String(z)))) : EVERY_ZONE;
    keys.set(name, { name, algorithm: e.algorithm as TsigAlgorithm, secret: parseTsigSecret(e.secret), zones });
  });
  return keys;
}
