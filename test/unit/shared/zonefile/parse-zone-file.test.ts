// Tests shared/zonefile/parse-zone-file.ts: directives, shorthands and errors with file:line.
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { parseName } from '../../../../shared/dns/name.js';
import { formatRdata } from '../../../../shared/dns/rdata.js';
import { rrTypeToText } from '../../../../shared/dns/rr-type.js';
import { parseZoneFile, type ParseZoneFileOptions, type ZoneFileRecord } from '../../../../shared/zonefile/parse-zone-file.js';
import { ZoneFileError } from '../../../../shared/zonefile/zone-file-error.js';

const origin = parseName('example.com.');
const SOA = '@ 3600 IN SOA ns1 hostmaster 1 3600 900 604800 300';

/** One record as a line of text: "line name ttl TYPE rdata". */
function show(r: ZoneFileRecord): string {
  return `${r.line} ${r.name} ${r.ttl} ${rrTypeToText(r.type)} ${formatRdata(r.type, r.rdata)}`;
}

const lines = (...l: string[]): string => l.join('\n') + '\n';

describe('parseZoneFile', () => {
  test.each<[string, string, ParseZoneFileOptions, string[]]>([
    ['explicit everything', lines('www.example.com. 300 IN A 192.0.2.1'), { origin }, ['1 www.example.com. 300 A 192.0.2.1']],
    ['@ and relative names', lines('@ 60 A 192.0.2.1', 'www 60 CNAME @', 'a.b 60 MX 10 mail'), { origin }, [
      '1 example.com. 60 A 192.0.2.1',
      '2 www.example.com. 60 CNAME example.com.',
      '3 a.b.example.com. 60 MX 10 mail.example.com.',
    ]],
    ['class and TTL in either order, each optional', lines('a IN 60 A 192.0.2.1', 'b 70 IN A 192.0.2.2', 'c 80 A 192.0.2.3', 'd IN A 192.0.2.4', 'e A 192.0.2.5'), { origin }, [
      '1 a.example.com. 60 A 192.0.2.1',
      '2 b.example.com. 70 A 192.0.2.2',
      '3 c.example.com. 80 A 192.0.2.3',
      '4 d.example.com. 80 A 192.0.2.4',
      '5 e.example.com. 80 A 192.0.2.5',
    ]],
    ['TTL units', lines('a 1h30m A 192.0.2.1', 'b 2d A 192.0.2.1', 'c 1W A 192.0.2.1'), { origin }, [
      '1 a.example.com. 5400 A 192.0.2.1',
      '2 b.example.com. 172800 A 192.0.2.1',
      '3 c.example.com. 604800 A 192.0.2.1',
    ]],
    ['omitted owner repeats the previous one', lines('www 60 A 192.0.2.1', '  AAAA 2001:db8::1', '\tTXT "x"'), { origin }, [
      '1 www.example.com. 60 A 192.0.2.1',
      '2 www.example.com. 60 AAAA 2001:db8::1',
      '3 www.example.com. 60 TXT "x"',
    ]],
    ['$TTL wins over the previous TTL', lines('$TTL 1h', 'a 60 A 192.0.2.1', 'b A 192.0.2.2', '$TTL 120', 'c A 192.0.2.3'), { origin }, [
      '2 a.example.com. 60 A 192.0.2.1',
      '3 b.example.com. 3600 A 192.0.2.2',
      '5 c.example.com. 120 A 192.0.2.3',
    ]],
    ['without $TTL the last stated TTL carries on (RFC 1035 §5.1)', lines('a 60 A 192.0.2.1', 'b A 192.0.2.2'), { origin }, [
      '1 a.example.com. 60 A 192.0.2.1',
      '2 b.example.com. 60 A 192.0.2.2',
    ]],
    ['defaultTtl applies before any TTL is known', lines('a A 192.0.2.1'), { origin, defaultTtl: 3600 }, ['1 a.example.com. 3600 A 192.0.2.1']],
    ['$ORIGIN changes relative names, absolute and relative', lines('$ORIGIN example.com.', 'a 60 A 192.0.2.1', '$ORIGIN sub', 'b A 192.0.2.2', '@ MX 1 c', '$ORIGIN other.example.com.', 'd A 192.0.2.3'), {}, [
      '2 a.example.com. 60 A 192.0.2.1',
      '4 b.sub.example.com. 60 A 192.0.2.2',
      '5 sub.example.com. 60 MX 1 c.sub.example.com.',
      '7 d.other.example.com. 60 A 192.0.2.3',
    ]],
    ['parentheses across lines with comments', lines('@ 60 SOA ns1 hostmaster ( ; start', '  1 ; serial', '  2 3', '  4', '  5 )', 'www 60 A 192.0.2.1'), { origin }, [
      '1 example.com. 60 SOA ns1.example.com. hostmaster.example.com. 1 2 3 4 5',
      '6 www.example.com. 60 A 192.0.2.1',
    ]],
    ['parenthesis glued to tokens', lines('@ 60 TXT ("a"', '"b")'), { origin }, ['1 example.com. 60 TXT "a" "b"']],
    ['comments and blank lines are skipped', lines('; header', '', '   ; indented comment', 'a 60 A 192.0.2.1 ; trailing', '   ', 'b 60 A 192.0.2.2'), { origin }, [
      '4 a.example.com. 60 A 192.0.2.1',
      '6 b.example.com. 60 A 192.0.2.2',
    ]],
    ['quoted strings keep ; ( ) and escapes', lines('a 60 TXT "a;b" "(c)" "d\\"e" "f\\\\g" "\\065"'), { origin }, ['1 a.example.com. 60 TXT "a;b" "(c)" "d\\"e" "f\\\\g" "A"']],
    ['escaped characters in names', lines('a\\.b 60 A 192.0.2.1', 'c\\;d 60 A 192.0.2.1', 'e\\040f 60 A 192.0.2.1'), { origin }, [
      '1 a\\.b.example.com. 60 A 192.0.2.1',
      '2 c\\;d.example.com. 60 A 192.0.2.1',
      '3 e\\(f.example.com. 60 A 192.0.2.1',
    ]],
    ['RFC 3597 generic RDATA and TYPEnnn', lines('a 60 TYPE65280 \\# 4 0a000001', 'b 60 TYPE1 \\# 4 0a000001', 'c 60 TYPE1 10.0.0.1', 'd 60 CLASS1 A 10.0.0.2'), { origin }, [
      '1 a.example.com. 60 TYPE65280 \\# 4 0A000001',
      '2 b.example.com. 60 A 10.0.0.1',
      '3 c.example.com. 60 A 10.0.0.1',
      '4 d.example.com. 60 A 10.0.0.2',
    ]],
    ['CRLF line endings', 'a 60 A 192.0.2.1\r\n  AAAA ::1\r\nb 60 TXT "x"\r\n', { origin }, [
      '1 a.example.com. 60 A 192.0.2.1',
      '2 a.example.com. 60 AAAA ::1',
      '3 b.example.com. 60 TXT "x"',
    ]],
    ['no final newline', 'a 60 A 192.0.2.1', { origin }, ['1 a.example.com. 60 A 192.0.2.1']],
    ['case is folded in names, types, classes and directives', lines('$ttl 60', 'WWW in a 192.0.2.1', 'Mail Mx 10 MX.Example.COM.'), { origin }, [
      '2 www.example.com. 60 A 192.0.2.1',
      '3 mail.example.com. 60 MX 10 mx.example.com.',
    ]],
    ['a type mnemonic as an owner name', lines('a 60 A 192.0.2.1', 'in 60 A 192.0.2.2', 'txt 60 TXT "x"'), { origin }, [
      '1 a.example.com. 60 A 192.0.2.1',
      '2 in.example.com. 60 A 192.0.2.2',
      '3 txt.example.com. 60 TXT "x"',
    ]],
    ['the largest TTL', lines('a 2147483647 A 192.0.2.1'), { origin }, ['1 a.example.com. 2147483647 A 192.0.2.1']],
  ])('%s', (_label, text, options, expected) => {
    expect(parseZoneFile(text, options).records.map(show)).toEqual(expected);
  });

  test.each<[string, string, ParseZoneFileOptions, string]>([
    ['the option', lines('$ORIGIN other.org.', SOA), { origin }, 'example.com.'],
    ['the first $ORIGIN', lines('$ORIGIN example.org.', SOA, '$ORIGIN sub.example.org.'), {}, 'example.org.'],
    ['the absolute SOA owner', lines('example.net. 60 IN SOA ns1.example.net. h.example.net. 1 2 3 4 5', 'www 60 A 192.0.2.1'), {}, 'example.net.'],
    ['the SOA owner after other records', lines('www.example.net. 60 A 192.0.2.1', 'example.net. 60 SOA ns1 h 1 2 3 4 5', 'x 60 A 192.0.2.1'), {}, 'example.net.'],
  ])('origin comes from %s', (_label, text, options, expected) => {
    expect(parseZoneFile(text, options).origin).toBe(expected);
  });

  test('relative names before the first $ORIGIN resolve against the inferred origin', () => {
    const parsed = parseZoneFile(lines('example.net. 60 SOA ns1 h 1 2 3 4 5'), {});
    expect(show(parsed.records[0]!)).toBe('1 example.net. 60 SOA ns1.example.net. h.example.net. 1 2 3 4 5');
  });

  test.each<[string, string, ParseZoneFileOptions, string]>([
    ['no origin', lines('www 60 A 192.0.2.1'), { file: 'z' }, 'z: no origin: give one, start with $ORIGIN, or write the SOA owner as an absolute name'],
    ['relative first $ORIGIN', lines('$ORIGIN sub', SOA), { file: 'z' }, 'z:1: the first $ORIGIN must be absolute: name "sub" is relative and there is no origin'],
    ['$INCLUDE', lines(SOA, '$INCLUDE other.zone'), { origin, file: 'z' }, 'z:2: $INCLUDE is not supported: the parser reads one zone file; inline the included file'],
    ['unknown directive', lines('$GENERATE 1-2 a$ A 10.0.0.$'), { origin, file: 'z' }, 'z:1: unknown directive $GENERATE'],
    ['$TTL without value', lines('$TTL'), { origin, file: 'z' }, 'z:1: $TTL takes one TTL'],
    ['bad $TTL', lines('$TTL 1y'), { origin, file: 'z' }, 'z:1: "1y" is not a TTL'],
    ['$ORIGIN with two names', lines('$ORIGIN a. b.'), { origin, file: 'z' }, 'z:1: $ORIGIN takes one name'],
    ['TTL too large', lines('a 2147483648 A 192.0.2.1'), { origin, file: 'z' }, 'z:1: TTL 2147483648 is more than 2147483647 (RFC 2181 §8)'],
    ['no TTL at all', lines('a A 192.0.2.1'), { origin, file: 'z' }, 'z:1: no TTL: give the record one, or add a $TTL directive'],
    ['omitted owner on the first record', lines('  60 A 192.0.2.1'), { origin, file: 'z' }, 'z:1: the first record has no owner name (the line starts with a blank)'],
    ['class other than IN', lines('a 60 CH A 192.0.2.1'), { origin, file: 'z' }, 'z:1: class CH is not supported (only IN)'],
    ['unknown type', lines('a 60 IN FOO bar'), { origin, file: 'z' }, 'z:1: unknown type "FOO"'],
    ['no type', lines('a 60 IN'), { origin, file: 'z' }, 'z:1: the record has no type'],
    ['bad RDATA names type and reason', lines(SOA, '', 'a 60 A 300.1.2.3'), { origin, file: 'z' }, 'z:3: A: "300.1.2.3" is not an IPv4 address'],
    ['bad owner name', lines('a..b 60 A 192.0.2.1'), { origin, file: 'z' }, 'z:1: name "a..b": empty label'],
    ['unterminated quote', lines('a 60 TXT "abc', 'b 60 A 192.0.2.1'), { origin, file: 'z' }, 'z:1: unterminated quote'],
    ['unclosed parenthesis names its line', lines('a 60 A 192.0.2.1', 'b 60 TXT ( "x"', '"y"'), { origin, file: 'z' }, 'z:2: "(" is never closed'],
    ['nested parentheses', lines('a 60 TXT ( ( "x" ) )'), { origin, file: 'z' }, 'z:1: nested "("'],
    ['closing without opening', lines('a 60 TXT "x" )'), { origin, file: 'z' }, 'z:1: ")" without "("'],
    ['an error inside a multi-line record names its first line', lines('', '@ 60 SOA ns1 h (', '  1 2 3', '  4 x )'), { origin, file: 'z' }, 'z:2: SOA: minimum "x" is not a duration from 0 to 4294967295 seconds'],
    ['default file name', lines('a 60 A 1'), { origin }, '<zone file>:1: A: "1" is not an IPv4 address'],
  ])('%s', (_label, text, options, message) => {
    let caught: unknown;
    try {
      parseZoneFile(text, options);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ZoneFileError);
    expect((caught as ZoneFileError).message).toBe(message);
  });

  test('ZoneFileError carries file, line and reason', () => {
    try {
      parseZoneFile(lines(SOA, 'a 60 MX 99999 b'), { origin, file: 'db.example' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ZoneFileError);
      const e = err as ZoneFileError;
      expect([e.file, e.line, e.reason]).toEqual(['db.example', 2, 'MX: preference "99999" is not a number from 0 to 65535']);
    }
  });

  test('the fixture parses with every feature', async () => {
    const text = await readFile(new URL('../../../fixtures/zonefile/example.com.zone', import.meta.url), 'utf8');
    const parsed = parseZoneFile(text, { file: 'example.com.zone' });
    expect(parsed.origin).toBe('example.com.');
    expect(parsed.records.map(show)).toEqual([
      '4 example.com. 3600 SOA ns1.example.com. hostmaster.example.com. 2024010101 3600 900 1209600 300',
      '10 example.com. 3600 NS ns1.example.com.',
      '11 example.com. 3600 NS ns2.example.net.',
      '12 example.com. 3600 MX 10 mail.example.com.',
      '13 example.com. 300 TXT "v=spf1 mx -all"',
      '14 ns1.example.com. 3600 A 192.0.2.1',
      '15 mail.example.com. 3600 A 192.0.2.2',
      '16 mail.example.com. 3600 AAAA 2001:db8::2',
      '17 www.example.com. 3600 CNAME example.com.',
      '18 _sip._tcp.example.com. 3600 SRV 0 5 5060 sip.example.com.',
      '19 sip.example.com. 3600 A 192.0.2.3',
      '20 example.com. 3600 CAA 0 issue "letsencrypt.org"',
      '21 example.com. 3600 HTTPS 1 . alpn="h2,h3"',
      '22 dkim._domainkey.example.com. 3600 TXT "v=DKIM1; k=rsa; " "p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQ"',
      '25 host.sub.example.com. 3600 A 192.0.2.4',
      '26 sub.example.com. 3600 TYPE65280 \\# 4 0A000001',
    ]);
  });
});

describe('random input only ever gives ZoneFileError', () => {
  test('mutated zone text', async () => {
    const text = await readFile(new URL('../../../fixtures/zonefile/example.com.zone', import.meta.url), 'utf8');
    let seed = 424242;
    const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const noise = ' \t\r\n"\\();$@.0123456789aAzZ:#';
    let parsedOk = 0;
    for (let i = 0; i < 3000; i++) {
      const chars = [...text];
      for (let m = 1 + next(4); m > 0; m--) chars[next(chars.length)] = noise[next(noise.length)]!;
      try {
        parseZoneFile(chars.join(''), { file: 'fuzz' });
        parsedOk++;
      } catch (err) {
        if (!(err instanceof ZoneFileError)) throw err;
        expect(err.message).toMatch(/^fuzz(:[1-9][0-9]*)?: ./);
      }
    }
    // Some mutations (inside comments, say) leave a valid file; most do not.
    expect(parsedOk).toBeGreaterThan(0);
  });
});
