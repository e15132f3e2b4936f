// `dnscove snapshot-pubkey [--data DIR]`: prints the public key remote edges verify snapshot files with.
import { loadOrCreateSigningKey } from '../../control/edges/signing-key.js';
import { existingDataDir, NoDataError } from './existing-data.js';
import { flagOrEnv, parseFlags, UsageError } from './flags.js';

export const USAGE = 'usage: dnscove snapshot-pubkey [--data DIR]   (env DNSCOVE_DATA, default ./data)\n';

/** Prints the SPKI PEM of <data>/snapshot-signing.key (creating the key on first use). Exit 0; 1 when DIR holds no control plane's data; 2 on a usage error. */
export async function runSnapshotPubkey(args: string[]): Promise<number> {
  try {
    const flags = parseFlags(args, ['data']);
    if (flags.positional.length > 0) throw new UsageError(`unexpected argument "${flags.positional[0]}"`);
    const dataDir = existingDataDir(flagOrEnv(flags, 'data', 'DNSCOVE_DATA', './data'));
    process.stdout.write(loadOrCreateSigningKey(dataDir).publicKeyPem);
    return 0;
  } catch (err) {
    if (err instanceof NoDataError) {
      process.stderr.write(`dnscove snapshot-pubkey: ${err.message}\n`);
      return 1;
    }
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`dnscove snapshot-pubkey: ${err.message}\n${USAGE}`);
    return 2;
  }
}
