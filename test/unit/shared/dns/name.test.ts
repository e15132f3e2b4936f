// Tests shared/dns/name.ts: the canonical Name, text and wire forms, relations and order.
import { describe, expect, test } from 'vitest';
import {
  childName,
  compareNames,
  isSubdomain,
  labelCount,
  nameFromLabels,
  NameError,
  nameToApiText,
  nameToLabels,
  nameToWire,
  parentName,
  parseName,
  readWireName,
  relativeName,
  ROOT,
  type Name,
} from '../../../../shared/dns/name.js';

const origin = parseName('example.com.');

describe('parseName', () => {
  test.each([
    ['www.example.com.', undefined, 'www.example.com.'],
    ['WWW.Example.COM.', undefined, 'www.example.com.'],
    ['.', undefined, '.'],
    ['@', origin, 'example.com.'],
    ['www', origin, 'www.example.com.'],
    ['a.b', origin, 'a.b.example.com.'],
    ['www', ROOT, 'www.'],
    ['a\\.b.example.', undefined, 'a\\.b.example.'],
    ['a\\046b.example.', undefined, 'a\\.b.example.'],
    ['\\065\\066c.', undefined, 'abc.'],
    ['a\\032b.', undefined, 'a\\032b.'],
    ['a\\ b.', undefined, 'a\\032b.'],
    ['\\\\.', undefined, '\\\\.'],
    ['\\@.', undefined, '\\@.'],
    ['a\\..', undefined, 'a\\..'],
    ['\\200.', undefined, '\\200.'],
    ['*.example.com.', undefined, '*.example.com.'],
    ['_sip._tcp', origin, '_sip._tcp.example.com.'],
    ['x'.repeat(63) + '.', undefined, 'x'.repeat(63) + '.'],
  ] as const)('%s (origin %s) → %s', (text, o, expected) => {
    expect(parseName(text, o)).toBe(expected);
  });

  // 4 labels of 63 octets plus their length octets and the root is 257 octets; 3 of 63 and
  // one of 61 is exactly 255.
  const longest = ['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(61)].join('.') + '.';

  test('a name of exactly 255 octets is accepted', () => {
    expect(nameToWire(parseName(longest)).length).toBe(255);
  });

  test.each([
    ['', undefined, /empty name/],
    ['a..b.', undefined, /empty label/],
    ['a..', undefined, /empty label/],
    ['..', undefined, /empty label/],
    ['.a.', undefined, /empty label/],
    ['www', undefined, /relative and there is no origin/],
    ['@', undefined, /needs an origin/],
    ['x'.repeat(64) + '.', undefined, /label of 64 octets/],
    ['e.' + longest, undefined, /name of 257 octets/],
    ['a'.repeat(63), parseName(['b'.repeat(63), 'c'.repeat(63), 'd'.repeat(63)].join('.') + '.'), /name of 257 octets/],
    ['a\\256.', undefined, /more than 255/],
    ['a\\12.', undefined, /three digits/],
    ['a\\', undefined, /escape at end/],
    ['a b.', undefined, /must be escaped/],
    ['é.', undefined, /must be escaped/],
  ] as const)('%s is refused', (text, o, message) => {
    expect(() => parseName(text, o)).toThrow(NameError);
    expect(() => parseName(text, o)).toThrow(message);
  });
});

describe('labels and wire', () => {
  test.each([
    ['.', [], '00'],
    ['com.', ['com'], '03636f6d00'],
    ['www.example.com.', ['www', 'example', 'com'], '03777777076578616d706c6503636f6d00'],
    ['a\\.b.c.', ['a.b', 'c'], '03612e620163' + '00'],
  ])('%s', (text, labels, wire) => {
    const name = parseName(text);
    expect(nameToLabels(name).map((l) => Buffer.from(l).toString('latin1'))).toEqual(labels);
    expect(labelCount(name)).toBe(labels.length);
    expect(nameToWire(name).toString('hex')).toBe(wire);
    expect(nameFromLabels(nameToLabels(name))).toBe(name);
  });

  test('the wire form is the labels, length-prefixed, for random names with and without escapes', () => {
    let seed = 7;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    for (let i = 0; i < 2000; i++) {
      const labels = Array.from({ length: 1 + rand(5) }, () => Uint8Array.from({ length: 1 + rand(20) }, () => (rand(4) === 0 ? rand(256) : 0x61 + rand(26))));
      const name = nameFromLabels(labels);
      const expected = Buffer.concat([...nameToLabels(name).flatMap((l) => [Buffer.from([l.length]), Buffer.from(l)]), Buffer.from([0])]);
      expect(nameToWire(name).equals(expected), name).toBe(true);
      expect(readWireName(nameToWire(name), 0).name).toBe(name);
    }
  });

  test('nameFromLabels lower-cases and escapes', () => {
    expect(nameFromLabels([Buffer.from('A.B'), Buffer.from('Com')])).toBe('a\\.b.com.');
  });
});

describe('readWireName', () => {
  const msg = (hex: string): Buffer => Buffer.from(hex.replace(/ /g, ''), 'hex');
  test.each([
    ['plain', '03 777777 07 6578616d706c65 03 636f6d 00', 0, 'www.example.com.', 17],
    ['root', '00', 0, '.', 1],
    ['upper case is folded', '03 575757 00', 0, 'www.', 5],
    // example.com. at 0, then www + pointer to 0 at 13.
    ['pointer', '07 6578616d706c65 03 636f6d 00 03 777777 c000', 13, 'www.example.com.', 19],
    // a chain: com. at 0, example + ptr→0 at 5, www + ptr→5 at 15.
    ['pointer chain', '03 636f6d 00 07 6578616d706c65 c000 03 777777 c005', 15, 'www.example.com.', 21],
    ['pointer only', '03 636f6d 00 c000', 5, 'com.', 7],
  ])('%s', (_label, hex, offset, name, next) => {
    expect(readWireName(msg(hex), offset)).toEqual({ name, next });
  });

  test.each([
    ['forward pointer', '03 777777 c006 00 03 636f6d 00', 0, /does not point backwards/],
    ['pointer to itself', 'c000', 0, /does not point backwards/],
    // abc at 0, pointer→0 at 4: reading from 4 would loop abc.abc.abc… forever.
    ['loop through an earlier label', '03 616263 c000', 4, /does not point backwards/],
    // a name at 2 whose pointer targets a label of the same name.
    ['pointer into the same name', '0000 01 61 01 62 c002', 2, /does not point backwards/],
    ['truncated label', '05 6162', 0, /past the end/],
    ['missing terminator', '03 616263', 0, /past the end/],
    ['truncated pointer', '03 616263 c0', 0, /past the end/],
    ['extended label type', '40 00', 0, /label type 0x40/],
  ])('%s is refused', (_label, hex, offset, message) => {
    expect(() => readWireName(msg(hex), offset)).toThrow(NameError);
    expect(() => readWireName(msg(hex), offset)).toThrow(message);
  });

  test('a name longer than 255 octets through pointers is refused', () => {
    // Five 63-octet labels, each followed by a pointer to the previous one.
    const parts: Buffer[] = [Buffer.from([0])];
    let previous = 0;
    for (let i = 0; i < 5; i++) {
      const start = parts.reduce((n, p) => n + p.length, 0);
      parts.push(Buffer.from([63]), Buffer.alloc(63, 0x61), Buffer.from([0xc0 | (previous >> 8), previous & 0xff]));
      previous = start;
    }
    expect(() => readWireName(Buffer.concat(parts), previous)).toThrow(/longer than 255/);
  });
});

describe('relations', () => {
  test.each([
    ['www.example.com.', 'example.com.', true],
    ['example.com.', 'example.com.', true],
    ['anything.', '.', true],
    ['.', '.', true],
    ['xexample.com.', 'example.com.', false],
    ['example.com.', 'www.example.com.', false],
    // One label "www.example" under com., not a child of example.com.
    ['www\\.example.com.', 'example.com.', false],
    // Label "a\" then example.com.: an escaped backslash before the dot.
    ['a\\\\.example.com.', 'example.com.', true],
    ['a.b\\.example.com.', 'b\\.example.com.', true],
  ])('isSubdomain(%s, %s) = %s', (name, ancestor, expected) => {
    expect(isSubdomain(name as Name, ancestor as Name)).toBe(expected);
  });

  test.each([
    ['www.example.com.', 'example.com.'],
    ['com.', '.'],
    ['a\\.b.c.', 'c.'],
    ['.', null],
  ])('parentName(%s) = %s', (name, parent) => {
    expect(parentName(name as Name)).toBe(parent);
  });

  test.each([
    ['www', 'example.com.', 'www.example.com.'],
    ['*', 'example.com.', '*.example.com.'],
    ['A.B', 'com.', 'a\\.b.com.'],
    ['x', '.', 'x.'],
  ])('childName(%s, %s) = %s', (label, parent, expected) => {
    expect(childName(label, parent as Name)).toBe(expected);
  });

  test.each([
    ['example.com.', 'example.com.', '@'],
    ['www.example.com.', 'example.com.', 'www'],
    ['a.b.example.com.', 'example.com.', 'a.b'],
    ['other.org.', 'example.com.', 'other.org.'],
    ['www.', '.', 'www'],
  ])('relativeName(%s, %s) = %s', (name, o, expected) => {
    expect(relativeName(name as Name, o as Name)).toBe(expected);
  });

  test.each([
    ['example.com.', 'example.com'],
    ['.', '.'],
  ])('nameToApiText(%s) = %s', (name, expected) => {
    expect(nameToApiText(name as Name)).toBe(expected);
  });
});

describe('compareNames', () => {
  test('sorts the RFC 4034 §6.1 example into canonical order', () => {
    const canonical = [
      'example.',
      'a.example.',
      'yljkjljk.a.example.',
      'Z.a.example.',
      'zABC.a.EXAMPLE.',
      'z.example.',
      '\\001.z.example.',
      '*.z.example.',
      '\\200.z.example.',
    ].map((t) => parseName(t));
    const shuffled = [...canonical].reverse();
    shuffled.push(shuffled.shift()!);
    expect(shuffled.sort(compareNames)).toEqual(canonical);
  });

  test.each([
    ['a.', 'a.', 0],
    ['a.', 'b.', -1],
    ['b.', 'a.', 1],
    ['a.', 'aa.', -1],
    ['.', 'a.', -1],
  ])('compareNames(%s, %s) has sign %d', (a, b, sign) => {
    expect(Math.sign(compareNames(parseName(a), parseName(b)))).toBe(sign);
  });
});
