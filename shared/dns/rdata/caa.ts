// CAA codec (RFC 8659 §4.1).
import { decodeEscapes, formatCharacterString } from '../presentation/character-string.js';
import type { RdataCodec } from './rdata-codec.js';
import { expectTokens, parseInteger, U8 } from './fields.js';
import { RdataError } from './rdata-error.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/**
 * CAA: FLAGS TAG VALUE, e.g. `0 issue "letsencrypt.org"`. The tag is 1–255 ASCII letters and
 * digits (RFC 8659 §4.1), kept in the case given; the value is the rest of the RDATA, so it
 * is not limited to 255 octets. Printed with the value quoted.
 */
export const caaCodec: RdataCodec = {
  parse(tokens) {
    expectTokens(tokens, 3, 'flags tag "value"');
    const tag = tokens[1]!.text;
    checkTag(tag);
    return new WireWriter()
      .u8(parseInteger(tokens[0]!, 'flags', U8))
      .characterString(Buffer.from(tag, 'latin1'))
      .bytes(decodeEscapes(tokens[2]!.text))
      .toBuffer();
  },
  format(wire) {
    const r = new WireReader(wire);
    const flags = r.u8('flags');
    const tag = Buffer.from(r.characterString('tag')).toString('latin1');
    checkTag(tag);
    return `${flags} ${tag} ${formatCharacterString(r.rest())}`;
  },
};

function checkTag(tag: string): void {
  if (!/^[A-Za-z0-9]{1,255}$/.test(tag)) throw new RdataError(`tag "${tag}" must be 1 to 255 letters and digits`);
}
