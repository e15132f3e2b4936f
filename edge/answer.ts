// Turns one request into one response: the parse outcome, the lookup result and NSD 4.6's
// rules for flags, sizes and truncation (answer.c encode_answer, packet.c packet_encode_rrset).
import { RRType } from '../shared/dns/rr-type.js';
import { extendedErrorOption, HEADER_LENGTH, MessageWriter } from './encode.js';
import { lookup, Section } from './lookup.js';
import type { AnswerEntry, LookupResult } from './lookup.js';
import { Flag, parseQuery } from './query.js';
import { CLASS_ANY, CLASS_CH, CLASS_IN } from '../shared/dns/rr-type.js';
import { Rcode } from '../shared/dns/rcode.js';
import { EDNS_PAYLOAD_SIZE } from '../shared/dns/edns.js';
import type { EdnsInfo, ParsedQuery, QueryQuestion } from './query.js';
import type { ZoneTable } from './index/zone-table.js';
import { cachedAnswer, rememberAnswer } from './answer-cache.js';
import { dnsCounters, NO_QUESTION, TCP, UDP } from './metrics/dns-counters.js';

export interface AnswerContext {
  readonly table: ZoneTable;
  readonly tcp: boolean;
  readonly ipv6: boolean;
  /** Answers a TSIG-signed query (edge/transfer/signed-query.ts); without it such a query is FORMERR, as NSD answers without keys. */
  readonly signed?: SignedAnswerer;
}

/** Writes the answer to the signed `request` into `out` at `offset`; returns its length (0: none). */
export type SignedAnswerer = (request: Buffer, ctx: AnswerContext, out: Buffer, offset: number) => number;

const PLAIN_UDP_SIZE = 512;
/** The largest DNS message: the limit of a TCP response (RFC 1035 §4.2.2 length field). */
export const MAX_MESSAGE_SIZE = 65535;
const OPT_LENGTH = 11;
/** NSD's IPV4/IPV6_MINIMAL_RESPONSE_SIZE: additional data never pushes a UDP answer past these. */
const MINIMAL_RESPONSE_V4 = 1232;
const MINIMAL_RESPONSE_V6 = 1220;
/** RFC 8914 INFO-CODEs NSD attaches. */
export const EDE_PROHIBITED = 18;
const EDE_NOT_AUTHORITATIVE = 20;
const EDE_NOT_SUPPORTED = 21;
const DNAME_TOO_LONG = extendedErrorOption(0, 'DNAME expansion became too large');

const scratch = Buffer.allocUnsafe(MAX_MESSAGE_SIZE + 512);

function writer(limit: number): MessageWriter {
  return new MessageWriter(scratch, limit);
}

/** The OPT record of a response: present when the query had one (RFC 6891 §7). */
interface ResponseOpt {
  readonly dnssecOk: boolean;
  readonly extendedRcode: number;
  readonly options?: Buffer;
}

function optFor(edns: EdnsInfo | null, ede?: number): ResponseOpt | null {
  if (edns === null) return null;
  return ede === undefined ? { dnssecOk: edns.dnssecOk, extendedRcode: 0 } : { dnssecOk: edns.dnssecOk, extendedRcode: 0, options: extendedErrorOption(ede) };
}

/** RFC 6891 §6.1.3: BADVERS (16) is extended RCODE 1 over header RCODE 0; NSD leaves DO clear. */
const BADVERS_OPT: ResponseOpt = { dnssecOk: false, extendedRcode: 1 };

function headerOnly(id: number, flags: number, opt: ResponseOpt | null): Buffer {
  const w = writer(MAX_MESSAGE_SIZE);
  w.setHeader(id, flags, 0, 0, 0, opt === null ? 0 : 1);
  if (opt !== null) w.writeOpt(EDNS_PAYLOAD_SIZE, opt.extendedRcode, opt.dnssecOk, opt.options);
  return w.finish();
}

/** A response carrying only the question (and OPT): REFUSED, NOTIMP, NOTAUTH, BADVERS, SERVFAIL. */
function questionOnly(q: QueryQuestion, flags: number, opt: ResponseOpt | null): Buffer {
  const w = writer(MAX_MESSAGE_SIZE);
  w.setHeader(q.id, flags, 1, 0, 0, opt === null ? 0 : 1);
  w.writeQuestion(q.question, q.key);
  if (opt !== null) w.writeOpt(EDNS_PAYLOAD_SIZE, opt.extendedRcode, opt.dnssecOk, opt.options);
  return w.finish();
}

/**
 * Writes the response to one DNS message into `out` at `offset` and returns its length; 0
 * means send nothing. Never throws for any input bytes; an internal fault is reported through
 * `onFault` and answered SERVFAIL when the question parsed. A response that would not fit
 * in `out` is a fault (callers size `out` for the largest response of their transport).
 * Every request and its response are counted for the metrics (dns-counters.ts), here, once,
 * with the QTYPE the parser read.
 */
