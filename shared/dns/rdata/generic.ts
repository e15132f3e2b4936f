// The RFC 3597 §5 generic RDATA form, `\# <length> <hex>`, valid for every type.
import { formatHex, parseHex } from '../presentation/hex.js';
import type { Token } from '../presentation/tokenize.js';
import { joinTokens, parseInteger, U16 } from './fields.js';
import { RdataError } from './rdata-error.js';

/** True when the tokens are in generic form (the first is an unquoted `\#`). */
export function isGenericForm(tokens: readonly Token[]): boolean {
  return tokens.length > 0 && tokens[0]!.text === '\\#' && !tokens[0]!.quoted;
}

/**
 * Parses `\# <length> <hex...>` (hex may be split by blanks, and is absent when the length
 * is 0); the length must equal the number of octets.
 */
export function parseGeneric(tokens: readonly Token[]): Buffer {
  if (tokens.length < 2) throw new RdataError('\\# needs a length');
  const length = parseInteger(tokens[1]!, '\\# length', U16);
  const data = parseHex(joinTokens(tokens.slice(2)), '\\# data');
  if (data.length !== length) throw new RdataError(`\\# length ${length} does not match the ${data.length} octets of data`);
  return data;
}

/** `\# 4 0A000001`; empty RDATA is `\# 0`. */
export function formatGeneric(wire: Uint8Array): string {
  return wire.length === 0 ? '\\# 0' : `\\# ${wire.length} ${formatHex(wire)}`;
}
