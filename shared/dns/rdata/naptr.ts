// NAPTR codec (RFC 3403 §4.1).
import { formatCharacterString, parseCharacterString } from '../presentation/character-string.js';
import type { RdataCodec } from './rdata-codec.js';
import { expectTokens, parseInteger, parseNameField, U16 } from './fields.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/**
 * NAPTR: ORDER PREFERENCE FLAGS SERVICES REGEXP REPLACEMENT. The three strings are
 * character-strings (printed quoted); the replacement is a name that is never compressed.
 */
export const naptrCodec: RdataCodec = {
  parse(tokens, origin) {
    expectTokens(tokens, 6, 'order preference flags services regexp replacement');
    return new WireWriter()
      .u16(parseInteger(tokens[0]!, 'order', U16))
      .u16(parseInteger(tokens[1]!, 'preference', U16))
      .characterString(parseCharacterString(tokens[2]!.text, 'flags'))
      .characterString(parseCharacterString(tokens[3]!.text, 'services'))
      .characterString(parseCharacterString(tokens[4]!.text, 'regexp'))
      .name(parseNameField(tokens[5]!, origin, 'replacement'))
      .toBuffer();
  },
  format(wire) {
    const r = new WireReader(wire);
    const fields = [
      r.u16('order'),
      r.u16('preference'),
      formatCharacterString(r.characterString('flags')),
      formatCharacterString(r.characterString('services')),
      formatCharacterString(r.characterString('regexp')),
      r.name('replacement'),
    ];
    r.end();
    return fields.join(' ');
  },
};