export function writeAnswer(request: Buffer, ctx: AnswerContext, onFault: (err: unknown) => void, out: Buffer, offset: number): number {
  const transport = ctx.tcp ? TCP : UDP;
  let parsed: ParsedQuery;
  try {
    parsed = parseQuery(request);
  } catch (err) {
    onFault(err);
    dnsCounters.countAnswer(transport, NO_QUESTION, out, offset, 0);
    return 0;
  }
  const length = answerParsed(request, parsed, ctx, onFault, out, offset);
  dnsCounters.countAnswer(transport, 'qtype' in parsed ? parsed.qtype : NO_QUESTION, out, offset, length);
  return length;
}

/** writeAnswer without counting, and with signed queries refused (FORMERR): for the query inside a signed one. */
export function writeUnsignedAnswer(request: Buffer, ctx: AnswerContext, onFault: (err: unknown) => void, out: Buffer, offset: number): number {
  let parsed: ParsedQuery;
  try {
    parsed = parseQuery(request);
  } catch (err) {
    onFault(err);
    return 0;
  }
  return answerParsed(request, parsed, { table: ctx.table, tcp: ctx.tcp, ipv6: ctx.ipv6 }, onFault, out, offset);
}

/** writeAnswer for a parsed message. */
function answerParsed(request: Buffer, parsed: ParsedQuery, ctx: AnswerContext, onFault: (err: unknown) => void, out: Buffer, offset: number): number {
  try {
    switch (parsed.kind) {
      case 'drop':
        return 0;
      case 'header-only':
        return emit(headerOnly(parsed.id, parsed.flags, optFor(parsed.edns)), out, offset);
      case 'notify': {
        const rcode = ctx.table.zoneAt(parsed.key) === undefined ? Rcode.NxDomain : Rcode.Refused;
        return emit(headerOnly(parsed.id, ((parsed.flags & ~Flag.AD & 0xfff0) | Flag.QR | rcode) & 0xffff, null), out, offset);
      }
      case 'badvers':
        // NSD keeps the query's flags here (except AD), unlike in normal answers.
        return emit(questionOnly(parsed, ((parsed.flags & ~Flag.AD & 0xfff0) | Flag.QR) & 0xffff, BADVERS_OPT), out, offset);
      case 'query':
        return answerQuestion(parsed, parsed.edns, ctx, out, offset);
      case 'signed':
        if (ctx.signed === undefined) return emit(headerOnly(parsed.id, Flag.QR | (parsed.flags & 0x7800) | (parsed.flags & Flag.RD) | Rcode.FormErr, null), out, offset);
        return ctx.signed(request, ctx, out, offset);
    }
  } catch (err) {
    onFault(err);
    if (parsed.kind === 'drop' || parsed.kind === 'header-only') return 0;
    try {
      return emit(questionOnly(parsed, Flag.QR | (parsed.flags & Flag.RD) | Rcode.ServFail, optFor(parsed.kind === 'query' ? parsed.edns : null)), out, offset);
    } catch (fault) {
      onFault(fault);
      return 0;
    }
  }
}

/** Copies a finished response into `out`; throws (a fault) if it does not fit. */
function emit(response: Buffer, out: Buffer, offset: number): number {
  if (response.length > out.length - offset) throw new RangeError(`a ${response.length}-byte response does not fit the ${out.length - offset} bytes of the output slot`);
  return response.copy(out, offset);
}

function answerQuestion(q: QueryQuestion, edns: EdnsInfo | null, ctx: AnswerContext, out: Buffer, offset: number): number {
  // NSD query_prepare_response: only RD survives from the query (CD is cleared).
  const base = Flag.QR | (q.flags & Flag.RD);
  if (q.qclass !== CLASS_IN && q.qclass !== CLASS_ANY) {
    if (q.qclass === CLASS_CH) return emit(questionOnly(q, base | Rcode.Refused, optFor(edns, EDE_NOT_SUPPORTED)), out, offset);
    return emit(headerOnly(q.id, base | Rcode.Refused, optFor(edns, EDE_NOT_SUPPORTED)), out, offset);
  }
  if (q.qtype === RRType.AXFR || q.qtype === RRType.IXFR) {
    // Zone transfers are not offered: NOTIMP for AXFR over UDP, else REFUSED for our zones.
    if (q.qtype === RRType.AXFR && !ctx.tcp) return emit(questionOnly(q, base | Rcode.NotImp, optFor(edns)), out, offset);
    if (ctx.table.zoneAt(q.key) === undefined) return emit(questionOnly(q, base | Rcode.NotAuth, optFor(edns)), out, offset);
    return emit(questionOnly(q, base | Rcode.Refused, optFor(edns, EDE_PROHIBITED)), out, offset);
  }
  // The response depends only on the zones and on these fields of the query; the ID and the
  // client's spelling of the qname (question bytes of the same length) are patched in.
  const variant = answerVariant(q, edns, ctx);
  const cached = cachedAnswer(ctx.table, q.key, variant);
  if (cached !== undefined) {
    dnsCounters.cacheHits++;
    const length = emit(cached, out, offset);
    out.writeUInt16BE(q.id, offset);
    q.question.copy(out, offset + HEADER_LENGTH);
    return length;
  }
  dnsCounters.cacheMisses++;
  const result = lookup(ctx.table, { key: q.key, type: q.qtype, classAny: q.qclass === CLASS_ANY, ipv6: ctx.ipv6, dnssecOk: edns?.dnssecOk === true });
  const response = result.kind === 'refused' ? questionOnly(q, base | Rcode.Refused, optFor(edns, EDE_NOT_AUTHORITATIVE)) : encodeAnswer(q, edns, ctx, result, base);
  // The cached buffer is never written to: hits are patched in the output copy.
  rememberAnswer(ctx.table, q.key, variant, response, result.kind === 'refused' || result.zone === null ? null : result.zone.currency);
  return emit(response, out, offset);
}

