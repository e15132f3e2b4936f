// NSEC3 (RFC 5155 §3) and NSEC3PARAM (RFC 5155 §4) codecs.
import { formatBase32Hex, parseBase32Hex } from '../presentation/base32hex.js';
import { formatHex, parseHex } from '../presentation/hex.js';
import type { Token } from '../presentation/tokenize.js';
import type { RdataCodec } from './rdata-codec.js';
import { expectAtLeast, expectTokens, parseInteger, U16, U8 } from './fields.js';
import { RdataError } from './rdata-error.js';
import { formatTypeBitmap, parseTypeBitmap } from './type-bitmap.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/** NSEC3: ALGORITHM FLAGS ITERATIONS SALT NEXTHASH [TYPE ...]; salt in hex or "-" for none. */
export const nsec3Codec: RdataCodec = {
  parse(tokens) {
    expectAtLeast(tokens, 5, 'algorithm flags iterations salt nexthash [types]');
    const w = parameters(tokens);
    const next = parseBase32Hex(tokens[4]!.text, 'next hashed owner');
    if (next.length === 0 || next.length > 255) throw new RdataError('next hashed owner must be 1 to 255 octets');
    return w.characterString(next).bytes(parseTypeBitmap(tokens.slice(5))).toBuffer();
  },
  format(wire) {
    const r = new WireReader(wire);
    const head = formatParameters(r);
    const next = r.characterString('next hashed owner');
    if (next.length === 0) throw new RdataError('next hashed owner must be 1 to 255 octets');
    return [head, formatBase32Hex(next), ...formatTypeBitmap(r.rest())].join(' ');
  },
};

/** NSEC3PARAM: ALGORITHM FLAGS ITERATIONS SALT. */
export const nsec3paramCodec: RdataCodec = {
  parse(tokens) {
    expectTokens(tokens, 4, 'algorithm flags iterations salt');
    return parameters(tokens).toBuffer();
  },
  format(wire) {
    const r = new WireReader(wire);
    const text = formatParameters(r);
    r.end();
    return text;
  },
};

function parameters(tokens: readonly Token[]): WireWriter {
  const algorithm = parseInteger(tokens[0]!, 'algorithm', U8);
  const flags = parseInteger(tokens[1]!, 'flags', U8);
  const iterations = parseInteger(tokens[2]!, 'iterations', U16);
  const saltText = tokens[3]!.text;
  const salt = saltText === '-' ? Buffer.alloc(0) : parseHex(saltText, 'salt');
  if (salt.length === 0 && saltText !== '-') throw new RdataError('an empty salt is written "-"');
  if (salt.length > 255) throw new RdataError(`salt of ${salt.length} octets (at most 255)`);
  return new WireWriter().u8(algorithm).u8(flags).u16(iterations).characterString(salt);
}

function formatParameters(r: WireReader): string {
  const algorithm = r.u8('algorithm');
  const flags = r.u8('flags');
  const iterations = r.u16('iterations');
  const salt = r.characterString('salt');
  return `${algorithm} ${flags} ${iterations} ${salt.length === 0 ? '-' : formatHex(salt)}`;
}
