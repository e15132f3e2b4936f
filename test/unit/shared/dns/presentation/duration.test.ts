// Tests shared/dns/presentation/duration.ts: TTL-style durations.
import { describe, expect, test } from 'vitest';
import { parseDuration } from '../../../../../shared/dns/presentation/duration.js';

describe('parseDuration', () => {
  test.each([
    ['0', 0],
    ['3600', 3600],
    ['1h', 3600],
    ['1H30m', 5400],
    ['2d', 172800],
    ['1w', 604800],
    ['1w2d3h4m5s', 604800 + 172800 + 10800 + 240 + 5],
    ['90s', 90],
    ['', undefined],
    ['h', undefined],
    ['1x', undefined],
    ['1h30', undefined],
    ['-1', undefined],
    ['IN', undefined],
    ['99999999999999999999', Infinity],
  ])('%j → %s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });
});
