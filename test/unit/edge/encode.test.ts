// Tests for the response writer (edge/encode.ts): compression that dns-packet can decode,
// and truncation that forgets offsets pointing into dropped bytes.
import packet from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { MessageWriter } from '../../../edge/encode.js';
import { keyFromName } from '../../../edge/name-key.js';
import { parseName } from '../../../shared/dns/name.js';

const key = (text: string) => keyFromName(parseName(text));
const question = (name: string): Buffer => Buffer.concat([Buffer.from(key(name), 'latin1'), Buffer.from([0, 1, 0, 1])]);

function message(w: MessageWriter, an: number): packet.Packet {
  w.setHeader(1, 0x8400, 1, an, 0, 0);
  return packet.decode(w.finish());
}

describe('MessageWriter', () => {
  it('points owner names and RDATA names at earlier suffixes', () => {
    const w = new MessageWriter(Buffer.alloc(512), 512);
    w.writeQuestion(question('www.example.com.'), key('www.example.com.'));
    expect(w.writeRecord(key('www.example.com.'), 5, 60, [key('mail.example.com.')])).toBe(true);
    expect(w.writeRecord(key('mail.example.com.'), 1, 60, [Buffer.from([192, 0, 2, 1])])).toBe(true);
    const bytes = w.pos;
    const decoded = message(w, 2);
    expect(decoded.answers).toMatchObject([
      { name: 'www.example.com', type: 'CNAME', data: 'mail.example.com' },
      { name: 'mail.example.com', type: 'A', data: '192.0.2.1' },
    ]);
    // question 21; CNAME: ptr 2 + 10 + "mail" 5 + ptr 2; A: ptr 2 + 10 + 4
    expect(bytes).toBe(12 + 21 + 19 + 16);
  });

  it('writes the root name as one zero byte and never points at it', () => {
    const w = new MessageWriter(Buffer.alloc(512), 512);
    w.writeQuestion(question('.'), key('.'));
    expect(w.writeRecord(key('.'), 2, 60, [key('a.root-servers.net.')])).toBe(true);
    expect(message(w, 1).answers).toMatchObject([{ name: '.', data: 'a.root-servers.net' }]);
  });

  it('refuses a record past the limit and restores the position', () => {
    const w = new MessageWriter(Buffer.alloc(512), 12 + 21 + 16);
    w.writeQuestion(question('www.example.com.'), key('www.example.com.'));
    expect(w.writeRecord(key('www.example.com.'), 1, 60, [Buffer.from([1, 2, 3, 4])])).toBe(true);
    const mark = w.pos;
    expect(w.writeRecord(key('www.example.com.'), 1, 60, [Buffer.from([1, 2, 3, 5])])).toBe(false);
    expect(w.pos).toBe(mark);
  });

  it('after a rollback, no pointer refers to dropped bytes', () => {
    const w = new MessageWriter(Buffer.alloc(512), 512);
    w.writeQuestion(question('example.com.'), key('example.com.'));
    const mark = w.pos;
    expect(w.writeRecord(key('a.long-name.example.com.'), 1, 60, [Buffer.from([1, 2, 3, 4])])).toBe(true);
    w.rollback(mark);
    expect(w.writeRecord(key('b.long-name.example.com.'), 1, 60, [Buffer.from([1, 2, 3, 4])])).toBe(true);
    expect(message(w, 1).answers).toMatchObject([{ name: 'b.long-name.example.com', data: '1.2.3.4' }]);
  });
});
