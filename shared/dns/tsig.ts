// TSIG (RFC 8945): HMAC signatures on DNS messages, for zone transfers, NOTIFY and updates.
//
// A signed message ends with one TSIG record (the last of the additional section). Its MAC
// covers the message as it was before the record was added (with the original ID) and the
// "TSIG variables"; a response's MAC also covers the request's MAC, and each later message of
// a multi-message answer (a zone transfer) the MAC of the message before it, with only the
// timers as variables (§5.3.1). HMAC by node:crypto.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { nameToWire, readWireName } from './name.js';
import type { Name } from './name.js';
import { CLASS_ANY } from './rr-type.js';

export const TSIG_TYPE = 250;

/** The algorithms accepted (RFC 8945 §6): their names and node:crypto's name of the hash. */
export const TSIG_ALGORITHMS = {
  'hmac-sha256': 'sha256',
  'hmac-sha384': 'sha384',
  'hmac-sha512': 'sha512',
  'hmac-sha1': 'sha1',
} as const;

export type TsigAlgorithm = keyof typeof TSIG_ALGORITHMS;

/** TSIG error codes (RFC 8945 §3). */
export const TsigError = { NoError: 0, BadSig: 16, BadKey: 17, BadTime: 18, BadTrunc: 22 } as const;

/** The time a signature may be off from ours (RFC 8945 §10 recommends 300 s). */
export const DEFAULT_FUDGE = 300;

export interface TsigKey {
  /** The key's name, as both sides configure it (e.g. "transfer.example."). */
  readonly name: Name;
  readonly algorithm: TsigAlgorithm;
  readonly secret: Buffer;
}

export interface TsigRecord {
  readonly keyName: Name;
  readonly algorithm: Name;
  /** Seconds since the epoch (48 bits). */
  readonly timeSigned: number;
  readonly fudge: number;
  readonly mac: Buffer;
  readonly originalId: number;
  readonly error: number;
  readonly other: Buffer;
}

/** A message split into what its MAC covers (TSIG removed, ARCOUNT one less, the original ID back) and its TSIG record. */
export interface SignedMessage {
  readonly unsigned: Buffer;
  readonly tsig: TsigRecord;
}

export class TsigFormatError extends Error {
  override name = 'TsigFormatError';
}

const algorithmName = (algorithm: TsigAlgorithm): Name => `${algorithm}.` as Name;

/** The accepted algorithm a TSIG record names, if any. */
export function algorithmOf(name: Name): TsigAlgorithm | undefined {
  const bare = name.slice(0, -1);
  return bare in TSIG_ALGORITHMS ? (bare as TsigAlgorithm) : undefined;
}

/** The offset just past the (possibly compressed) name at `pos`; throws TsigFormatError when it runs out. */
function skipName(buf: Buffer, pos: number): number {
  for (let guard = 0; guard < 128; guard++) {
    if (pos >= buf.length) break;
    const len = buf[pos]!;
    if (len === 0) return pos + 1;
    if ((len & 0xc0) === 0xc0) {
      if (pos + 2 <= buf.length) return pos + 2;
      break;
    }
    if ((len & 0xc0) !== 0) break;
    pos += 1 + len;
  }
  throw new TsigFormatError('a name in the message does not read');
}

/**
 * Splits off the message's TSIG record, or undefined when it has none. Throws TsigFormatError
 * when the message does not read, or a TSIG record is anywhere but last (RFC 8945 §5.1: FORMERR).
 */
