// Table tests for the reply comparator the differential test relies on: what counts as a difference.
import { describe, expect, it } from 'vitest';
import { toReply } from '../helpers/dns-client.js';
import type { Reply } from '../helpers/dns-client.js';
import { encodeNameKeepingCase, encodeOpt } from '../../shared/dns/message.js';
import { compareReplies } from './compare-replies.js';

const ID = 0x1234;

function rr(owner: Buffer | string, type: number, ttl: number, rdata: Buffer): Buffer {
  const head = Buffer.alloc(10);
  head.writeUInt16BE(type, 0);
  head.writeUInt16BE(1, 2);
  head.writeUInt32BE(ttl, 4);
  head.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([typeof owner === 'string' ? encodeNameKeepingCase(owner) : owner, head, rdata]);
}

interface Spec {
  readonly id?: number;
  readonly flags?: number;
  readonly qname?: string;
  readonly answer?: readonly Buffer[];
  readonly authority?: readonly Buffer[];
  readonly additional?: readonly Buffer[];
  readonly opt?: Buffer;
}

/** A response to "www.example.com. A" built from raw sections; QR and AA set unless told. */
function reply(spec: Spec = {}): Reply {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(spec.id ?? ID, 0);
  header.writeUInt16BE(spec.flags ?? 0x8400, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(spec.answer?.length ?? 0, 6);
  header.writeUInt16BE(spec.authority?.length ?? 0, 8);
  header.writeUInt16BE((spec.additional?.length ?? 0) + (spec.opt === undefined ? 0 : 1), 10);
  const question = Buffer.concat([encodeNameKeepingCase(spec.qname ?? 'www.example.com.'), Buffer.from([0, 1, 0, 1])]);
  return toReply(Buffer.concat([header, question, ...(spec.answer ?? []), ...(spec.authority ?? []), ...(spec.additional ?? []), ...(spec.opt === undefined ? [] : [spec.opt])]));
}

const A = (ip: number[], ttl = 300, owner: Buffer | string = 'www.example.com.'): Buffer => rr(owner, 1, ttl, Buffer.from(ip));
// The question name starts at offset 12, so 0xc00c points at "www.example.com.".
const POINTER_TO_QNAME = Buffer.from([0xc0, 12]);
const NS = (owner: string, target: string): Buffer => rr(owner, 2, 3600, encodeNameKeepingCase(target));
const SOA_RDATA = Buffer.concat([encodeNameKeepingCase('ns1.example.com.'), encodeNameKeepingCase('h.example.com.'), Buffer.alloc(20, 1)]);
const referral = (glue: readonly Buffer[]): Reply =>
  reply({ flags: 0x8000, authority: [NS('sub.example.com.', 'ns1.sub.example.com.')], additional: glue });

const cases: readonly { name: string; reference: Reply; candidate: Reply; aspects: string[] }[] = [
  { name: 'identical replies', reference: reply({ answer: [A([192, 0, 2, 1])] }), candidate: reply({ answer: [A([192, 0, 2, 1])] }), aspects: [] },
  { name: 'RRs in another order', reference: reply({ answer: [A([192, 0, 2, 1]), A([192, 0, 2, 2])] }), candidate: reply({ answer: [A([192, 0, 2, 2]), A([192, 0, 2, 1])] }), aspects: [] },
  { name: 'owner spelt in another case', reference: reply({ answer: [A([192, 0, 2, 1])] }), candidate: reply({ answer: [A([192, 0, 2, 1], 300, 'WWW.Example.COM.')] }), aspects: [] },
  { name: 'owner compressed or not', reference: reply({ answer: [A([192, 0, 2, 1])] }), candidate: reply({ answer: [A([192, 0, 2, 1], 300, POINTER_TO_QNAME)] }), aspects: [] },
  { name: 'name in RDATA in another case', reference: reply({ authority: [rr('example.com.', 6, 300, SOA_RDATA)] }), candidate: reply({ authority: [rr('example.com.', 6, 300, Buffer.concat([encodeNameKeepingCase('NS1.example.COM.'), encodeNameKeepingCase('h.example.com.'), Buffer.alloc(20, 1)]))] }), aspects: [] },
  { name: 'another TTL', reference: reply({ answer: [A([192, 0, 2, 1], 300)] }), candidate: reply({ answer: [A([192, 0, 2, 1], 299)] }), aspects: ['answer'] },
  { name: 'a missing RR', reference: reply({ answer: [A([192, 0, 2, 1]), A([192, 0, 2, 2])] }), candidate: reply({ answer: [A([192, 0, 2, 1])] }), aspects: ['answer'] },
  { name: 'a duplicated RR', reference: reply({ answer: [A([192, 0, 2, 1])] }), candidate: reply({ answer: [A([192, 0, 2, 1]), A([192, 0, 2, 1])] }), aspects: ['answer'] },
  { name: 'an RR in authority instead of answer', reference: reply({ answer: [A([192, 0, 2, 1])] }), candidate: reply({ authority: [A([192, 0, 2, 1])] }), aspects: ['answer', 'authority'] },
  { name: 'AA clear', reference: reply(), candidate: reply({ flags: 0x8000 }), aspects: ['flags.aa'] },
  { name: 'TC set', reference: reply(), candidate: reply({ flags: 0x8600 }), aspects: ['flags.tc'] },
  { name: 'another rcode', reference: reply({ flags: 0x8403 }), candidate: reply({ flags: 0x8400 }), aspects: ['rcode'] },
  { name: 'BADVERS from the OPT bits', reference: reply({ opt: Buffer.from([0, 0, 41, 4, 208, 1, 0, 0, 0, 0, 0]) }), candidate: reply({ opt: encodeOpt({ udpSize: 1232 }) }), aspects: ['rcode'] },
  { name: 'another wrong ID', reference: reply(), candidate: reply({ id: ID + 1 }), aspects: ['id'] },
  { name: 'question in another case', reference: reply({ qname: 'wWw.example.com.' }), candidate: reply({ qname: 'www.example.com.' }), aspects: ['question'] },
  { name: 'extra additional data outside a referral', reference: reply({ answer: [A([192, 0, 2, 1])] }), candidate: reply({ answer: [A([192, 0, 2, 1])], additional: [A([192, 0, 2, 9], 300, 'mail.example.com.')] }), aspects: [] },
  { name: 'glue missing from a referral', reference: referral([A([192, 0, 2, 53], 3600, 'ns1.sub.example.com.')]), candidate: referral([]), aspects: ['additional'] },
  { name: 'same glue', reference: referral([A([192, 0, 2, 53], 3600, 'ns1.sub.example.com.')]), candidate: referral([A([192, 0, 2, 53], 3600, 'NS1.sub.example.com.')]), aspects: [] },
  { name: 'OPT missing', reference: reply({ opt: encodeOpt({ udpSize: 1232 }) }), candidate: reply(), aspects: ['opt.present'] },
  { name: 'OPT payload size differs', reference: reply({ opt: encodeOpt({ udpSize: 1232 }) }), candidate: reply({ opt: encodeOpt({ udpSize: 4096 }) }), aspects: [] },
  { name: 'DO bit dropped', reference: reply({ opt: encodeOpt({ udpSize: 1232, dnssecOk: true }) }), candidate: reply({ opt: encodeOpt({ udpSize: 1232 }) }), aspects: ['opt.do'] },
  { name: 'no reply from one side', reference: reply(), candidate: toReply(null), aspects: ['reply'] },
  { name: 'no reply from either side', reference: toReply(null), candidate: toReply(null), aspects: [] },
  { name: 'unparsable reply', reference: reply(), candidate: toReply(Buffer.from([0x12, 0x34, 0x84])), aspects: ['parse'] },
];

describe('compareReplies', () => {
  it.each(cases)('$name', ({ reference, candidate, aspects }) => {
    expect(compareReplies(ID, reference, candidate).map((d) => d.aspect)).toEqual(aspects);
  });
});
