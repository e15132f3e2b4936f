// Table tests for query parsing (edge/query.ts): what NSD 4.6 drops, FORMERRs or accepts.
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../edge/query.js';

const WWW = '03777777076578616d706c6503636f6d00';
const OPT = '0000290fa0000000000000';
const hex = (s: string): Buffer => Buffer.from(s.replace(/\s/g, ''), 'hex');

interface Case {
  readonly name: string;
  readonly bytes: string;
  readonly kind: string;
  /** The final response flags for header-only outcomes. */
  readonly flags?: number;
}

const cases: Case[] = [
  { name: 'shorter than a header: dropped', bytes: '1234 0100 0001', kind: 'drop' },
  { name: 'a response (QR=1): dropped', bytes: `1234 8100 0001 0000 0000 0000 ${WWW} 0001 0001`, kind: 'drop' },
  { name: 'opcode STATUS: NOTIMP, flags kept', bytes: `1234 1100 0001 0000 0000 0000 ${WWW} 0001 0001`, kind: 'header-only', flags: 0x9104 },
  { name: 'no question bytes: FORMERR keeping RD', bytes: '1234 0100 0000 0000 0000 0000', kind: 'header-only', flags: 0x8101 },
  { name: 'QDCOUNT 2: FORMERR with all flags cleared', bytes: `1234 0100 0002 0000 0000 0000 ${WWW} 0001 0001 ${WWW} 0001 0001`, kind: 'header-only', flags: 0x8001 },
  { name: 'ANCOUNT 1: FORMERR', bytes: `1234 0100 0001 0001 0000 0000 ${WWW} 0001 0001`, kind: 'header-only', flags: 0x8101 },
  { name: 'truncated qname: FORMERR', bytes: '1234 0100 0001 0000 0000 0000 0377777707', kind: 'header-only', flags: 0x8101 },
  { name: 'compression pointer in the qname: FORMERR', bytes: '1234 0100 0001 0000 0000 0000 c00c 0001 0001', kind: 'header-only', flags: 0x8101 },
  { name: 'RCODE set in a query: FORMERR', bytes: `1234 0101 0001 0000 0000 0000 ${WWW} 0001 0001`, kind: 'header-only', flags: 0x8101 },
  { name: 'two OPT records: FORMERR', bytes: `1234 0100 0001 0000 0000 0002 ${WWW} 0001 0001 ${OPT} ${OPT}`, kind: 'header-only', flags: 0x8101 },
  { name: 'OPT with a non-root owner: FORMERR', bytes: `1234 0100 0001 0000 0000 0001 ${WWW} 0001 0001 0161 00 0029 1000 00000000 0000`, kind: 'header-only', flags: 0x8101 },
  { name: 'OPT RDATA past the end: FORMERR', bytes: `1234 0100 0001 0000 0000 0001 ${WWW} 0001 0001 00 0029 1000 00000000 0008 0003 0000`, kind: 'header-only', flags: 0x8101 },
  { name: 'EDNS option longer than the OPT RDATA: FORMERR', bytes: `1234 0100 0001 0000 0000 0001 ${WWW} 0001 0001 00 0029 04d0 00000000 0005 0003 0009 01`, kind: 'header-only', flags: 0x8101 },
  { name: 'stray bytes after the last EDNS option: FORMERR', bytes: `1234 0100 0001 0000 0000 0001 ${WWW} 0001 0001 00 0029 04d0 00000000 0006 0003 0000 0102`, kind: 'header-only', flags: 0x8101 },
  { name: 'EDNS version 1 is BADVERS even with broken options', bytes: `1234 0100 0001 0000 0000 0001 ${WWW} 0001 0001 00 0029 04d0 00010000 0016 0003 0000 0102`, kind: 'badvers' },
  { name: 'well-formed EDNS options are accepted', bytes: `1234 0100 0001 0000 0000 0001 ${WWW} 0001 0001 00 0029 04d0 00000000 000c 000a 0008 0102030405060708`, kind: 'query' },
  { name: 'ARCOUNT 1 with nothing there: FORMERR', bytes: `1234 0100 0001 0000 0000 0001 ${WWW} 0001 0001`, kind: 'header-only', flags: 0x8101 },
  { name: 'only an OPT, no question: NOERROR with OPT', bytes: `1234 0100 0000 0000 0000 0001 ${OPT}`, kind: 'header-only', flags: 0x8100 },
  { name: 'EDNS version 1: BADVERS', bytes: `1234 0100 0001 0000 0000 0001 ${WWW} 0001 0001 00 0029 1000 00010000 0000`, kind: 'badvers' },
  { name: 'NOTIFY', bytes: `1234 2400 0001 0000 0000 0000 ${WWW} 0006 0001`, kind: 'notify' },
  { name: 'trailing bytes are ignored', bytes: `1234 0100 0001 0000 0000 0000 ${WWW} 0001 0001 deadbeef`, kind: 'query' },
  { name: 'plain query', bytes: `1234 0100 0001 0000 0000 0000 ${WWW} 0001 0001`, kind: 'query' },
];

describe('parseQuery', () => {
  it.each(cases)('$name', (c) => {
    const parsed = parseQuery(hex(c.bytes));
    expect(parsed.kind).toBe(c.kind);
    if (c.flags !== undefined) expect(parsed.kind === 'header-only' && parsed.flags).toBe(c.flags);
  });

  it('lower-cases the qname key but keeps the question bytes as sent (0x20)', () => {
    const parsed = parseQuery(hex('1234 0000 0001 0000 0000 0000 03575777076558616d506c6503634f6d00 0001 0001'));
    expect(parsed.kind).toBe('query');
    if (parsed.kind !== 'query') return;
    expect(parsed.key).toBe('\x03www\x07example\x03com\x00');
    expect(parsed.question.toString('latin1')).toContain('WWw');
    expect(parsed.edns).toBeNull();
  });

  it('reads the EDNS payload size and DO bit', () => {
    const parsed = parseQuery(hex(`1234 0000 0001 0000 0000 0001 ${WWW} 0001 0001 00 0029 0200 00008000 0000`));
    expect(parsed.kind === 'query' && parsed.edns).toEqual({ udpSize: 512, version: 0, dnssecOk: true });
  });

  it('never throws on random bytes', () => {
    let seed = 1;
    const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let i = 0; i < 5_000; i++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256)));
      expect(() => parseQuery(bytes)).not.toThrow();
    }
  });
});
