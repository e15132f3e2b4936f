// Tests control/checks/root-hints.ts: DNSCOVE_ROOT_HINTS parsing and the default root servers.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROOT_HINTS, RootHintsError, parseRootHints } from '../../../../control/checks/root-hints.js';

describe('parseRootHints', () => {
  const cases: [text: string, expected: object[]][] = [
    ['127.0.0.5:53', [{ host: '127.0.0.5', port: 53 }]],
    ['127.0.0.5', [{ host: '127.0.0.5', port: 53 }]],
    ['127.0.0.5:5300, 127.0.0.6', [{ host: '127.0.0.5', port: 5300 }, { host: '127.0.0.6', port: 53 }]],
    ['a.root=127.0.0.5:53,b.root.=[::1]:5353', [{ host: '127.0.0.5', port: 53, name: 'a.root.' }, { host: '::1', port: 5353, name: 'b.root.' }]],
    ['::1', [{ host: '::1', port: 53 }]],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(parseRootHints(text)).toEqual(expected);
  });

  it('defaults to the 13 root servers when unset or empty', () => {
    expect(parseRootHints(undefined)).toEqual(DEFAULT_ROOT_HINTS);
    expect(parseRootHints('  ')).toHaveLength(13);
    expect(DEFAULT_ROOT_HINTS[0]).toEqual({ host: '198.41.0.4', port: 53, name: 'a.root-servers.net.' });
  });

  const bad: [text: string, message: RegExp][] = [
    ['localhost:53', /"localhost" is not an IP address/],
    ['127.0.0.5:0', /bad port/],
    ['127.0.0.5:99999', /bad port/],
    ['a..b=127.0.0.5', /a\.\.b=127\.0\.0\.5/],
  ];
  it.each(bad)('refuses %s', (text, message) => {
    expect(() => parseRootHints(text)).toThrow(RootHintsError);
    expect(() => parseRootHints(text)).toThrow(message);
  });
});
