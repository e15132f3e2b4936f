// LOC codec (RFC 1876): where a host is — latitude, longitude, altitude, and how precisely.
import type { Token } from '../presentation/tokenize.js';
import type { RdataCodec } from './rdata-codec.js';
import { RdataError } from './rdata-error.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

const SYNTAX = 'd1 [m1 [s1]] N|S d2 [m2 [s2]] E|W alt[m] [size[m] [horiz-pre[m] [vert-pre[m]]]]';
/** Latitude and longitude are offsets from 2^31 in thousandths of an arc-second (RFC 1876 §2). */
const EQUATOR = 2 ** 31;
const MS_PER_DEGREE = 3_600_000;
/** Altitude is centimetres above 100,000 m below the WGS 84 reference spheroid. */
const ALTITUDE_BASE_CM = 10_000_000;
const MAX_ALTITUDE_CM = 0xffffffff - ALTITUDE_BASE_CM;
/** Sizes and precisions: a digit times a power of ten up to 9e9 cm (90,000 km). */
const MAX_SIZE_CM = 9_000_000_000;
/** RFC 1876 §3 defaults: a 1 m sphere, 10 km horizontal and 10 m vertical precision. */
const DEFAULTS_CM = [100, 1_000_000, 1_000] as const;

interface Cursor {
  readonly tokens: readonly Token[];
  at: number;
}

const next = (c: Cursor, what: string): string => {
  const token = c.tokens[c.at];
  if (token === undefined) throw new RdataError(`${what} is missing (${SYNTAX})`);
  c.at += 1;
  return token.text;
};

/** Degrees [minutes [seconds]] then the hemisphere letter; signed thousandths of an arc-second. */
function parseCoordinate(c: Cursor, maxDegrees: number, positive: string, negative: string, what: string): number {
  const hemisphere = new RegExp(`^[${positive}${negative}]$`, 'i');
  const degrees = wholeNumber(next(c, what), `${what} degrees`, maxDegrees);
  let minutes = 0;
  let ms = 0;
  let text = next(c, `${what} hemisphere`);
  if (!hemisphere.test(text)) {
    minutes = wholeNumber(text, `${what} minutes`, 59);
    text = next(c, `${what} hemisphere`);
    if (!hemisphere.test(text)) {
      const m = /^([0-9]{1,2})(?:\.([0-9]{1,3}))?$/.exec(text);
      if (m === null || Number(m[1]) > 59) throw new RdataError(`${what} seconds "${text}" is not a number from 0 to 59.999`);
      ms = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
      text = next(c, `${what} hemisphere`);
      if (!hemisphere.test(text)) throw new RdataError(`"${text}" is not ${positive} or ${negative} (${SYNTAX})`);
    }
  }
  const value = degrees * MS_PER_DEGREE + minutes * 60_000 + ms;
  if (value > maxDegrees * MS_PER_DEGREE) throw new RdataError(`${what} is beyond ${maxDegrees} degrees`);
  return text.toUpperCase() === positive ? value : -value;
}

function wholeNumber(text: string, field: string, max: number): number {
  if (!/^[0-9]{1,3}$/.test(text) || Number(text) > max) throw new RdataError(`${field} "${text}" is not a whole number from 0 to ${max}`);
  return Number(text);
}

/** Metres with up to two decimals and an optional "m", in centimetres. */
function centimetres(text: string, field: string, signed: boolean): number {
  const m = (signed ? /^(-?)([0-9]{1,10})(?:\.([0-9]{1,2}))?m?$/ : /^()([0-9]{1,10})(?:\.([0-9]{1,2}))?m?$/).exec(text);
  if (m === null) throw new RdataError(`${field} "${text}" is not a length in metres such as 10m or 0.5m`);
  const cm = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -cm : cm;
}

/** RFC 1876's one-octet size: mantissa (high nibble) times 10 to the exponent (low nibble) cm, rounded down. */
function encodeSize(cm: number, field: string): number {
  if (cm > MAX_SIZE_CM) throw new RdataError(`${field} is more than 90000000m`);
  let exponent = 0;
  while (exponent < 9 && cm >= 10 ** (exponent + 1)) exponent += 1;
  return (Math.min(9, Math.floor(cm / 10 ** exponent)) << 4) | exponent;
}

