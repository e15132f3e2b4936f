// MX codec (RFC 1035 §3.3.9).
import type { RdataCodec } from './rdata-codec.js';
import { expectTokens, parseInteger, parseNameField, U16 } from './fields.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/** MX: PREFERENCE EXCHANGE; the exchange may be compressed (RFC 3597 §4). */
export const mxCodec: RdataCodec = {
  parse(tokens, origin) {
    expectTokens(tokens, 2, 'preference exchange');
    return new WireWriter()
      .u16(parseInteger(tokens[0]!, 'preference', U16))
      .name(parseNameField(tokens[1]!, origin, 'exchange'))
      .toBuffer();
  },
  format(wire) {
    const r = new WireReader(wire);
    const text = `${r.u16('preference')} ${r.name('exchange')}`;
    r.end();
    return text;
  },
  compressibleNameOffsets: () => [2],
};
