// TLSA codec (RFC 6698 §2), also used for SMIMEA (RFC 8162 §2, same RDATA).
import { formatHex, parseHex } from '../presentation/hex.js';
import type { RdataCodec } from './rdata-codec.js';
import { expectAtLeast, joinTokens, parseInteger, U8 } from './fields.js';
import { RdataError } from './rdata-error.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/** Data lengths of the hashing matching types: SHA-256 and SHA-512 (RFC 6698 §2.1.3). */
const HASH_LENGTH = new Map([
  [1, 32],
  [2, 64],
]);

/**
 * TLSA: USAGE SELECTOR MATCHINGTYPE DATA (hex, may be split by blanks). For matching types
 * 1 and 2 the data must be a digest of the right length; type 0 (full data) takes any
 * non-empty data.
 */
export const tlsaCodec: RdataCodec = {
  parse(tokens) {
    expectAtLeast(tokens, 4, 'usage selector matchingtype data');
    const usage = parseInteger(tokens[0]!, 'usage', U8);
    const selector = parseInteger(tokens[1]!, 'selector', U8);
    const matchingType = parseInteger(tokens[2]!, 'matching type', U8);
    const data = parseHex(joinTokens(tokens.slice(3)), 'certificate association data');
    checkData(matchingType, data.length);
    return new WireWriter().u8(usage).u8(selector).u8(matchingType).bytes(data).toBuffer();
  },
  format(wire) {
    const r = new WireReader(wire);
    const usage = r.u8('usage');
    const selector = r.u8('selector');
    const matchingType = r.u8('matching type');
    const data = r.rest();
    checkData(matchingType, data.length);
    return `${usage} ${selector} ${matchingType} ${formatHex(data)}`;
  },
};

function checkData(matchingType: number, length: number): void {
  const expected = HASH_LENGTH.get(matchingType);
  if (length === 0) throw new RdataError('the certificate association data is empty');
  if (expected !== undefined && length !== expected) {
    throw new RdataError(`matching type ${matchingType} data is ${expected} octets, not ${length}`);
  }
}
