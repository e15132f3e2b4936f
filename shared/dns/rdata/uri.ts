// URI codec (RFC 7553 §4).
import { decodeEscapes, formatCharacterString } from '../presentation/character-string.js';
import type { RdataCodec } from './rdata-codec.js';
import { expectTokens, parseInteger, U16 } from './fields.js';
import { RdataError } from './rdata-error.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/**
 * URI: PRIORITY WEIGHT "TARGET". The target fills the rest of the RDATA (no length octet, so
 * no 255-octet limit) and must not be empty (RFC 7553 §4.3); it is printed quoted.
 */
export const uriCodec: RdataCodec = {
  parse(tokens) {
    expectTokens(tokens, 3, 'priority weight "target"');
    const priority = parseInteger(tokens[0]!, 'priority', U16);
    const weight = parseInteger(tokens[1]!, 'weight', U16);
    const target = decodeEscapes(tokens[2]!.text);
    if (target.length === 0) throw new RdataError('the target is empty');
    return new WireWriter().u16(priority).u16(weight).bytes(target).toBuffer();
  },
  format(wire) {
    const r = new WireReader(wire);
    const priority = r.u16('priority');
    const weight = r.u16('weight');
    const target = r.rest();
    if (target.length === 0) throw new RdataError('the target is empty');
    return `${priority} ${weight} ${formatCharacterString(target)}`;
  },
};
