// RRSIG codec (RFC 4034 §3).
import { formatBase64, parseBase64 } from '../presentation/base64.js';
import type { Token } from '../presentation/tokenize.js';
import { rrTypeFromText, rrTypeToText } from '../rr-type.js';
import type { RdataCodec } from './rdata-codec.js';
import { expectAtLeast, joinTokens, parseInteger, parseNameField, U16, U32, U8 } from './fields.js';
import { RdataError } from './rdata-error.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/**
 * RRSIG: TYPECOVERED ALGORITHM LABELS ORIGTTL EXPIRATION INCEPTION KEYTAG SIGNER SIGNATURE.
 * Times are YYYYMMDDHHmmSS (UTC) or seconds since 1970 (RFC 4034 §3.2) and are printed in the
 * first form; the signature is base64, possibly split by blanks; the signer is never compressed.
 */
export const rrsigCodec: RdataCodec = {
  parse(tokens, origin) {
    expectAtLeast(tokens, 9, 'typecovered algorithm labels origttl expiration inception keytag signer signature');
    const covered = rrTypeFromText(tokens[0]!.text);
    if (covered === undefined) throw new RdataError(`type covered "${tokens[0]!.text}" is not a type`);
    const w = new WireWriter()
      .u16(covered)
      .u8(parseInteger(tokens[1]!, 'algorithm', U8))
      .u8(parseInteger(tokens[2]!, 'labels', U8))
      .u32(parseInteger(tokens[3]!, 'original TTL', U32))
      .u32(parseTime(tokens[4]!, 'expiration'))
      .u32(parseTime(tokens[5]!, 'inception'))
      .u16(parseInteger(tokens[6]!, 'key tag', U16))
      .name(parseNameField(tokens[7]!, origin, 'signer'));
    const signature = parseBase64(joinTokens(tokens.slice(8)), 'signature');
    if (signature.length === 0) throw new RdataError('the signature is empty');
    return w.bytes(signature).toBuffer();
  },
  format(wire) {
    const r = new WireReader(wire);
    const fields = [
      rrTypeToText(r.u16('type covered')),
      r.u8('algorithm'),
      r.u8('labels'),
      r.u32('original TTL'),
      formatTime(r.u32('expiration')),
      formatTime(r.u32('inception')),
      r.u16('key tag'),
      r.name('signer'),
    ];
    const signature = r.rest();
    if (signature.length === 0) throw new RdataError('the signature is empty');
    return [...fields, formatBase64(signature)].join(' ');
  },
};

function parseTime(token: Token, field: string): number {
  const m = /^([0-9]{4})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})$/.exec(token.text);
  if (m === null) return parseInteger(token, field, U32);
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(ms);
  const valid =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
  if (!valid || ms < 0 || ms / 1000 > U32) throw new RdataError(`${field} "${token.text}" is not a time from 1970 to 2106`);
  return ms / 1000;
}

function formatTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