export function splitTsig(message: Buffer): SignedMessage | undefined {
  if (message.length < 12) throw new TsigFormatError('shorter than a header');
  const qd = message.readUInt16BE(4);
  const records = message.readUInt16BE(6) + message.readUInt16BE(8) + message.readUInt16BE(10);
  let pos = 12;
  for (let i = 0; i < qd; i++) pos = skipName(message, pos) + 4;
  for (let i = 0; i < records; i++) {
    const start = pos;
    pos = skipName(message, pos);
    if (pos + 10 > message.length) throw new TsigFormatError('a record runs past the end');
    const type = message.readUInt16BE(pos);
    const end = pos + 10 + message.readUInt16BE(pos + 8);
    if (end > message.length) throw new TsigFormatError('a record runs past the end');
    if (type === TSIG_TYPE) {
      if (i !== records - 1 || message.readUInt16BE(10) === 0) throw new TsigFormatError('the TSIG record is not the last of the additional section');
      const tsig = parseTsigRecord(message, start, pos + 10, end);
      const unsigned = Buffer.from(message.subarray(0, start));
      unsigned.writeUInt16BE(tsig.originalId, 0);
      unsigned.writeUInt16BE(message.readUInt16BE(10) - 1, 10);
      return { unsigned, tsig };
    }
    pos = end;
  }
  return undefined;
}

function parseTsigRecord(message: Buffer, start: number, rdStart: number, rdEnd: number): TsigRecord {
  try {
    const keyName = readWireName(message, start).name;
    const algorithm = readWireName(message, rdStart);
    let pos = algorithm.next;
    const timeSigned = message.readUInt16BE(pos) * 2 ** 32 + message.readUInt32BE(pos + 2);
    const fudge = message.readUInt16BE(pos + 6);
    const macSize = message.readUInt16BE(pos + 8);
    pos += 10;
    const mac = Buffer.from(message.subarray(pos, pos + macSize));
    pos += macSize;
    const originalId = message.readUInt16BE(pos);
    const error = message.readUInt16BE(pos + 2);
    const otherLength = message.readUInt16BE(pos + 4);
    const other = Buffer.from(message.subarray(pos + 6, pos + 6 + otherLength));
    if (mac.length !== macSize || other.length !== otherLength || pos + 6 + otherLength !== rdEnd) throw new TsigFormatError('the TSIG record’s RDATA does not add up');
    return { keyName, algorithm: algorithm.name, timeSigned, fudge, mac, originalId, error, other };
  } catch (err) {
    if (err instanceof TsigFormatError) throw err;
    throw new TsigFormatError(`the TSIG record does not read: ${(err as Error).message}`);
  }
}

/** 48-bit seconds, big-endian. */
function time48(seconds: number): Buffer {
  const out = Buffer.alloc(6);
  out.writeUInt16BE(Math.floor(seconds / 2 ** 32) & 0xffff, 0);
  out.writeUInt32BE(seconds >>> 0, 2);
  return out;
}

interface Variables {
  readonly keyName: Name;
  readonly algorithm: Name;
  readonly timeSigned: number;
  readonly fudge: number;
  readonly error: number;
  readonly other: Buffer;
}

/** The TSIG variables the MAC covers (§4.3.3), or only the timers (§5.3.1, later messages of a transfer). */
function variables(v: Variables, timersOnly: boolean): Buffer {
  const timers = Buffer.concat([time48(v.timeSigned), u16(v.fudge)]);
  if (timersOnly) return timers;
  const otherLength = u16(v.other.length);
  return Buffer.concat([nameToWire(v.keyName), u16(CLASS_ANY), Buffer.alloc(4), nameToWire(v.algorithm), timers, u16(v.error), otherLength, v.other]);
}

function u16(n: number): Buffer {
  const out = Buffer.alloc(2);
  out.writeUInt16BE(n);
  return out;
}

function computeMac(key: TsigKey, prior: Buffer | undefined, unsigned: Buffer, vars: Buffer): Buffer {
  const hmac = createHmac(TSIG_ALGORITHMS[key.algorithm], key.secret);
  if (prior !== undefined) hmac.update(u16(prior.length)).update(prior);
  return hmac.update(unsigned).update(vars).digest();
}

