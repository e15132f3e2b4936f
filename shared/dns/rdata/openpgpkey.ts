// OPENPGPKEY codec (RFC 7929 §2).
import { formatBase64, parseBase64 } from '../presentation/base64.js';
import type { RdataCodec } from './rdata-codec.js';
import { expectAtLeast, joinTokens } from './fields.js';
import { RdataError } from './rdata-error.js';

/** OPENPGPKEY: one base64 key, possibly split by blanks (RFC 7929 §2.3); never empty. */
export const openpgpkeyCodec: RdataCodec = {
  parse(tokens) {
    expectAtLeast(tokens, 1, 'key');
    const key = parseBase64(joinTokens(tokens), 'key');
    if (key.length === 0) throw new RdataError('the key is empty');
    return key;
  },
  format(wire) {
    if (wire.length === 0) throw new RdataError('the key is empty');
    return formatBase64(wire);
  },
};
