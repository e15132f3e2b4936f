// The text form of edge keys, `dnsce_<base64url of 32 random bytes>`; stored only as a hash (as dnsc_ tokens are).
import { randomBytes } from 'node:crypto';
import { hashTokenText } from '../tokens/token-format.js';

const EDGE_KEY_TEXT = /^dnsce_[A-Za-z0-9_-]{43}$/;

/** A fresh key from the CSPRNG, with the hash the store keeps. */
export function mintEdgeKeyText(): { text: string; hash: string } {
  const text = `dnsce_${randomBytes(32).toString('base64url')}`;
  return { text, hash: hashTokenText(text) };
}

/** The hash to look a presented key up by; undefined when the text is not an edge key's shape. */
export function edgeKeyHash(text: string): string | undefined {
  return EDGE_KEY_TEXT.test(text) ? hashTokenText(text) : undefined;
}
