// Prints parsed DNS messages in a dig-like text form for readable test failure reports.
import { readWireName } from '../../shared/dns/name.js';
import { rcodeToText } from '../../shared/dns/rcode.js';
import { rrTypeToText } from '../../shared/dns/rr-type.js';
import type { Reply } from './dns-client.js';
import type { DnsMessage, ResourceRecord } from '../../shared/dns/message.js';


function classText(klass: number): string {
  return klass === 1 ? 'IN' : klass === 3 ? 'CH' : klass === 255 ? 'ANY' : `CLASS${klass}`;
}

function strings(rdata: Buffer, from: number): string {
  const out: string[] = [];
  let pos = from;
  while (pos < rdata.length) {
    const length = rdata[pos]!;
    const bytes = rdata.subarray(pos + 1, pos + 1 + length);
    out.push('"' + [...bytes].map((b) => (b === 0x22 || b === 0x5c ? '\\' + String.fromCharCode(b) : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '\\' + String(b).padStart(3, '0'))).join('') + '"');
    pos += 1 + length;
  }
  return out.join(' ');
}

/** RDATA in presentation form for the common types, RFC 3597 `\# len hex` for the rest. */
export function formatRdata(type: number, rdata: Buffer): string {
  try {
    switch (type) {
      case 1:
        if (rdata.length === 4) return [...rdata].join('.');
        break;
      case 28:
        if (rdata.length === 16) return (rdata.toString('hex').match(/.{4}/g) ?? []).join(':');
        break;
      case 2:
      case 5:
      case 12:
        return readWireName(rdata, 0).name;
      case 15:
        return `${rdata.readUInt16BE(0)} ${readWireName(rdata, 2).name}`;
      case 6: {
        const mname = readWireName(rdata, 0);
        const rname = readWireName(rdata, mname.next);
        const p = rname.next;
        const nums = [0, 4, 8, 12, 16].map((o) => rdata.readUInt32BE(p + o));
        return `${mname.name} ${rname.name} ${nums.join(' ')}`;
      }
      case 16:
        return strings(rdata, 0);
      case 33:
        return `${rdata.readUInt16BE(0)} ${rdata.readUInt16BE(2)} ${rdata.readUInt16BE(4)} ${readWireName(rdata, 6).name}`;
    }
  } catch {
    // Fall through to the generic form: a report must never fail on odd data.
  }
  return `\\# ${rdata.length} ${rdata.toString('hex')}`;
}

/** One RR as a zone-file line. */
export function formatRecord(rr: ResourceRecord): string {
  return `${rr.name} ${rr.ttl} ${classText(rr.class)} ${rrTypeToText(rr.type)} ${formatRdata(rr.type, rr.rdata)}`;
}

/** A whole message: header, flags, OPT and the four sections. */
export function formatMessage(m: DnsMessage): string {
  const flags = (['qr', 'aa', 'tc', 'rd', 'ra', 'z', 'ad', 'cd'] as const).filter((f) => m[f]).join(' ');
  const lines = [`;; id ${m.id} opcode ${m.opcode} rcode ${rcodeToText(m.rcode)} flags: ${flags}`];
  if (m.opt !== null) {
    lines.push(`;; OPT udp ${m.opt.udpSize} version ${m.opt.version}${m.opt.dnssecOk ? ' do' : ''}${m.optCount > 1 ? ` (${m.optCount} OPT records)` : ''}`);
  }
  for (const q of m.question) lines.push(`;; question: ${q.name} ${classText(q.class)} ${rrTypeToText(q.type)}`);
  const section = (title: string, rrs: readonly ResourceRecord[]): void => {
    if (rrs.length === 0) return;
    lines.push(`;; ${title}:`);
    for (const rr of rrs) lines.push('   ' + formatRecord(rr));
  };
  section('answer', m.answer);
  section('authority', m.authority);
  section('additional', m.additional);
  return lines.join('\n');
}

/** A reply for a report: "(no answer)", the unparsable bytes in hex, or the message. */
export function formatReply(reply: Reply): string {
  if (reply.bytes === null) return '(no answer)';
  if (reply.message === null) return `(unparsable: ${reply.parseError ?? '?'}) ${reply.bytes.toString('hex')}`;
  return formatMessage(reply.message);
}
