// DNSSEC signing keys with node:crypto: ECDSA P-256 with SHA-256 (algorithm 13, RFC 6605) and
// Ed25519 (algorithm 15, RFC 8080); their DNSKEY and DS records (RFC 4034) and key tags.
import { createHash, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { nameToWire } from '../dns/name.js';
import type { Name } from '../dns/name.js';

export const DnssecAlgorithm = { EcdsaP256Sha256: 13, Ed25519: 15 } as const;
export type DnssecAlgorithm = (typeof DnssecAlgorithm)[keyof typeof DnssecAlgorithm];

/** Zone key and secure entry point: one combined signing key (CSK) signs everything. */
const CSK_FLAGS = 257;
const PROTOCOL = 3;
const DIGEST_SHA256 = 2;

export interface SigningKey {
  readonly algorithm: DnssecAlgorithm;
  readonly privateKey: KeyObject;
  /** The public key as DNSKEY carries it: x||y for P-256 (64 bytes), the 32-byte point for Ed25519. */
  readonly publicKey: Buffer;
}

function rawPublicKey(algorithm: DnssecAlgorithm, publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  const part = (v: string | undefined): Buffer => Buffer.from(v ?? '', 'base64url');
  return algorithm === DnssecAlgorithm.Ed25519 ? part(jwk.x) : Buffer.concat([part(jwk.x), part(jwk.y)]);
}

/** A new key of `algorithm`. */
export function generateSigningKey(algorithm: DnssecAlgorithm = DnssecAlgorithm.EcdsaP256Sha256): SigningKey {
  const pair = algorithm === DnssecAlgorithm.Ed25519 ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { algorithm, privateKey: pair.privateKey, publicKey: rawPublicKey(algorithm, pair.publicKey) };
}

/** The key from its private half (as stored): the public half is derived. */
export function signingKeyFrom(algorithm: DnssecAlgorithm, privateKey: KeyObject): SigningKey {
  return { algorithm, privateKey, publicKey: rawPublicKey(algorithm, createPublicKey(privateKey)) };
}

/** DNSKEY RDATA (RFC 4034 §2.1): flags 257, protocol 3, algorithm, public key. */
export function dnskeyRdata(key: SigningKey): Buffer {
  const head = Buffer.from([CSK_FLAGS >> 8, CSK_FLAGS & 0xff, PROTOCOL, key.algorithm]);
  return Buffer.concat([head, key.publicKey]);
}

/** The key tag of a DNSKEY RDATA (RFC 4034 Appendix B). */
export function keyTag(dnskey: Buffer): number {
  let acc = 0;
  for (let i = 0; i < dnskey.length; i++) acc += i & 1 ? dnskey[i]! : dnskey[i]! << 8;
  acc += (acc >> 16) & 0xffff;
  return acc & 0xffff;
}

/** DS RDATA with a SHA-256 digest (RFC 4509) of the owner and DNSKEY RDATA. */
export function dsRdata(owner: Name, dnskey: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(keyTag(dnskey), 0);
  head[2] = dnskey[3]!;
  head[3] = DIGEST_SHA256;
  return Buffer.concat([head, createHash('sha256').update(nameToWire(owner)).update(dnskey).digest()]);
}

/** The signature over `data`: r||s (64 bytes) for ECDSA P-256 (RFC 6605 §4), 64 bytes for Ed25519. */
export function signData(key: SigningKey, data: Buffer): Buffer {
  return key.algorithm === DnssecAlgorithm.Ed25519 ? sign(null, data, key.privateKey) : sign('sha256', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
}