/**
 * Everything besides the qname that an answer depends on, packed in one number: qtype, QCLASS
 * ANY, RD, client family, transport, size limit and EDNS presence and DO (classes other than
 * IN and ANY never reach the cache).
 */
function answerVariant(q: QueryQuestion, edns: EdnsInfo | null, ctx: AnswerContext): number {
  const ednsCode = edns === null ? 0 : edns.dnssecOk ? 2 : 1;
  const flags = (q.qclass === CLASS_ANY ? 1 : 0) | (q.flags & Flag.RD ? 2 : 0) | (ctx.ipv6 ? 4 : 0) | (ctx.tcp ? 8 : 0);
  return ((maxResponseSize(edns, ctx.tcp) * 3 + ednsCode) * 16 + flags) * 65536 + q.qtype;
}

function maxResponseSize(edns: EdnsInfo | null, tcp: boolean): number {
  if (tcp) return MAX_MESSAGE_SIZE;
  if (edns === null || edns.udpSize <= PLAIN_UDP_SIZE) return PLAIN_UDP_SIZE;
  return Math.min(edns.udpSize, EDNS_PAYLOAD_SIZE);
}

/**
 * encode_answer: sections in order; an answer or authority RRset that does not fit is dropped
 * whole and sets TC, ending the message (RFC 2181 §9). Over UDP an additional RRset that does
 * not fit, or ends past the minimal response size, is dropped without TC (unless a referral
 * then has no glue of the first kind) and no later additional section is tried; over TCP
 * whatever records fit are kept.
 */
function encodeAnswer(q: QueryQuestion, edns: EdnsInfo | null, ctx: AnswerContext, result: Exclude<LookupResult, { kind: 'refused' }>, base: number): Buffer {
  const w = writer(maxResponseSize(edns, ctx.tcp) - (edns === null ? 0 : OPT_LENGTH));
  w.writeQuestion(q.question, q.key);
  const minimal = ctx.ipv6 ? MINIMAL_RESPONSE_V6 : MINIMAL_RESPONSE_V4;
  const counts = [0, 0, 0, 0];
  let tc = false;
  for (let section = Section.Answer as number; section <= Section.AdditionalSecond && !tc; section++) {
    let done = false;
    for (const entry of result.entries) {
      if (tc) break;
      if (entry.section !== section) continue;
      const mark = w.pos;
      const { added, all } = writeRRset(w, entry, edns?.dnssecOk === true);
      let count = added;
      if (section >= Section.AdditionalFirst && !ctx.tcp && (!all || w.pos > minimal)) {
        w.rollback(mark);
        count = 0;
        done = true;
      } else if (!all && section <= Section.Authority) {
        w.rollback(mark);
        count = 0;
        tc = true;
      }
      counts[section]! += count;
    }
    if (done) {
      // A referral whose first glue section lost everything gets TC: it should carry a usable address (NSD encode_answer).
      if (section === Section.AdditionalFirst && counts[section] === 0 && result.kind === 'referral') tc = true;
      break;
    }
  }
  const flags = base | (result.aa ? Flag.AA : 0) | (tc ? Flag.TC : 0) | result.rcode;
  w.setHeader(q.id, flags, 1, counts[0]!, counts[1]!, counts[2]! + counts[3]! + (edns === null ? 0 : 1));
  if (edns !== null) w.writeOpt(EDNS_PAYLOAD_SIZE, 0, edns.dnssecOk, result.rcode === Rcode.YxDomain ? DNAME_TOO_LONG : undefined);
  return w.finish();
}

/** packet_encode_rrset: the records, then with DO the signatures over them as RRSIG records with the RRset's TTL. */
function writeRRset(w: MessageWriter, entry: AnswerEntry, dnssecOk: boolean): { added: number; all: boolean } {
  const { rrset, owner, freshAbove } = entry;
  let added = 0;
  for (const [i, record] of rrset.records.entries()) {
    if (!w.writeRecord(owner, rrset.type, rrset.recordTtls?.[i] ?? rrset.ttl, record, freshAbove)) return { added, all: false };
    added++;
  }
  if (dnssecOk) {
    for (const signature of rrset.signatures) {
      if (!w.writeRecord(owner, RRType.RRSIG, rrset.ttl, [signature], freshAbove)) return { added, all: false };
      added++;
    }
  }
  return { added, all: true };
}

