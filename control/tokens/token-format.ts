// The text form of machine tokens, `dnsc_<16 hex id>_<secret>`, and its hashing.
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes (256 bits) of secret, base64url without padding: 43 characters. */
export const SECRET_BYTES = 32;

const TOKEN_TEXT = /^dnsc_([0-9a-f]{16})_([A-Za-z0-9_-]{27,128})$/;

export interface ParsedToken {
  readonly id: string;
  readonly text: string;
}

export interface MintedToken {
  readonly id: string;
  /** The plaintext, shown to the client once. */
  readonly text: string;
  /** What the store keeps. */
  readonly hash: string;
}

/** Hex SHA-256 of the whole token text: the only form of a token the store keeps. */
export function hashTokenText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A fresh token: a random 64-bit id and a 256-bit secret from the CSPRNG. */
export function mintTokenText(): MintedToken {
  const id = randomBytes(8).toString('hex');
  const text = `dnsc_${id}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { id, text, hash: hashTokenText(text) };
}

/** Splits a presented token into its id; undefined when the text is not a token's shape. */
export function parseTokenText(text: string): ParsedToken | undefined {
  const m = TOKEN_TEXT.exec(text);
  return m === null ? undefined : { id: m[1]!, text };
}
