// SRV codec (RFC 2782).
import type { RdataCodec } from './rdata-codec.js';
import { expectTokens, parseInteger, parseNameField, U16 } from './fields.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/**
 * SRV: PRIORITY WEIGHT PORT TARGET. The target is never compressed (RFC 2782, "Target"), and
 * "." means the service is not available.
 */
export const srvCodec: RdataCodec = {
  parse(tokens, origin) {
    expectTokens(tokens, 4, 'priority weight port target');
    return new WireWriter()
      .u16(parseInteger(tokens[0]!, 'priority', U16))
      .u16(parseInteger(tokens[1]!, 'weight', U16))
      .u16(parseInteger(tokens[2]!, 'port', U16))
      .name(parseNameField(tokens[3]!, origin, 'target'))
      .toBuffer();
  },
  format(wire) {
    const r = new WireReader(wire);
    const text = `${r.u16('priority')} ${r.u16('weight')} ${r.u16('port')} ${r.name('target')}`;
    r.end();
    return text;
  },
};
