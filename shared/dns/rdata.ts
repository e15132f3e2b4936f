// RDATA in presentation form ⇄ uncompressed wire form, for every RR type (RFC 1035 §5, RFC 3597).
import { ROOT, type Name } from './name.js';
import { tokenize, type Token } from './presentation/tokenize.js';
import { CODECS } from './rdata/codecs.js';
import { formatGeneric, isGenericForm, parseGeneric } from './rdata/generic.js';
import { zoneFileOrigin, type NameOrigin } from './rdata/name-origin.js';
import { RdataError } from './rdata/rdata-error.js';
import { rrTypeToText } from './rr-type.js';

export { RdataError } from './rdata/rdata-error.js';
export { absoluteNamesIn, zoneFileOrigin, type NameOrigin } from './rdata/name-origin.js';

/**
 * Presentation RDATA (what follows the TYPE on a zone-file line: '10 mail',
 * '"v=spf1" "-all"', '\# 4 0a000001') → uncompressed wire RDATA. "@" and relative names
 * resolve against `origin` (a zone file's origin, or a NameOrigin such as the JSON API's
 * absoluteNamesIn) and all names are lower-cased (they go through parseName). Any type may be
 * given in RFC 3597 `\#` form; for a known type that data must itself be valid, and it comes
 * back canonical (names lower-cased), so both spellings store the same bytes (RFC 3597 §5).
 * Pure. Throws RdataError: 'MX: preference "70000" is not a number from 0 to 65535'.
 */
export function parseRdata(type: number, text: string, origin: Name | NameOrigin): Buffer {
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch (err) {
    throw prefixed(type, err);
  }
  return parseRdataTokens(type, tokens, origin);
}

/** parseRdata for text already split into tokens (the zone-file parser's entry point). */
export function parseRdataTokens(type: number, tokens: readonly Token[], origin: Name | NameOrigin): Buffer {
  const codec = CODECS.get(type);
  try {
    if (isGenericForm(tokens)) {
      const wire = parseGeneric(tokens);
      return codec === undefined ? wire : codec.parse(tokenize(codec.format(wire)), zoneFileOrigin(ROOT));
    }
    if (codec === undefined) {
      throw new RdataError(`no presentation format is known for this type; use \\# <length> <hex> (RFC 3597)`);
    }
    return codec.parse(tokens, typeof origin === 'string' ? zoneFileOrigin(origin) : origin);
  } catch (err) {
    throw prefixed(type, err);
  }
}

/**
 * Wire RDATA → canonical presentation text: absolute names with a trailing dot, TXT strings
 * always quoted, numbers in decimal, unknown types as '\# len hex'. Throws RdataError when the
 * wire data is malformed for its type (truncated, trailing bytes, compressed names).
 * Invariant: parseRdata(t, formatRdata(t, w), ROOT) equals w for any w parseRdata produced.
 */
export function formatRdata(type: number, wire: Uint8Array): string {
  const codec = CODECS.get(type);
  if (codec === undefined) return formatGeneric(wire);
  try {
    return codec.format(wire);
  } catch (err) {
    throw prefixed(type, err);
  }
}

/**
 * Byte offsets inside wire RDATA of the names a server may compress in responses: those RFC
 * 3597 §4 lists among the types we know (NS, CNAME, PTR, MX exchange, SOA MNAME and RNAME).
 * [] for every other type; SRV, NAPTR, DNAME and SVCB/HTTPS targets must not be compressed.
 * Expects well-formed wire RDATA.
 */
export function compressibleNameOffsets(type: number, wire: Uint8Array): number[] {
  return CODECS.get(type)?.compressibleNameOffsets?.(wire) ?? [];
}

/** True when RDATA of `type` holds names a writer may compress (RFC 3597 §4): the same for every record of the type. */
export function hasCompressibleNames(type: number): boolean {
  return CODECS.get(type)?.compressibleNameOffsets !== undefined;
}

/** True when the type has a presentation parser other than `\#`. */
export function isKnownRdataType(type: number): boolean {
  return CODECS.has(type);
}

function prefixed(type: number, err: unknown): unknown {
  if (!(err instanceof RdataError)) return err;
  return new RdataError(`${rrTypeToText(type)}: ${err.message}`, { cause: err });
}
