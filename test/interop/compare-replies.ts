// Compares two servers' replies to the same query, aspect by aspect, as the differential test requires.
import type { Reply } from '../helpers/dns-client.js';
import type { DnsMessage, ResourceRecord } from '../../shared/dns/message.js';
import { formatRecord } from '../helpers/format-message.js';
import { rcodeToText } from '../../shared/dns/rcode.js';

/** One way two replies differ: which aspect, and what each side had. */
export interface Difference {
  /** e.g. "rcode", "flags.tc", "answer", "additional", "opt.version". */
  readonly aspect: string;
  readonly reference: string;
  readonly candidate: string;
}

function rrKey(rr: ResourceRecord): string {
  return `${rr.name}|${rr.type}|${rr.class}|${rr.ttl}|${rr.rdata.toString('hex')}`;
}

/** Compares RR lists as multisets (order is free; owner names and RDATA names are already case-folded). */
function compareRecordSets(aspect: string, reference: readonly ResourceRecord[], candidate: readonly ResourceRecord[]): Difference[] {
  const counts = new Map<string, { rr: ResourceRecord; n: number }>();
  for (const rr of reference) {
    const entry = counts.get(rrKey(rr)) ?? { rr, n: 0 };
    entry.n++;
    counts.set(rrKey(rr), entry);
  }
  const extra: ResourceRecord[] = [];
  for (const rr of candidate) {
    const entry = counts.get(rrKey(rr));
    if (entry === undefined || entry.n === 0) extra.push(rr);
    else entry.n--;
  }
  const missing = [...counts.values()].flatMap((e) => Array.from({ length: e.n }, () => e.rr));
  if (missing.length === 0 && extra.length === 0) return [];
  return [
    {
      aspect,
      reference: missing.length === 0 ? '(nothing missing)' : 'only here: ' + missing.map(formatRecord).join(' | '),
      candidate: extra.length === 0 ? '(nothing extra)' : 'only here: ' + extra.map(formatRecord).join(' | '),
    },
  ];
}

/** True when the authority section holds NS records: a referral, whose glue is required data. */
function hasReferral(m: DnsMessage): boolean {
  return m.authority.some((rr) => rr.type === 2);
}

function same(aspect: string, reference: unknown, candidate: unknown): Difference[] {
  return reference === candidate ? [] : [{ aspect, reference: String(reference), candidate: String(candidate) }];
}

/**
 * Lists every difference between a reference reply and a candidate reply to the query with
 * ID `queryId`: whether there is a reply at all, whether it parses, the ID, QR, opcode, the
 * full rcode (with OPT's extended bits), the header flags, the question as sent (letter case
 * included), the answer and authority sections as sets of RRs with TTLs, the additional
 * section when a referral makes glue required, and OPT presence, count, version and DO bit.
 * An empty list means the replies agree. Pure; the same inputs give the same list.
 */
export function compareReplies(queryId: number, reference: Reply, candidate: Reply): Difference[] {
  if ((reference.bytes === null) !== (candidate.bytes === null)) {
    return [{ aspect: 'reply', reference: reference.bytes === null ? 'no reply' : 'reply', candidate: candidate.bytes === null ? 'no reply' : 'reply' }];
  }
  if (reference.bytes === null) return [];
  const r = reference.message;
  const c = candidate.message;
  if (r === null || c === null) {
    return [{ aspect: 'parse', reference: reference.parseError ?? 'parsed', candidate: candidate.parseError ?? 'parsed' }];
  }
  const diffs: Difference[] = [
    ...same('id', r.id === queryId ? 'echoed' : `wrong id ${r.id}`, c.id === queryId ? 'echoed' : `wrong id ${c.id}`),
    ...same('qr', r.qr, c.qr),
    ...same('opcode', r.opcode, c.opcode),
    ...same('rcode', rcodeToText(r.rcode), rcodeToText(c.rcode)),
    ...(['aa', 'tc', 'rd', 'ra', 'z', 'ad', 'cd'] as const).flatMap((f) => same(`flags.${f}`, r[f], c[f])),
    ...same('question', r.questionBytes.toString('hex'), c.questionBytes.toString('hex')),
    ...compareRecordSets('answer', r.answer, c.answer),
    ...compareRecordSets('authority', r.authority, c.authority),
    ...(hasReferral(r) || hasReferral(c) ? compareRecordSets('additional', r.additional, c.additional) : []),
    ...same('opt.present', r.opt !== null, c.opt !== null),
    ...same('opt.misplaced', r.optMisplaced, c.optMisplaced),
  ];
  if (r.opt !== null && c.opt !== null) {
    diffs.push(
      ...same('opt.count', r.optCount, c.optCount),
      ...same('opt.version', r.opt.version, c.opt.version),
      ...same('opt.do', r.opt.dnssecOk, c.opt.dnssecOk),
    );
  }
  return diffs;
}
