// SSHFP codec (RFC 4255 §3; SHA-256 fingerprints RFC 6594).
import { formatHex, parseHex } from '../presentation/hex.js';
import type { RdataCodec } from './rdata-codec.js';
import { expectAtLeast, joinTokens, parseInteger, U8 } from './fields.js';
import { RdataError } from './rdata-error.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/** Fingerprint lengths of the registered fingerprint types: SHA-1 and SHA-256. */
const FINGERPRINT_LENGTH = new Map([
  [1, 20],
  [2, 32],
]);

/**
 * SSHFP: ALGORITHM FPTYPE FINGERPRINT (hex, may be split by blanks). Known fingerprint types
 * must have their digest's length; others take any non-empty fingerprint.
 */
export const sshfpCodec: RdataCodec = {
  parse(tokens) {
    expectAtLeast(tokens, 3, 'algorithm fptype fingerprint');
    const algorithm = parseInteger(tokens[0]!, 'algorithm', U8);
    const fpType = parseInteger(tokens[1]!, 'fingerprint type', U8);
    const fingerprint = parseHex(joinTokens(tokens.slice(2)), 'fingerprint');
    checkFingerprint(fpType, fingerprint.length);
    return new WireWriter().u8(algorithm).u8(fpType).bytes(fingerprint).toBuffer();
  },
  format(wire) {
    const r = new WireReader(wire);
    const algorithm = r.u8('algorithm');
    const fpType = r.u8('fingerprint type');
    const fingerprint = r.rest();
    checkFingerprint(fpType, fingerprint.length);
    return `${algorithm} ${fpType} ${formatHex(fingerprint)}`;
  },
};

function checkFingerprint(fpType: number, length: number): void {
  const expected = FINGERPRINT_LENGTH.get(fpType);
  if (length === 0) throw new RdataError('the fingerprint is empty');
  if (expected !== undefined && length !== expected) {
    throw new RdataError(`a type ${fpType} fingerprint is ${expected} octets, not ${length}`);
  }
}
