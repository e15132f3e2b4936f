// HINFO codec (RFC 1035 §3.3.2; RFC 8482 §4.2 reuses it for minimal ANY answers).
import { formatCharacterString, parseCharacterString } from '../presentation/character-string.js';
import type { RdataCodec } from './rdata-codec.js';
import { expectTokens } from './fields.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/** HINFO: CPU OS, two character-strings of at most 255 octets each. */
export const hinfoCodec: RdataCodec = {
  parse(tokens) {
    expectTokens(tokens, 2, 'cpu os');
    return new WireWriter()
      .characterString(parseCharacterString(tokens[0]!.text, 'cpu'))
      .characterString(parseCharacterString(tokens[1]!.text, 'os'))
      .toBuffer();
  },
  format(wire) {
    const r = new WireReader(wire);
    const text = `${formatCharacterString(r.characterString('cpu'))} ${formatCharacterString(r.characterString('os'))}`;
    r.end();
    return text;
  },
};
