// The transfer keys the control plane wrote beside the snapshots (shared/transfer/transfer-keys-file.ts), re-read when the file changes.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../shared/log.js';
import type { Name } from '../../shared/dns/name.js';
import { parseTransferKeys, TRANSFER_KEYS_FILE } from '../../shared/transfer/transfer-keys-file.js';
import type { TransferKey } from '../../shared/transfer/transfer-keys-file.js';

const NONE: ReadonlyMap<Name, TransferKey> = new Map();

export class TransferKeys {
  readonly #file: string;
  readonly #log: Logger;
  #stamp = '';
  #keys = NONE;

  constructor(dir: string, log: Logger) {
    this.#file = join(dir, TRANSFER_KEYS_FILE);
    this.#log = log;
  }

  /**
   * The keys as the file has them now (none when there is no file). A file that does not
   * parse leaves no key in force, and is logged once per version of it: refusing every
   * transfer is safe, accepting a key the control plane meant to delete is not.
   */
  current(): ReadonlyMap<Name, TransferKey> {
    let stamp: string;
    try {
      const st = statSync(this.#file);
      stamp = `${st.ino}:${st.mtimeMs}:${st.size}`;
    } catch {
      this.#stamp = '';
      this.#keys = NONE;
      return NONE;
    }
    if (stamp === this.#stamp) return this.#keys;
    this.#stamp = stamp;
    try {
      this.#keys = parseTransferKeys(readFileSync(this.#file, 'utf8'));
    } catch (err) {
      this.#keys = NONE;
      this.#log.error(`edge: ${this.#file} does not read, so no zone transfer is allowed: ${(err as Error).message}`);
    }
    return this.#keys;
  }
}
