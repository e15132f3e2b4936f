// Tests for the name hash table over wire bytes (edge/index/name-table.ts).
import { describe, expect, it } from 'vitest';
import { hashKey, hashWireName, NameTableBuilder, sameWireName } from '../../../edge/index/name-table.js';
import { keyFromName } from '../../../edge/name-key.js';
import { nameToWire, parseName } from '../../../shared/dns/name.js';

/** Runs a sliced step to its end. */
function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/** One buffer holding the wire forms of `names` back to back, and where each starts. */
function packed(names: string[]): { buf: Buffer; offsets: number[] } {
  const parts = names.map((n) => (n === '.' ? Buffer.from([0]) : rawWire(n)));
  const offsets: number[] = [];
  let pos = 0;
  for (const p of parts) {
    offsets.push(pos);
    pos += p.length;
  }
  return { buf: Buffer.concat(parts), offsets };
}

/** Wire form keeping the letter case as written (parseName would lower-case it). */
function rawWire(text: string): Buffer {
  const labels = text.split('.').filter((l) => l !== '');
  return Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'latin1')])), Buffer.from([0])]);
}

const key = (name: string) => keyFromName(parseName(name));

describe('NameTableBuilder and NameSet', () => {
  it('finds every added name by its bytes and, once packed, by its key, numbered in the order added', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `n${i}.example.`);
    const { buf, offsets } = packed(names);
    // Sized for far fewer names, so the table has to grow several times.
    const table = new NameTableBuilder(buf, 10);
    offsets.forEach((off) => table.add(off, hashWireName(buf, off)));
    expect(table.count).toBe(names.length);
    // Packed behind other data in the same array, as a zone's index does.
    const ints = new Int32Array(7 + table.packedSize).fill(7);
    // Packed in steps of three names, as a big zone's sliced build packs them.
    const set = drain(table.packInto(ints, 7, 3));
    expect(ints[0]).toBe(7);
    names.forEach((name, i) => {
      expect(table.findAt(offsets[i]!, hashWireName(buf, offsets[i]!))).toBe(i);
      expect(set.findKey(key(name))).toBe(i);
      expect(set.offsetOf(i)).toBe(offsets[i]);
    });
    expect(set.findKey(key('n5000.example.'))).toBe(-1);
  });

  it('packs a handful of names into a few dozen integers', () => {
    const { buf, offsets } = packed(['a.example.', 'b.example.', 'example.']);
    const table = new NameTableBuilder(buf, 1000);
    offsets.forEach((off) => table.add(off, hashWireName(buf, off)));
    expect(table.packedSize).toBeLessThanOrEqual(16);
  });

  it.each([
    ['a name never added', 'other.example.', -1],
    ['a parent of an added name', 'example.', -1],
    ['a child of an added name', 'x.www.example.', -1],
    ['an added name in another letter case', 'WWW.Example.', 0],
  ])('looks up %s', (_, name, expected) => {
    const { buf } = packed(['www.example.']);
    const table = new NameTableBuilder(buf, 4);
    table.add(0, hashWireName(buf, 0));
    const set = drain(table.packInto(new Int32Array(table.packedSize), 0, Infinity));
    expect(set.findKey(key(name))).toBe(expected);
  });

  it('hashes and compares bytes case-insensitively, keys and bytes alike', () => {
    const { buf, offsets } = packed(['WWW.Example.COM.', 'www.example.com.', 'www.example.con.']);
    expect(hashWireName(buf, offsets[0]!)).toBe(hashWireName(buf, offsets[1]!));
    expect(hashKey(key('www.example.com.'))).toBe(hashWireName(buf, offsets[0]!));
    expect(sameWireName(buf, offsets[0]!, offsets[1]!)).toBe(true);
    expect(sameWireName(buf, offsets[1]!, offsets[2]!)).toBe(false);
    expect(nameToWire(parseName('www.example.com.')).equals(buf.subarray(offsets[1]!, offsets[2]!))).toBe(true);
  });
});
