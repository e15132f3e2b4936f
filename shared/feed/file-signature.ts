// The signature on every file the control plane serves to remote edges (Ed25519 over name, offset and bytes).
//
// The message binds the bytes to the file they claim to be and to where they start, so a
// response for one zone, or for another range of a journal, cannot pass for another:
//   "DNSCove-file-v1\n" + file name + "\n" + offset (decimal) + "\n" + bytes
import { createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** The response header carrying the base64 signature. */
export const SIGNATURE_HEADER = 'x-dnscove-signature';

const CONTEXT = 'DNSCove-file-v1\n';

/** The exact bytes signed for `bytes` of `fileName` starting at `from`. */
export function signedMessage(fileName: string, from: number, bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${CONTEXT}${fileName}\n${from}\n`, 'utf8'), bytes]);
}

/** The base64 Ed25519 signature of `bytes` of `fileName` from offset `from`. Pure. */
export function signFile(privateKey: KeyObject, fileName: string, from: number, bytes: Buffer): string {
  return sign(null, signedMessage(fileName, from, bytes), privateKey).toString('base64');
}

/**
 * True when `signature` (base64, as received) is the control plane's signature of `bytes` of
 * `fileName` from `from`. Never throws: a malformed signature is simply false.
 */
export function verifyFile(publicKey: KeyObject, fileName: string, from: number, bytes: Buffer, signature: string | null | undefined): boolean {
  if (typeof signature !== 'string' || !/^[A-Za-z0-9+/]{86}==$/.test(signature)) return false;
  try {
    return verify(null, signedMessage(fileName, from, bytes), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** Parses an SPKI PEM Ed25519 public key (`dnscove snapshot-pubkey` output); throws Error naming what is wrong. */
export function parsePublicKeyPem(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch (err) {
    throw new Error(`not a PEM public key: ${(err as Error).message}`, { cause: err });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the public key is ${key.asymmetricKeyType ?? 'unknown'}, not Ed25519`);
  return key;
}
