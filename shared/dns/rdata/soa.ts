// SOA codec (RFC 1035 §3.3.13).
import { parseDuration } from '../presentation/duration.js';
import type { Token } from '../presentation/tokenize.js';
import type { RdataCodec } from './rdata-codec.js';
import { expectTokens, parseInteger, parseNameField, U32 } from './fields.js';
import { RdataError } from './rdata-error.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

const SYNTAX = 'mname rname serial refresh retry expire minimum';
const TIMERS = ['refresh', 'retry', 'expire', 'minimum'] as const;

/**
 * SOA: MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM. The serial is a plain 32-bit number;
 * the four timers also accept TTL-style durations ("1h", "2w") as BIND does, and are printed
 * as plain seconds. MNAME and RNAME may be compressed (RFC 3597 §4).
 */
export const soaCodec: RdataCodec = {
  parse(tokens, origin) {
    expectTokens(tokens, 7, SYNTAX);
    const w = new WireWriter()
      .name(parseNameField(tokens[0]!, origin, 'mname'))
      .name(parseNameField(tokens[1]!, origin, 'rname'))
      .u32(parseInteger(tokens[2]!, 'serial', U32));
    TIMERS.forEach((field, i) => w.u32(parseTimer(tokens[3 + i]!, field)));
    return w.toBuffer();
  },
  format(wire) {
    const r = new WireReader(wire);
    const fields = [r.name('mname'), r.name('rname'), r.u32('serial'), ...TIMERS.map((f) => r.u32(f))];
    r.end();
    return fields.join(' ');
  },
  compressibleNameOffsets(wire) {
    const r = new WireReader(wire);
    r.name('mname');
    return [0, r.offset];
  },
};

function parseTimer(token: Token, field: string): number {
  const value = parseDuration(token.text);
  if (value === undefined || value > U32) {
    throw new RdataError(`${field} "${token.text}" is not a duration from 0 to ${U32} seconds`);
  }
  return value;
}
