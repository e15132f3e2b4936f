// DNSKEY codec (RFC 4034 §2), also used for CDNSKEY (RFC 7344 §3.2).
import { formatBase64, parseBase64 } from '../presentation/base64.js';
import type { RdataCodec } from './rdata-codec.js';
import { expectAtLeast, joinTokens, parseInteger, U16, U8 } from './fields.js';
import { RdataError } from './rdata-error.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/**
 * DNSKEY: FLAGS PROTOCOL ALGORITHM PUBLICKEY, the key in base64, possibly split by blanks
 * (RFC 4034 §2.2). The protocol must be 3 (RFC 4034 §2.1.2) and the key non-empty.
 */
export const dnskeyCodec: RdataCodec = {
  parse(tokens) {
    expectAtLeast(tokens, 4, 'flags protocol algorithm publickey');
    const flags = parseInteger(tokens[0]!, 'flags', U16);
    const protocol = parseInteger(tokens[1]!, 'protocol', U8);
    checkProtocol(protocol);
    const algorithm = parseInteger(tokens[2]!, 'algorithm', U8);
    const key = parseBase64(joinTokens(tokens.slice(3)), 'public key');
    checkKey(key.length);
    return new WireWriter().u16(flags).u8(protocol).u8(algorithm).bytes(key).toBuffer();
  },
  format(wire) {
    const r = new WireReader(wire);
    const flags = r.u16('flags');
    const protocol = r.u8('protocol');
    checkProtocol(protocol);
    const algorithm = r.u8('algorithm');
    const key = r.rest();
    checkKey(key.length);
    return `${flags} ${protocol} ${algorithm} ${formatBase64(key)}`;
  },
};

function checkProtocol(protocol: number): void {
  if (protocol !== 3) throw new RdataError(`protocol ${protocol} is not 3 (RFC 4034 §2.1.2)`);
}

function checkKey(length: number): void {
  if (length === 0) throw new RdataError('the public key is empty');
}