export interface SignOptions {
  /** The request's MAC when signing its (first) response; the previous message's MAC for a later message of a transfer. */
  readonly prior?: Buffer;
  /** A later message of a multi-message response: only the timers are covered (§5.3.1). */
  readonly timersOnly?: boolean;
  /** Seconds since the epoch. */
  readonly now: number;
  readonly fudge?: number;
  readonly error?: number;
  readonly other?: Buffer;
}

/**
 * Appends a TSIG record signed with `key` to `message` (ARCOUNT one more); returns the signed
 * message and its MAC (the next message's `prior`).
 */
export function signMessage(message: Buffer, key: TsigKey, options: SignOptions): { message: Buffer; mac: Buffer } {
  const vars: Variables = { keyName: key.name, algorithm: algorithmName(key.algorithm), timeSigned: options.now, fudge: options.fudge ?? DEFAULT_FUDGE, error: options.error ?? 0, other: options.other ?? Buffer.alloc(0) };
  const mac = computeMac(key, options.prior, message, variables(vars, options.timersOnly === true));
  return { message: appendTsig(message, vars, mac), mac };
}

/** An unsigned TSIG record carrying `error` (BADKEY, BADSIG: RFC 8945 §5.3.2), appended to `message`. */
export function appendTsigError(message: Buffer, tsig: TsigRecord, error: number): Buffer {
  return appendTsig(message, { ...tsig, timeSigned: tsig.timeSigned, error, other: Buffer.alloc(0) }, Buffer.alloc(0));
}

function appendTsig(message: Buffer, v: Variables, mac: Buffer): Buffer {
  const rdata = Buffer.concat([nameToWire(v.algorithm), time48(v.timeSigned), u16(v.fudge), u16(mac.length), mac, message.subarray(0, 2), u16(v.error), u16(v.other.length), v.other]);
  const header = Buffer.alloc(10);
  header.writeUInt16BE(TSIG_TYPE, 0);
  header.writeUInt16BE(CLASS_ANY, 2);
  header.writeUInt16BE(rdata.length, 8);
  const out = Buffer.concat([message, nameToWire(v.keyName), header, rdata]);
  out.writeUInt16BE(message.readUInt16BE(10) + 1, 10);
  return out;
}

export type TsigVerdict<K extends TsigKey = TsigKey> =
  | { readonly ok: true; readonly key: K }
  /** Why it failed, as the TSIG error to answer with (BADKEY and BADSIG unsigned; BADTIME signed with `key`). */
  | { readonly ok: false; readonly error: number; readonly key?: K };

/**
 * Checks a signed message (a request, or with `prior` a response or a later message of a
 * transfer) against the keys `findKey` knows, in RFC 8945 §5.2's order: the key and its
 * algorithm (BADKEY), the MAC (BADSIG; a MAC of another length than the algorithm's is BADSIG
 * too: we accept no truncation), then the time (BADTIME).
 */
export function verifyMessage<K extends TsigKey>(signed: SignedMessage, findKey: (name: Name) => K | undefined, now: number, options: { prior?: Buffer; timersOnly?: boolean } = {}): TsigVerdict<K> {
  const { tsig } = signed;
  const key = findKey(tsig.keyName);
  if (key === undefined || algorithmOf(tsig.algorithm) !== key.algorithm) return { ok: false, error: TsigError.BadKey };
  const expected = computeMac(key, options.prior, signed.unsigned, variables(tsig, options.timersOnly === true));
  if (tsig.mac.length !== expected.length || !timingSafeEqual(tsig.mac, expected)) return { ok: false, error: TsigError.BadSig };
  if (Math.abs(now - tsig.timeSigned) > tsig.fudge) return { ok: false, error: TsigError.BadTime, key };
  return { ok: true, key };
}

/** A key's secret from its base64 text; throws TsigFormatError when it is not base64 or shorter than 16 bytes. */
export function parseTsigSecret(text: string): Buffer {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) throw new TsigFormatError('the secret is not base64');
  const secret = Buffer.from(text, 'base64');
  if (secret.length < 16) throw new TsigFormatError('the secret is shorter than 16 bytes');
  return secret;
}
