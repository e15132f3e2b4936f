// Tests shared/dns/message.ts, the one message codec outside the edge's answer path: queries
// checked against dns-packet's decoder, responses with compression everywhere, bad bytes refused.
import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { encodeQuery, MessageParseError, parseMessage } from '../../../../shared/dns/message.js';
import { parseName } from '../../../../shared/dns/name.js';
import { formatRdata } from '../../../../shared/dns/rdata.js';
import { RRType } from '../../../../shared/dns/rr-type.js';

describe('encodeQuery', () => {
  it('builds a non-recursive query with EDNS 1232 that dns-packet decodes', () => {
    const decoded = dnsPacket.decode(encodeQuery({ id: 0x1234, qname: parseName('www.example.com.'), qtype: RRType.AAAA, edns: { udpSize: 1232 } }));
    expect(decoded.id).toBe(0x1234);
    expect(decoded.flags).toBe(0);
    expect(decoded.questions).toEqual([{ name: 'www.example.com', type: 'AAAA', class: 'IN' }]);
    expect(decoded.additionals).toMatchObject([{ type: 'OPT', udpPayloadSize: 1232 }]);
  });

  it('keeps the letter case and decodes escapes in the name, and sets the flags asked for', () => {
    const query = encodeQuery({ id: 1, qname: 'WwW.a\\.b.\\069xample.', qtype: RRType.TXT, recursionDesired: true, checkingDisabled: true });
    expect(query.subarray(12, 29).toString('latin1')).toBe('\x03WwW\x03a.b\x07Example\x00');
    const decoded = dnsPacket.decode(query);
    expect(decoded.flag_rd).toBe(true);
    expect(decoded.flag_cd).toBe(true);
  });
});

// A hand-made response using compression pointers everywhere a server may use them.
function compressedResponse(): Buffer {
  const header = Buffer.from([0xab, 0xcd, 0x84, 0x00, 0, 1, 0, 3, 0, 0, 0, 1]);
  const question = Buffer.concat([Buffer.from('\x07EXAMPLE\x03com\x00', 'latin1'), Buffer.from([0, 15, 0, 1])]);
  // Offsets: question name at 12 ("EXAMPLE.com").
  const ptr = (o: number): Buffer => Buffer.from([0xc0 | (o >> 8), o & 0xff]);
  const rr = (type: number, ttl: number, rdata: Buffer): Buffer => {
    const fixed = Buffer.alloc(10);
    fixed.writeUInt16BE(type, 0);
    fixed.writeUInt16BE(1, 2);
    fixed.writeUInt32BE(ttl, 4);
    fixed.writeUInt16BE(rdata.length, 8);
    return Buffer.concat([ptr(12), fixed, rdata]);
  };
  const mx = rr(RRType.MX, 300, Buffer.concat([Buffer.from([0, 10]), Buffer.from('\x04MAIL', 'latin1'), ptr(12)]));
  const soa = rr(RRType.SOA, 60, Buffer.concat([Buffer.from('\x02NS', 'latin1'), ptr(12), Buffer.from('\x0aHostmaster', 'latin1'), ptr(12), Buffer.alloc(20, 1)]));
  const txt = rr(RRType.TXT, 5, Buffer.from('\x05Hello', 'latin1'));
  const opt = Buffer.from([0, 0, 41, 0x04, 0xd0, 0x01, 0, 0, 0, 0, 0]); // extended rcode bits 1
  return Buffer.concat([header, question, mx, soa, txt, opt]);
}

describe('parseMessage', () => {
  const message = parseMessage(compressedResponse());

  it('reads the header, the question and folds the extended rcode in', () => {
    expect(message).toMatchObject({ id: 0xabcd, qr: true, aa: true, tc: false, rcode: 16 });
    expect(message.question).toEqual([{ name: 'example.com.', type: RRType.MX, class: 1 }]);
    expect(message.opt).toMatchObject({ udpSize: 1232, extendedRcode: 1, ownerIsRoot: true });
  });

  const cases: [type: number, text: string][] = [
    [RRType.MX, '10 mail.example.com.'],
    [RRType.SOA, 'ns.example.com. hostmaster.example.com. 16843009 16843009 16843009 16843009 16843009'],
    [RRType.TXT, '"Hello"'],
  ];
  it.each(cases)('decompresses and lower-cases names inside type %i RDATA', (type, text) => {
    const record = message.answer.find((r) => r.type === type);
    expect(record?.name).toBe('example.com.');
    expect(formatRdata(type, record!.rdata)).toBe(text);
  });

  it('leaves the OPT record out of the sections', () => {
    expect(message.additional).toEqual([]);
  });

  const bad: [what: string, bytes: Buffer][] = [
    ['a short header', Buffer.alloc(5)],
    ['a truncated record', compressedResponse().subarray(0, 40)],
    ['a forward pointer', Buffer.concat([Buffer.from([0, 1, 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0]), Buffer.from([0xc0, 0x20, 0, 1, 0, 1])])],
  ];
  it.each(bad)('refuses %s', (_what, bytes) => {
    expect(() => parseMessage(bytes)).toThrow();
  });

  it('refuses stray octets after a name in RDATA', () => {
    const b = Buffer.concat([
      Buffer.from([0, 1, 0x80, 0, 0, 0, 0, 1, 0, 0, 0, 0]),
      Buffer.from([0, 0, 2, 0, 1, 0, 0, 0, 1, 0, 3, 0, 0xaa, 0xbb]),
    ]);
    expect(() => parseMessage(b)).toThrow(MessageParseError);
  });
});
