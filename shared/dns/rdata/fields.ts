// Presentation field parsers the codecs share: token counts, bounded integers, names.
import { NameError, parseName, type Name } from '../name.js';
import type { NameOrigin } from './name-origin.js';
import type { Token } from '../presentation/tokenize.js';
import { RdataError } from './rdata-error.js';

/** Throws unless there are exactly `count` tokens; `syntax` shows the expected form. */
export function expectTokens(tokens: readonly Token[], count: number, syntax: string): void {
  if (tokens.length !== count) {
    throw new RdataError(`expected ${count} field${count === 1 ? '' : 's'} (${syntax}), got ${tokens.length}`);
  }
}

/** Throws unless there are at least `count` tokens. */
export function expectAtLeast(tokens: readonly Token[], count: number, syntax: string): void {
  if (tokens.length < count) {
    throw new RdataError(`expected at least ${count} field${count === 1 ? '' : 's'} (${syntax}), got ${tokens.length}`);
  }
}

/** A decimal integer from 0 to `max` (no sign, no exponent, no hex). */
export function parseInteger(token: Token | string, field: string, max: number): number {
  const text = typeof token === 'string' ? token : token.text;
  const value = /^[0-9]{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(value <= max)) throw new RdataError(`${field} "${text}" is not a number from 0 to ${max}`);
  return value;
}

/** Largest values of unsigned 8-, 16- and 32-bit fields, for parseInteger. */
export const U8 = 0xff;
export const U16 = 0xffff;
export const U32 = 0xffffffff;

/** A domain name, "@" and relative ones resolved as `origin` says; NameError becomes RdataError. */
export function parseNameField(token: Token, origin: NameOrigin, field: string): Name {
  try {
    return token.text === '@' ? origin.apex : parseName(token.text, origin.relativeTo);
  } catch (err) {
    if (err instanceof NameError) throw new RdataError(`${field}: ${err.message}`, { cause: err });
    throw err;
  }
}

/** The text of several tokens joined without blanks (hex and base64 may be split, RFC 4034 §2.2). */
export function joinTokens(tokens: readonly Token[]): string {
  return tokens.map((t) => t.text).join('');
}
