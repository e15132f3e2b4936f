// TXT (RFC 1035 §3.3.14) and SPF (RFC 7208 §3.1, same RDATA as TXT) codec.
import {
  decodeEscapes,
  formatCharacterString,
  MAX_CHARACTER_STRING,
} from '../presentation/character-string.js';
import type { RdataCodec } from './rdata-codec.js';
import { expectAtLeast } from './fields.js';
import { RdataError } from './rdata-error.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/**
 * TXT and SPF: one or more character-strings. A token (quoted or not) longer than 255 octets
 * is split into consecutive 255-octet strings, as BIND and NSD do, so a long DKIM key can be
 * written as one string. `""` is one empty string. Printed with every string quoted.
 * Example: '"v=spf1" -all' → two strings "v=spf1" and "-all".
 */
export const txtCodec: RdataCodec = {
  parse(tokens) {
    expectAtLeast(tokens, 1, 'one or more strings');
    const w = new WireWriter();
    for (const token of tokens) {
      const bytes = decodeEscapes(token.text);
      if (bytes.length === 0) w.characterString(bytes);
      for (let i = 0; i < bytes.length; i += MAX_CHARACTER_STRING) {
        w.characterString(bytes.subarray(i, i + MAX_CHARACTER_STRING));
      }
    }
    const wire = w.toBuffer();
    if (wire.length > 0xffff) throw new RdataError(`RDATA of ${wire.length} octets is longer than 65535`);
    return wire;
  },
  format(wire) {
    const strings = txtStrings(wire).map(formatCharacterString);
    if (strings.length === 0) throw new RdataError('wire RDATA holds no string');
    return strings.join(' ');
  },
};

/** The character-strings of TXT (or SPF) RDATA, as bytes; throws RdataError when one runs past the end. */
export function txtStrings(wire: Uint8Array): Uint8Array[] {
  const r = new WireReader(wire);
  const strings: Uint8Array[] = [];
  while (r.remaining > 0) strings.push(r.characterString('string'));
  return strings;
}
