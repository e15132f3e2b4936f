// The signature on what the control plane sends remote edges: the changes list and journal bytes (Ed25519).
//
// The message binds the bytes to what they claim to be: which file (or "changes"), from which
// offset (or after which feed sequence), and which snapshot a journal continues:
//   "DNSCove-file-v2\n" + name + "\n" + from + "\n" + base + "\n" + bytes
// Snapshots are not signed here: the signed changes list carries each one's size and SHA-256,
// and an edge applies only a snapshot that has exactly those.
import { createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** The response header carrying the base64 signature. */
export const SIGNATURE_HEADER = 'x-dnscove-signature';

const CONTEXT = 'DNSCove-file-v2\n';

/** What signed bytes are: a file (or "changes"), their offset (or feed sequence) and the snapshot checksum a journal continues ('' for none). */
export interface SignedPart {
  readonly name: string;
  readonly from: number;
  readonly base: string;
}

/** The exact bytes signed for `bytes` as `part`. */
export function signedMessage(part: SignedPart, bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${CONTEXT}${part.name}\n${part.from}\n${part.base}\n`, 'utf8'), bytes]);
}

/** The base64 Ed25519 signature of `bytes` as `part`. Pure. */
export function signPart(privateKey: KeyObject, part: SignedPart, bytes: Buffer): string {
  return sign(null, signedMessage(part, bytes), privateKey).toString('base64');
}

/**
 * True when `signature` (base64, as received) is the control plane's signature of `bytes` as
 * `part`. Never throws: a malformed signature is simply false.
 */
export function verifyPart(publicKey: KeyObject, part: SignedPart, bytes: Buffer, signature: string | null | undefined): boolean {
  if (typeof signature !== 'string' || !/^[A-Za-z0-9+/]{86}==$/.test(signature)) return false;
  try {
    return verify(null, signedMessage(part, bytes), publicKey, Buffer.from(signature, 'base64'));
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
