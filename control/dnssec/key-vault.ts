// Zone signing keys at rest: AES-256-GCM under the control plane's DNSSEC master key
// (<data>/dnssec-master-key, 0600), so the database alone gives away no private key.
import { createCipheriv, createDecipheriv, createHash, createPrivateKey, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { loadOrCreateSecretFile } from '../store/secret-file.js';

export const DNSSEC_MASTER_KEY_FILE = 'dnssec-master-key';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface KeyVault {
  /** The private key sealed: IV, GCM tag, then the encrypted PKCS8 DER. */
  seal(privateKey: KeyObject): Buffer;
  /** The private key back; throws when the bytes were not sealed with this master key. */
  open(sealed: Buffer): KeyObject;
}

export function createKeyVault(dataDir: string): KeyVault {
  const key = createHash('sha256').update(loadOrCreateSecretFile(dataDir, DNSSEC_MASTER_KEY_FILE, 'DNSSEC master key')).digest();
  return {
    seal(privateKey) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(privateKey.export({ type: 'pkcs8', format: 'der' })), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    open(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
      decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const der = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    },
  };
}
