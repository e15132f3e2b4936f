// Tests edge/answer-cache.ts: answers kept while what they were read from is unchanged, two
// generations, popular answers survive floods of one-off names.
import { describe, expect, it } from 'vitest';
import { cachedAnswer, rememberAnswer } from '../../../edge/answer-cache.js';
import { ZoneTable } from '../../../edge/index/zone-table.js';
import { buildZoneIndex } from '../../../edge/index/zone-builder.js';
import { foldKey, keyFromName } from '../../../edge/name-key.js';
import { parseName } from '../../../shared/dns/name.js';
import { zoneFromText } from './edge-fixture.js';

const answer = (text: string): Buffer => Buffer.from(text);
const GENERATION = 50_000;
const zone = (origin: string, serial = 1) => buildZoneIndex(zoneFromText(`$ORIGIN ${origin}\n@ 300 SOA ns h ${serial} 2 3 4 60\n@ 300 NS ns\nns 300 A 192.0.2.1\n`));
const key = (name: string) => keyFromName(parseName(name));

function flood(table: ZoneTable, tag: string, count: number): void {
  for (let i = 0; i < count; i++) rememberAnswer(table, foldKey(`r${i}.${tag}.example.`), 1, answer('x'), null);
}

describe('answer cache', () => {
  it('returns what was remembered for the same table, name and variant only', () => {
    const table = new ZoneTable();
    const www = foldKey('www.example.');
    rememberAnswer(table, www, 1, answer('one'), null);
    rememberAnswer(table, www, 2, answer('two'), null);
    expect(cachedAnswer(table, www, 1)?.toString()).toBe('one');
    expect(cachedAnswer(table, www, 2)?.toString()).toBe('two');
    expect(cachedAnswer(table, www, 3)).toBeUndefined();
    expect(cachedAnswer(table, foldKey('mail.example.'), 1)).toBeUndefined();
    expect(cachedAnswer(new ZoneTable(), www, 1)).toBeUndefined();
  });

  it("keeps a zone's answers while other zones change, and drops them when that zone changes", () => {
    const table = new ZoneTable([zone('a.test.'), zone('b.test.')]);
    const inA = key('ns.a.test.');
    rememberAnswer(table, inA, 1, answer('from a'), table.zoneAt(key('a.test.'))!.currency);
    rememberAnswer(table, key('nowhere.test.'), 1, answer('refused'), null);
    table.set(zone('b.test.', 2));
    table.set(zone('c.test.'));
    expect(cachedAnswer(table, inA, 1)?.toString()).toBe('from a');
    // An answer that depends on the table as a whole goes with any change.
    expect(cachedAnswer(table, key('nowhere.test.'), 1)).toBeUndefined();
    table.set(zone('a.test.', 2));
    expect(cachedAnswer(table, inA, 1)).toBeUndefined();
  });

  it("drops a zone's answers when a zone is added below it", () => {
    const table = new ZoneTable([zone('a.test.')]);
    const below = key('x.sub.a.test.');
    rememberAnswer(table, below, 1, answer('nxdomain from a'), table.zoneAt(key('a.test.'))!.currency);
    table.set(zone('sub.a.test.'));
    expect(cachedAnswer(table, below, 1)).toBeUndefined();
  });

  it('keeps an answer that is still asked for across a flood of one-off names', () => {
    const table = new ZoneTable();
    const popular = foldKey('popular.example.');
    rememberAnswer(table, popular, 1, answer('hot'), null);
    for (let round = 0; round < 4; round++) {
      flood(table, `flood${round}`, GENERATION);
      expect(cachedAnswer(table, popular, 1)?.toString(), `after flood ${round}`).toBe('hot');
    }
  });

  it('forgets an answer nobody asked for within two generations', () => {
    const table = new ZoneTable();
    const cold = foldKey('cold.example.');
    rememberAnswer(table, cold, 1, answer('cold'), null);
    flood(table, 'a', GENERATION);
    flood(table, 'b', GENERATION);
    expect(cachedAnswer(table, cold, 1)).toBeUndefined();
  });
});
