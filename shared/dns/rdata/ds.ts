// DS codec (RFC 4034 §5), also used for CDS (RFC 7344 §3.1; RFC 8078 §4 delete form "0 0 0 00").
import { formatHex, parseHex } from '../presentation/hex.js';
import type { RdataCodec } from './rdata-codec.js';
import { expectAtLeast, joinTokens, parseInteger, U16, U8 } from './fields.js';
import { RdataError } from './rdata-error.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/** Digest lengths of the registered digest types: SHA-1, SHA-256 (RFC 4509), SHA-384 (RFC 6605). */
const DIGEST_LENGTH = new Map([
  [1, 20],
  [2, 32],
  [4, 48],
]);

/**
 * DS: KEYTAG ALGORITHM DIGESTTYPE DIGEST, the digest in hex and possibly split by blanks
 * (RFC 4034 §5.3). For a known digest type the length must match, which catches a pasted
 * digest of the wrong kind; unknown digest types take any non-empty digest.
 */
export const dsCodec: RdataCodec = {
  parse(tokens) {
    expectAtLeast(tokens, 4, 'keytag algorithm digesttype digest');
    const keyTag = parseInteger(tokens[0]!, 'key tag', U16);
    const algorithm = parseInteger(tokens[1]!, 'algorithm', U8);
    const digestType = parseInteger(tokens[2]!, 'digest type', U8);
    const digest = parseHex(joinTokens(tokens.slice(3)), 'digest');
    checkDigest(digestType, digest.length);
    return new WireWriter().u16(keyTag).u8(algorithm).u8(digestType).bytes(digest).toBuffer();
  },
  format(wire) {
    const r = new WireReader(wire);
    const keyTag = r.u16('key tag');
    const algorithm = r.u8('algorithm');
    const digestType = r.u8('digest type');
    const digest = r.rest();
    checkDigest(digestType, digest.length);
    return `${keyTag} ${algorithm} ${digestType} ${formatHex(digest)}`;
  },
};

function checkDigest(digestType: number, length: number): void {
  const expected = DIGEST_LENGTH.get(digestType);
  if (length === 0) throw new RdataError('the digest is empty');
  if (expected !== undefined && length !== expected) {
    throw new RdataError(`a type ${digestType} digest is ${expected} octets, not ${length}`);
  }
}
