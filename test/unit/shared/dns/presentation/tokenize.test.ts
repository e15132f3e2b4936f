// Tests shared/dns/presentation/tokenize.ts: splitting one record's RDATA text into tokens.
import { describe, expect, test } from 'vitest';
import { tokenize, type Token } from '../../../../../shared/dns/presentation/tokenize.js';
import { RdataError } from '../../../../../shared/dns/rdata.js';

const t = (text: string, quoted = false): Token => ({ text, quoted });

describe('tokenize', () => {
  test.each([
    ['', []],
    ['   ', []],
    ['10 mail', [t('10'), t('mail')]],
    ['  10\t\tmail \r\n', [t('10'), t('mail')]],
    ['"v=spf1" "-all"', [t('v=spf1', true), t('-all', true)]],
    ['"a b"c', [t('a bc', true)]],
    ['""', [t('', true)]],
    ['"" ""', [t('', true), t('', true)]],
    ['"a\\"b"', [t('a\\"b', true)]],
    ['a\\ b', [t('a\\ b')]],
    ['a\\;b', [t('a\\;b')]],
    ['"a;b(c)"', [t('a;b(c)', true)]],
    ['\\# 4 0a000001', [t('\\#'), t('4'), t('0a000001')]],
    ['alpn="h2,h3" port=443', [t('alpn=h2,h3', true), t('port=443')]],
    ['"\\\\"', [t('\\\\', true)]],
  ] as const)('%j', (text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
  });

  test.each([
    ['"abc', 'unterminated quote in "\\"abc"'],
    ['"abc\\"', 'unterminated quote in "\\"abc\\\\\\""'],
    ['abc\\', 'backslash at the end of "abc\\\\"'],
    ['a ; comment', '";" must be quoted or escaped in record text'],
    ['( 1 2 )', '"(" must be quoted or escaped in record text'],
    ['1)', '")" must be quoted or escaped in record text'],
  ])('%j is refused', (text, message) => {
    expect(() => tokenize(text)).toThrow(new RdataError(message));
  });
});
