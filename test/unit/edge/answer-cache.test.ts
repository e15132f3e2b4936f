// Tests edge/answer-cache.ts: answers per table, two generations, popular answers survive floods of one-off names.
import { describe, expect, it } from 'vitest';
import { cachedAnswer, rememberAnswer } from '../../../edge/answer-cache.js';
import type { ZoneTable } from '../../../edge/index/zone-table.js';
import { foldKey } from '../../../edge/name-key.js';

/** The cache only uses a table as an identity (a WeakMap key). */
const newTable = (): ZoneTable => ({}) as unknown as ZoneTable;
const answer = (text: string): Buffer => Buffer.from(text);
const GENERATION = 50_000;

function flood(table: ZoneTable, tag: string, count: number): void {
  for (let i = 0; i < count; i++) rememberAnswer(table, foldKey(`r${i}.${tag}.example.`), 1, answer('x'));
}

describe('answer cache', () => {
  it('returns what was remembered for the same table, name and variant only', () => {
    const table = newTable();
    const www = foldKey('www.example.');
    rememberAnswer(table, www, 1, answer('one'));
    rememberAnswer(table, www, 2, answer('two'));
    expect(cachedAnswer(table, www, 1)?.toString()).toBe('one');
    expect(cachedAnswer(table, www, 2)?.toString()).toBe('two');
    expect(cachedAnswer(table, www, 3)).toBeUndefined();
    expect(cachedAnswer(table, foldKey('mail.example.'), 1)).toBeUndefined();
    expect(cachedAnswer(newTable(), www, 1)).toBeUndefined();
  });

  it('keeps an answer that is still asked for across a flood of one-off names', () => {
    const table = newTable();
    const popular = foldKey('popular.example.');
    rememberAnswer(table, popular, 1, answer('hot'));
    for (let round = 0; round < 4; round++) {
      flood(table, `flood${round}`, GENERATION);
      expect(cachedAnswer(table, popular, 1)?.toString(), `after flood ${round}`).toBe('hot');
    }
  });

  it('forgets an answer nobody asked for within two generations', () => {
    const table = newTable();
    const cold = foldKey('cold.example.');
    rememberAnswer(table, cold, 1, answer('cold'));
    flood(table, 'a', GENERATION);
    flood(table, 'b', GENERATION);
    expect(cachedAnswer(table, cold, 1)).toBeUndefined();
  });
});
