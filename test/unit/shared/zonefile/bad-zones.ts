// Zone files every compile path must refuse, with the error each gives (file "z", origin
// example.com.): zoneFromRecords and the one-pass snapshot compiler share this table.
export const SOA = '@ 3600 SOA ns1 hostmaster 1 3600 900 604800 300';
export const lines = (...l: string[]): string => l.join('\n') + '\n';

export const BAD_ZONES: readonly (readonly [label: string, text: string, message: string])[] = [
  ['no SOA', lines('a 60 A 192.0.2.1'), 'z: no SOA record at the origin example.com.'],
  ['two SOA records', lines(SOA, 'a 60 A 192.0.2.1', '@ 60 SOA ns2 h 2 3 4 5 6'), 'z:3: a second SOA record (the first is on line 1)'],
  ['the same SOA twice', lines(SOA, SOA), 'z:2: a second SOA record (the first is on line 1)'],
  ['SOA below the origin', lines(SOA, 'sub 60 SOA ns1 h 1 2 3 4 5'), 'z:2: SOA at sub.example.com. is not at the origin example.com.'],
  ['a name outside the zone', lines(SOA, 'www.example.org. 60 A 192.0.2.1'), 'z:2: www.example.org. is outside the zone example.com.'],
  ['a sibling that only shares a suffix', lines(SOA, 'badexample.com. 60 A 192.0.2.1'), 'z:2: badexample.com. is outside the zone example.com.'],
  ['an RRSIG covering a type the name lacks', lines(SOA, 'www 60 A 192.0.2.1', 'www 60 RRSIG MX 13 3 60 20250101000000 20240101000000 2371 @ AAAA'), 'z:3: RRSIG at www.example.com. covers MX, which the zone does not hold there'],
  ['CNAME after other data', lines(SOA, 'www 60 A 192.0.2.1', 'www 60 CNAME @'), 'z:3: CNAME at www.example.com. beside other data (RFC 1034 §3.6.2)'],
  ['other data after a CNAME', lines(SOA, 'www 60 CNAME @', 'www 60 TXT "x"'), 'z:3: TXT at www.example.com. beside a CNAME (RFC 1034 §3.6.2)'],
  ['CNAME at the apex', lines(SOA, '@ 60 CNAME other.org.'), 'z:2: CNAME at example.com. beside other data (RFC 1034 §3.6.2)'],
  ['two CNAMEs', lines(SOA, 'www 60 CNAME a', 'www 60 CNAME b'), 'z:3: a second CNAME at www.example.com. (RFC 1034 §3.6.2)'],
  ['a meta type', lines(SOA, 'a 60 TYPE41 \\# 0'), 'z:2: OPT is not a record type a zone can hold'],
  ['a query type', lines(SOA, 'a 60 TYPE255 \\# 0'), 'z:2: ANY is not a record type a zone can hold'],
  ['type 0', lines(SOA, 'a 60 TYPE0 \\# 0'), 'z:2: TYPE0 is not a record type a zone can hold'],
  ['bad RDATA', lines(SOA, 'www 60 A 192.0.2.300'), 'z:2: A: "192.0.2.300" is not an IPv4 address'],
];
