// Brings the cached transfer keys file (what the edge answers AXFR/IXFR with) to what a signed
// changes answer announced: fetched when its SHA-256 differs, removed when there is none.
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { EdgeChanges } from '../../shared/schemas/edges.js';
import { replaceFile } from '../../shared/snapshot/snapshot-file.js';
import { TRANSFER_KEYS_FILE, transferKeysState } from '../../shared/transfer/transfer-keys-file.js';
import type { FeedHttp } from './feed-http.js';

/** Returns whether the cached file changed. Throws (FeedError) with the cache as it was when the fetched bytes are not the announced ones. */
export async function syncTransferKeys(http: FeedHttp, cacheDir: string, announced: EdgeChanges['transfer_keys']): Promise<boolean> {
  if (announced === undefined) return false;
  const cached = transferKeysState(cacheDir);
  if (announced === null) {
    if (cached === null) return false;
    await unlink(join(cacheDir, TRANSFER_KEYS_FILE)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    return true;
  }
  if (cached?.checksum === announced.checksum) return false;
  // It holds secrets: readable by this user only, like the control plane's copy.
  await replaceFile(cacheDir, TRANSFER_KEYS_FILE, await http.transferKeys(announced), 0o600);
  return true;
}
