// Response rate limiting (RRL) for UDP, as NSD and Knot have it: a spoofed flood of one query
// from one network gets at most `rate` answers a second, so the edge is no amplifier; every
// `slip`-th answer held back is sent truncated (TC, question only) instead, so a real client
// behind that network retries over TCP, which cannot be spoofed.
//
// Responses are counted per client prefix (IPv4 /24, IPv6 /56) and per kind: an answer counts
// with its query name and type; NXDOMAIN and errors count per prefix alone, each kind against
// its own rate, so a random-name flood cannot hide among distinct names. Buckets are token
// buckets in one fixed-size table of typed arrays (no allocation per query, bounded memory
// whatever the flood); two candidate slots per key, the staler one taken over on a miss.
import { randomBytes } from 'node:crypto';
import { dnsCounters } from '../metrics/dns-counters.js';

export interface RrlConfig {
  /** Answers per second per prefix, name and type; 0 turns RRL off. */
  readonly rate: number;
  /** NXDOMAIN responses per second per prefix. */
  readonly nxdomainRate: number;
  /** Error responses (REFUSED, FORMERR, SERVFAIL, NOTIMP, …) per second per prefix. */
  readonly errorRate: number;
  /** Every slip-th response held back goes out truncated instead; 0 drops them all, 1 truncates them all. */
  readonly slip: number;
}

/** NSD's defaults (rrl-ratelimit 200, rrl-slip 2), NXDOMAIN and errors at the same rate. */
export const RRL_DEFAULTS: RrlConfig = { rate: 200, nxdomainRate: 200, errorRate: 200, slip: 2 };

/**
 * The share of `config` for one of `workers` processes serving one socket: the kernel spreads
 * datagrams over them, so each limits to its part of the rate.
 */
export function shareOf(config: RrlConfig, workers: number): RrlConfig {
  return { ...config, rate: config.rate / workers, nxdomainRate: config.nxdomainRate / workers, errorRate: config.errorRate / workers };
}

const ANSWER = 0;
const NXDOMAIN = 1;
const ERROR = 2;
const TABLE_BITS = 17;
const TABLE_SIZE = 1 << TABLE_BITS;
/** The longest question name in wire form. */
const MAX_NAME = 255;

/** One limiter per listening process: its table is this process's view of the traffic. */
export class ResponseRateLimiter {
  readonly #rates: Float64Array;
  readonly #slip: number;
  readonly #seed: number;
  readonly #check = new Uint32Array(TABLE_SIZE);
  readonly #tokens = new Float64Array(TABLE_SIZE);
  readonly #stamp = new Float64Array(TABLE_SIZE);
  #held = 0;

  constructor(config: RrlConfig) {
    this.#rates = Float64Array.of(config.rate, config.nxdomainRate, config.errorRate);
    this.#slip = config.slip;
    this.#seed = randomBytes(4).readUInt32LE(0);
  }