function decodeSize(octet: number, field: string): number {
  const mantissa = octet >> 4;
  const exponent = octet & 0x0f;
  if (mantissa > 9 || exponent > 9) throw new RdataError(`${field} octet 0x${octet.toString(16)} is not a digit and a power of ten`);
  return mantissa * 10 ** exponent;
}

const metres = (cm: number): string => `${cm < 0 ? '-' : ''}${Math.floor(Math.abs(cm) / 100)}.${String(Math.abs(cm) % 100).padStart(2, '0')}m`;

function formatCoordinate(wire: number, maxDegrees: number, positive: string, negative: string, what: string): string {
  const value = wire - EQUATOR;
  const abs = Math.abs(value);
  if (abs > maxDegrees * MS_PER_DEGREE) throw new RdataError(`${what} is beyond ${maxDegrees} degrees`);
  const degrees = Math.floor(abs / MS_PER_DEGREE);
  const minutes = Math.floor((abs % MS_PER_DEGREE) / 60_000);
  const ms = abs % 60_000;
  return `${degrees} ${minutes} ${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')} ${value >= 0 ? positive : negative}`;
}

/**
 * LOC: presentation as in RFC 1876 §3, e.g. "52 22 23.000 N 4 53 32.000 E -2.00m 1m 10000m 10m";
 * minutes and seconds may be left out, so may size and precisions (defaults 1m, 10000m, 10m).
 * Sizes are stored as one digit times a power of ten, so 12m is kept as 10.00m: the canonical
 * form says what is served. Formats as BIND and NSD do.
 */
export const locCodec: RdataCodec = {
  parse(tokens) {
    const c: Cursor = { tokens, at: 0 };
    const latitude = parseCoordinate(c, 90, 'N', 'S', 'latitude');
    const longitude = parseCoordinate(c, 180, 'E', 'W', 'longitude');
    const altitude = centimetres(next(c, 'altitude'), 'altitude', true);
    if (altitude < -ALTITUDE_BASE_CM || altitude > MAX_ALTITUDE_CM) throw new RdataError(`altitude "${tokens[c.at - 1]!.text}" is not from -100000m to 42849672.95m`);
    const fields = ['size', 'horizontal precision', 'vertical precision'] as const;
    const sizes = fields.map((field, i) => (c.at < tokens.length ? encodeSize(centimetres(next(c, field), field, false), field) : encodeSize(DEFAULTS_CM[i]!, field)));
    if (c.at < tokens.length) throw new RdataError(`unexpected "${tokens[c.at]!.text}" after the vertical precision (${SYNTAX})`);
    return new WireWriter()
      .u8(0)
      .u8(sizes[0]!)
      .u8(sizes[1]!)
      .u8(sizes[2]!)
      .u32(EQUATOR + latitude)
      .u32(EQUATOR + longitude)
      .u32(altitude + ALTITUDE_BASE_CM)
      .toBuffer();
  },
  format(wire) {
    const r = new WireReader(wire);
    const version = r.u8('version');
    if (version !== 0) throw new RdataError(`version ${version} is not 0 (RFC 1876 §2)`);
    const size = decodeSize(r.u8('size'), 'size');
    const horizontal = decodeSize(r.u8('horizontal precision'), 'horizontal precision');
    const vertical = decodeSize(r.u8('vertical precision'), 'vertical precision');
    const latitude = formatCoordinate(r.u32('latitude'), 90, 'N', 'S', 'latitude');
    const longitude = formatCoordinate(r.u32('longitude'), 180, 'E', 'W', 'longitude');
    const altitude = r.u32('altitude') - ALTITUDE_BASE_CM;
    r.end();
    return `${latitude} ${longitude} ${metres(altitude)} ${metres(size)} ${metres(horizontal)} ${metres(vertical)}`;
  },
};
