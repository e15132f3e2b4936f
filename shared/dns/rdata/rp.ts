// RP codec (RFC 1183 §2.2): a responsible person's mailbox and a name with TXT about them.
import type { RdataCodec } from './rdata-codec.js';
import { expectTokens, parseNameField } from './fields.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/** RP: MBOX-DNAME TXT-DNAME, two names, never compressed (RFC 3597 §4 lists RP as not compressible). */
export const rpCodec: RdataCodec = {
  parse(tokens, origin) {
    expectTokens(tokens, 2, 'mbox-dname txt-dname');
    return new WireWriter().name(parseNameField(tokens[0]!, origin, 'mbox-dname')).name(parseNameField(tokens[1]!, origin, 'txt-dname')).toBuffer();
  },
  format(wire) {
    const r = new WireReader(wire);
    const mbox = r.name('mbox-dname');
    const txt = r.name('txt-dname');
    r.end();
    return `${mbox} ${txt}`;
  },
};
