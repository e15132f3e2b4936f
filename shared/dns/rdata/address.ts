// A (RFC 1035 §3.4.1) and AAAA (RFC 3596 §2.2) codecs.
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../presentation/ip-address.js';
import type { RdataCodec } from './rdata-codec.js';
import { expectTokens } from './fields.js';
import { RdataError } from './rdata-error.js';
import { WireReader } from './wire-reader.js';

/** A: one IPv4 address, four octets; "01.2.3.4" is refused (see parseIPv4). */
export const aCodec: RdataCodec = {
  parse(tokens) {
    expectTokens(tokens, 1, 'address');
    const bytes = parseIPv4(tokens[0]!.text);
    if (bytes === undefined) throw new RdataError(`"${tokens[0]!.text}" is not an IPv4 address`);
    return bytes;
  },
  format(wire) {
    const r = new WireReader(wire);
    const bytes = r.bytes(4, 'address');
    r.end();
    return formatIPv4(bytes);
  },
};

/** AAAA: one IPv6 address, sixteen octets, printed per RFC 5952. */
export const aaaaCodec: RdataCodec = {
  parse(tokens) {
    expectTokens(tokens, 1, 'address');
    const bytes = parseIPv6(tokens[0]!.text);
    if (bytes === undefined) throw new RdataError(`"${tokens[0]!.text}" is not an IPv6 address`);
    return bytes;
  },
  format(wire) {
    const r = new WireReader(wire);
    const bytes = r.bytes(16, 'address');
    r.end();
    return formatIPv6(bytes);
  },
};
