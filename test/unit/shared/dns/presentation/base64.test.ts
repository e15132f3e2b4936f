// Tests shared/dns/presentation/base64.ts: strict, canonical base64.
import { describe, expect, test } from 'vitest';
import { formatBase64, parseBase64 } from '../../../../../shared/dns/presentation/base64.js';
import { RdataError } from '../../../../../shared/dns/rdata.js';

describe('base64', () => {
  test.each(['', 'AA==', 'AAA=', 'AAAA', 'AwEAAQ==', '+/+/'])('parseBase64(%j) round-trips', (text) => {
    expect(formatBase64(parseBase64(text, 'key'))).toBe(text);
  });

  test.each(['A', 'AA=', 'AAAAA===', 'AB==', 'AAB=', 'A-_A', 'AA==AA=='])('parseBase64(%j) is refused', (text) => {
    expect(() => parseBase64(text, 'key')).toThrow(RdataError);
  });
});
