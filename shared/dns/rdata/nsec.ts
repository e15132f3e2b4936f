// NSEC codec (RFC 4034 §4).
import type { RdataCodec } from './rdata-codec.js';
import { expectAtLeast, parseNameField } from './fields.js';
import { formatTypeBitmap, parseTypeBitmap } from './type-bitmap.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/** NSEC: NEXTNAME [TYPE ...]. The next name is never compressed (RFC 4034 §4.1.1). */
export const nsecCodec: RdataCodec = {
  parse(tokens, origin) {
    expectAtLeast(tokens, 1, 'nextname [types]');
    return new WireWriter()
      .name(parseNameField(tokens[0]!, origin, 'next name'))
      .bytes(parseTypeBitmap(tokens.slice(1)))
      .toBuffer();
  },
  format(wire) {
    const r = new WireReader(wire);
    return [r.name('next name'), ...formatTypeBitmap(r.rest())].join(' ');
  },
};
