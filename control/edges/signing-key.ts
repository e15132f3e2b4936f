// The control plane's Ed25519 key that signs every file served to remote edges, kept under the data directory.
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SIGNING_KEY_FILE = 'snapshot-signing.key';

export interface SigningKey {
  readonly privateKey: KeyObject;
  /** SPKI PEM: what `dnscove snapshot-pubkey` prints and edges take as --snapshot-pubkey. */
  readonly publicKeyPem: string;
}

/**
 * Reads `<dataDir>/snapshot-signing.key` (PKCS8 PEM), creating it (mode 0600) on first use.
 * Safe against a concurrent first use by another process: the file is created exclusively,
 * and the loser of that race reads the winner's key. Throws when the file is not an Ed25519 key.
 */
export function loadOrCreateSigningKey(dataDir: string): SigningKey {
  const file = path.join(dataDir, SIGNING_KEY_FILE);
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    mkdirSync(dataDir, { recursive: true });
    const fresh = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    try {
      writeFileSync(file, fresh, { mode: 0o600, flag: 'wx' });
      pem = fresh;
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
      pem = readFileSync(file, 'utf8');
    }
  }
  const privateKey = createPrivateKey({ key: pem, format: 'pem' });
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`edges: ${file} is not an Ed25519 key`);
  return { privateKey, publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString() };
}