  /**
   * Decides on one UDP response (`length` bytes at `offset` of `out`, answering a client whose
   * prefix is `high`/`low` as the UDP addon gives it, see udp-batch.c) at time `nowMs`:
   * returns `length` to send it, 0 to drop it, or the length of the truncated response it
   * rewrote in place.
   */
  limit(ipv6: boolean, high: number, low: number, out: Buffer, offset: number, length: number, nowMs: number): number {
    if (length < 12) return length;
    const rcode = out[offset + 3]! & 0x0f;
    const kind = rcode === 0 ? ANSWER : rcode === 3 ? NXDOMAIN : ERROR;
    const rate = this.#rates[kind]!;
    if (rate <= 0) return length;
    // FNV-1a over the prefix, the kind and, for answers, the question's name (case folded) and type.
    let h = (0x811c9dc5 ^ this.#seed) >>> 0;
    h = Math.imul(h ^ (ipv6 ? 0x60 | kind : kind), 0x01000193);
    h = Math.imul(h ^ (high >>> 24), 0x01000193);
    h = Math.imul(h ^ ((high >>> 16) & 0xff), 0x01000193);
    h = Math.imul(h ^ ((high >>> 8) & 0xff), 0x01000193);
    h = Math.imul(h ^ (high & 0xff), 0x01000193);
    h = Math.imul(h ^ (low >>> 16), 0x01000193);
    h = Math.imul(h ^ ((low >>> 8) & 0xff), 0x01000193);
    h = Math.imul(h ^ (low & 0xff), 0x01000193);
    const questionEnd = kind === ANSWER ? endOfQuestion(out, offset, length) : 0;
    if (kind === ANSWER) {
      for (let i = offset + 12; i < questionEnd; i++) {
        const b = out[i]!;
        h = Math.imul(h ^ (b >= 0x41 && b <= 0x5a ? b | 0x20 : b), 0x01000193);
      }
    }
    const check = (Math.imul(h ^ (h >>> 16), 0x45d9f3b) | 1) >>> 0;
    const a = h & (TABLE_SIZE - 1);
    const b = a ^ 1;
    let slot: number;
    if (this.#check[a] === check) slot = a;
    else if (this.#check[b] === check) slot = b;
    else {
      slot = this.#stamp[a]! <= this.#stamp[b]! ? a : b;
      this.#check[slot] = check;
      this.#tokens[slot] = rate;
      this.#stamp[slot] = nowMs;
    }
    const tokens = Math.min(rate, this.#tokens[slot]! + ((nowMs - this.#stamp[slot]!) * rate) / 1000);
    this.#stamp[slot] = nowMs;
    if (tokens >= 1) {
      this.#tokens[slot] = tokens - 1;
      return length;
    }
    this.#tokens[slot] = tokens;
    if (this.#slip > 0 && ++this.#held % this.#slip === 0) {
      dnsCounters.rrlTruncated++;
      return truncate(out, offset, kind === ANSWER ? questionEnd : endOfQuestion(out, offset, length));
    }
    dnsCounters.rrlDropped++;
    return 0;
  }
}

/** Where the response's question ends (after its type and class), or offset + 12 when it has none that reads. */
function endOfQuestion(out: Buffer, offset: number, length: number): number {
  const end = offset + length;
  if (out.readUInt16BE(offset + 4) === 0) return offset + 12;
  let i = offset + 12;
  // The question is written uncompressed, first in the message.
  while (i < end && i - offset - 12 <= MAX_NAME) {
    const label = out[i]!;
    if (label === 0) return i + 5 <= end ? i + 5 : offset + 12;
    if (label > 63) return offset + 12;
    i += label + 1;
  }
  return offset + 12;
}

/** Rewrites the response in place as header (TC set, no records) and question; returns its length. */
function truncate(out: Buffer, offset: number, questionEnd: number): number {
  out[offset + 2]! |= 0x02;
  if (questionEnd === offset + 12) out.writeUInt16BE(0, offset + 4);
  out.writeUInt16BE(0, offset + 6);
  out.writeUInt16BE(0, offset + 8);
  out.writeUInt16BE(0, offset + 10);
  return questionEnd - offset;
}

/** A client's rate-limiting prefix, as the UDP addon gives it (see ResponseRateLimiter.limit). */
export interface ClientPrefix {
  ipv6: boolean;
  high: number;
  low: number;
}

/**
 * The prefix of a textual client address as node:dgram reports it (IPv4, IPv6, or IPv6 with
 * an embedded IPv4 such as ::ffff:192.0.2.1), written into `into`. An address that does not
 * read (never from a socket) counts as 0.0.0.0.
 */
export function prefixOfAddress(address: string, into: ClientPrefix): ClientPrefix {
  const v4 = /(?:^|:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/.exec(address);
  const groups = address.includes(':') ? ipv6Groups(address.replace(/%.*$/, '')) : undefined;
  if (v4 !== null && (groups === undefined || address.toLowerCase().startsWith('::ffff:'))) {
    into.ipv6 = false;
    into.high = 0;
    into.low = (Number(v4[1]) << 16) | (Number(v4[2]) << 8) | Number(v4[3]);
    return into;
  }
  into.ipv6 = groups !== undefined;
  into.high = groups === undefined ? 0 : ((groups[0]! << 16) | groups[1]!) | 0;
  into.low = groups === undefined ? 0 : (groups[2]! << 8) | (groups[3]! >>> 8);
  return into;
}

/** The first four 16-bit groups of an IPv6 address in text ('::' expanded); undefined when it does not read. */
function ipv6Groups(text: string): number[] | undefined {
  const [head, tail, extra] = text.split('::');
  if (extra !== undefined) return undefined;
  const parse = (part: string | undefined): number[] => (part === undefined || part === '' ? [] : part.split(':').map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN)));
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  const groups = tail === undefined ? front : [...front, ...new Array<number>(Math.max(0, 8 - front.length - back.length)).fill(0), ...back];
  return groups.length >= 4 && groups.slice(0, 4).every((g) => Number.isInteger(g)) ? groups : undefined;
}
