// SVCB/HTTPS SvcParams (RFC 9460 §7): key mnemonics and each value's presentation ⇄ wire.
import { formatBase64, parseBase64 } from '../presentation/base64.js';
import { decodeEscapes, escapeBytes } from '../presentation/character-string.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../presentation/ip-address.js';
import { parseInteger, U16 } from './fields.js';
import { RdataError } from './rdata-error.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

export const MANDATORY = 0;
export const ALPN = 1;
export const NO_DEFAULT_ALPN = 2;

const KEY_NAMES = ['mandatory', 'alpn', 'no-default-alpn', 'port', 'ipv4hint', 'ech', 'ipv6hint'];

/** "alpn" → 1, "key65" → 65 (RFC 9460 §2.1); key65535 is reserved (§14.3.2). */
export function parseSvcParamKey(text: string): number {
  const known = KEY_NAMES.indexOf(text);
  if (known >= 0) return known;
  const m = /^key(0|[1-9][0-9]{0,4})$/.exec(text);
  const n = m ? Number(m[1]) : NaN;
  if (!(n < 65535)) throw new RdataError(`"${text}" is not a SvcParamKey`);
  return n;
}

export function formatSvcParamKey(key: number): string {
  return KEY_NAMES[key] ?? `key${key}`;
}

/**
 * A value in presentation form → wire. `value` is the raw text after "=" (escapes still in
 * it; quotes already removed), or undefined when there was no "=".
 */
export function parseSvcParamValue(key: number, value: string | undefined): Buffer {
  const bytes = decodeEscapes(value ?? '');
  const text = bytes.toString('utf8');
  switch (key) {
    case MANDATORY: {
      const keys = splitValueList(bytes).map((k) => parseSvcParamKey(k.toString('latin1')));
      if (keys.includes(MANDATORY)) throw new RdataError('mandatory must not list itself (RFC 9460 §8)');
      const sorted = [...keys].sort((a, b) => a - b);
      if (sorted.some((k, i) => k === sorted[i - 1])) throw new RdataError('mandatory lists a key twice');
      const w = new WireWriter();
      for (const k of sorted) w.u16(k);
      return w.toBuffer();
    }
    case ALPN: {
      const w = new WireWriter();
      for (const id of splitValueList(bytes)) {
        if (id.length > 255) throw new RdataError(`alpn id of ${id.length} octets (at most 255)`);
        w.characterString(id);
      }
      return w.toBuffer();
    }
    case NO_DEFAULT_ALPN:
      if (bytes.length > 0) throw new RdataError('no-default-alpn takes no value');
      return bytes;
    case 3:
      return new WireWriter().u16(parseInteger(text, 'port', U16)).toBuffer();
    case 4:
      return Buffer.concat(text.split(',').map((a) => parseAddress(a, parseIPv4, 'ipv4hint')));
    case 5:
      if (bytes.length === 0) throw new RdataError('ech needs a value');
      return parseBase64(text, 'ech');
    case 6:
      return Buffer.concat(text.split(',').map((a) => parseAddress(a, parseIPv6, 'ipv6hint')));
    default:
      return bytes;
  }
}

/** A wire value → the presentation text after "=" (quoted where needed), or '' for none. */
export function formatSvcParamValue(key: number, wire: Uint8Array): string {
  const field = formatSvcParamKey(key);
  switch (key) {
    case MANDATORY: {
      if (wire.length === 0 || wire.length % 2 !== 0) throw new RdataError('mandatory value must be a non-empty list of keys');
      const r = new WireReader(wire);
      const keys: string[] = [];
      let previous = -1;
      while (r.remaining > 0) {
        const k = r.u16(field);
        if (k <= previous || k === MANDATORY) throw new RdataError('mandatory keys must be ascending, without itself');
        previous = k;
        keys.push(formatSvcParamKey(k));
      }
      return `=${keys.join(',')}`;
    }
    case ALPN: {
      const r = new WireReader(wire);
      const ids: string[] = [];
      while (r.remaining > 0) {
        const id = r.characterString(field);
        if (id.length === 0) throw new RdataError('an alpn id is empty');
        ids.push(escapeValueItem(id));
      }
      if (ids.length === 0) throw new RdataError('alpn value is empty');
      return `="${ids.join(',')}"`;
    }
    case NO_DEFAULT_ALPN:
      if (wire.length !== 0) throw new RdataError('no-default-alpn has a value');
      return '';
    case 3: {
      const r = new WireReader(wire);
      const port = r.u16(field);
      r.end();
      return `=${port}`;
    }
    case 4:
      return `=${chunks(wire, 4, field).map(formatIPv4).join(',')}`;
    case 5:
      if (wire.length === 0) throw new RdataError('ech value is empty');
      return `=${formatBase64(wire)}`;
    case 6:
      return `=${chunks(wire, 16, field).map(formatIPv6).join(',')}`;
    default:
      return wire.length === 0 ? '' : `="${escapeBytes(wire, '"\\')}"`;
  }
}

/**
 * Splits a decoded value on commas (RFC 9460 Appendix A.1): a backslash in the decoded value
 * escapes the next octet, so `a\,b` is one item "a,b". Items must not be empty.
 */
function splitValueList(bytes: Uint8Array): Buffer[] {
  const items: Buffer[] = [];
  let current: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x5c && i + 1 < bytes.length) {
      current.push(bytes[++i]!);
    } else if (b === 0x2c) {
      items.push(Buffer.from(current));
      current = [];
    } else {
      current.push(b);
    }
  }
  items.push(Buffer.from(current));
  if (items.some((item) => item.length === 0)) throw new RdataError('a value list has an empty item');
  return items;
}

/** The reverse of splitValueList then character-string escaping, for one alpn id. */
function escapeValueItem(id: Uint8Array): string {
  let out = '';
  for (const b of id) {
    if (b === 0x2c) out += '\\\\,';
    else if (b === 0x5c) out += '\\\\\\\\';
    else out += escapeBytes(Uint8Array.of(b), '"\\');
  }
  return out;
}

function parseAddress(text: string, parse: (t: string) => Buffer | undefined, field: string): Buffer {
  const bytes = parse(text);
  if (bytes === undefined) throw new RdataError(`${field} "${text}" is not an address`);
  return bytes;
}

function chunks(wire: Uint8Array, size: number, field: string): Uint8Array[] {
  if (wire.length === 0 || wire.length % size !== 0) throw new RdataError(`${field} value must be a non-empty list of addresses`);
  const out: Uint8Array[] = [];
  for (let i = 0; i < wire.length; i += size) out.push(wire.subarray(i, i + size));
  return out;
}
