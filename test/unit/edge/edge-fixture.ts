// Test helpers for the edge: zone text → served table, queries encoded with dns-packet, and
// responses decoded and printed as comparable strings.
import packet from 'dns-packet';
import { parseName } from '../../../shared/dns/name.js';
import { parseZoneFile } from '../../../shared/zonefile/parse-zone-file.js';
import { zoneFromRecords } from '../../../shared/zonefile/zone-from-records.js';
import type { ZoneContent } from '../../../shared/dns/rrset.js';
import { buildZoneIndex } from '../../../edge/index/zone-builder.js';
import { ZoneTable } from '../../../edge/index/zone-table.js';
import { MAX_MESSAGE_SIZE, writeAnswer } from '../../../edge/answer.js';
import type { AnswerContext } from '../../../edge/answer.js';

/** A zone from master-file text whose $ORIGIN or SOA owner names it. */
export function zoneFromText(text: string, origin?: string): ZoneContent {
  const parsed = parseZoneFile(text, origin === undefined ? {} : { origin: parseName(origin) });
  return zoneFromRecords(parsed.origin, parsed.records);
}

export function tableFromTexts(...texts: string[]): ZoneTable {
  return new ZoneTable(texts.map((t) => buildZoneIndex(zoneFromText(t))));
}

/** The edge's response to `request` as a Buffer of its own (null: nothing sent), through writeAnswer as the servers call it. */
export function answerQuery(request: Buffer, ctx: AnswerContext, onFault: (err: unknown) => void): Buffer | null {
  const out = Buffer.alloc(MAX_MESSAGE_SIZE);
  const length = writeAnswer(request, ctx, onFault, out, 0);
  return length === 0 ? null : out.subarray(0, length);
}

export interface QueryOptions {
  readonly id?: number;
  readonly rd?: boolean;
  readonly edns?: number;
  readonly dnssecOk?: boolean;
  readonly qclass?: 'IN' | 'CH' | 'ANY';
}

export function encodeQuery(name: string, type: string, o: QueryOptions = {}): Buffer {
  return packet.encode({
    type: 'query',
    id: o.id ?? 4242,
    flags: o.rd ? packet.RECURSION_DESIRED : 0,
    questions: [{ name, type: type as packet.RecordType, class: o.qclass ?? 'IN' }],
    additionals:
      o.edns === undefined
        ? []
        : [{ type: 'OPT', name: '.', udpPayloadSize: o.edns, extendedRcode: 0, ednsVersion: 0, flags: o.dnssecOk ? packet.DNSSEC_OK : 0, flag_do: o.dnssecOk ?? false, options: [] }],
  });
}

function formatData(type: string, data: unknown): string {
  if (typeof data === 'string') return data;
  if (Array.isArray(data)) return data.map((d: Buffer) => JSON.stringify(d.toString('latin1'))).join(' ');
  if (Buffer.isBuffer(data)) return data.toString('hex');
  const d = data as Record<string, unknown>;
  switch (type) {
    case 'SOA':
      return `${d.mname} ${d.rname} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`;
    case 'MX':
      return `${d.preference} ${d.exchange}`;
    case 'SRV':
      return `${d.priority} ${d.weight} ${d.port} ${d.target}`;
    case 'DS':
      return `${d.keyTag} ${d.algorithm} ${d.digestType} ${(d.digest as Buffer).toString('hex')}`;
    default:
      return JSON.stringify(d);
  }
}

function formatRecord(r: packet.Answer): string {
  return `${r.name}. ${'ttl' in r ? r.ttl : 0} ${r.type} ${formatData(r.type, 'data' in r ? r.data : undefined)}`;
}

export interface DecodedResponse {
  readonly id: number;
  readonly rcode: string;
  readonly flags: { aa: boolean; tc: boolean; rd: boolean; ra: boolean; cd: boolean };
  readonly question: string[];
  readonly answer: string[];
  readonly authority: string[];
  readonly additional: string[];
  /** The OPT record, when present: payload size, extended rcode bits and DO. */
  readonly opt: { size: number; extendedRcode: number; dnssecOk: boolean; options: number[] } | undefined;
  readonly length: number;
}

export function decodeResponse(buf: Buffer): DecodedResponse {
  const d = packet.decode(buf) as packet.DecodedPacket & { rcode?: string };
  const flags = d.flags ?? 0;
  const optRecord = d.additionals?.find((a) => a.type === 'OPT') as packet.OptAnswer | undefined;
  return {
    id: d.id ?? 0,
    rcode: d.rcode ?? 'NOERROR',
    flags: { aa: (flags & 0x400) !== 0, tc: (flags & 0x200) !== 0, rd: (flags & 0x100) !== 0, ra: (flags & 0x80) !== 0, cd: (flags & 0x10) !== 0 },
    question: (d.questions ?? []).map((q) => `${q.name}. ${q.type} ${q.class}`),
    answer: (d.answers ?? []).map(formatRecord),
    authority: (d.authorities ?? []).map(formatRecord),
    additional: (d.additionals ?? []).filter((a) => a.type !== 'OPT').map(formatRecord),
    opt:
      optRecord === undefined
        ? undefined
        : {
            size: optRecord.udpPayloadSize ?? 0,
            extendedRcode: optRecord.extendedRcode ?? 0,
            dnssecOk: ((optRecord.flags ?? 0) & packet.DNSSEC_OK) !== 0,
            options: (optRecord.options ?? []).map((o) => o.code),
          },
    length: buf.length,
  };
}
