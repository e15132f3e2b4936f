// Tests shared/dns/rdata.ts and every codec: text → wire against dns-packet and RFC vectors, round trips, errors.
import dnsPacket from 'dns-packet';
import { describe, expect, test } from 'vitest';
import { parseName, ROOT } from '../../../../shared/dns/name.js';
import {
  compressibleNameOffsets,
  formatRdata,
  isKnownRdataType,
  parseRdata,
  parseRdataTokens,
  RdataError,
} from '../../../../shared/dns/rdata.js';
import { RRType } from '../../../../shared/dns/rr-type.js';

const origin = parseName('example.com.');

/** The RDATA dns-packet writes for one answer: an independent encoder to check ours against. */
function packetRdata(answer: dnsPacket.Answer): Buffer {
  const message = dnsPacket.encode({ type: 'response', answers: [answer] });
  // 12-octet header, owner "." (1), type (2), class (2), TTL (4), then RDLENGTH.
  const length = message.readUInt16BE(21);
  return message.subarray(23, 23 + length);
}

const hex = (text: string): Buffer => Buffer.from(text.replace(/[\s]/g, ''), 'hex');

const sha256 = '2bb183af5f22588179a53b0a98631fad1a292118c2e4e35bd8bd0d6ad3ea4c04';
const key = Buffer.from(Array.from({ length: 132 }, (_, i) => (i * 37 + 11) & 0xff));
const keyText = key.toString('base64');
const longText = 'x'.repeat(300);

interface ValidCase {
  readonly type: number;
  readonly text: string;
  /** The canonical presentation formatRdata must give. */
  readonly canonical: string;
  /** What dns-packet encodes for the same record, where it supports the type. */
  readonly packet?: dnsPacket.Answer;
  /** The expected wire form, for types dns-packet does not support (RFC test vectors). */
  readonly wire?: Buffer;
}

const base = { name: '.', ttl: 0, class: 'IN' } as const;

const valid: ValidCase[] = [
  { type: RRType.A, text: '192.0.2.1', canonical: '192.0.2.1', packet: { ...base, type: 'A', data: '192.0.2.1' } },
  { type: RRType.A, text: '0.0.0.0', canonical: '0.0.0.0', packet: { ...base, type: 'A', data: '0.0.0.0' } },
  { type: RRType.A, text: '255.255.255.255', canonical: '255.255.255.255', wire: hex('ffffffff') },
  { type: RRType.AAAA, text: '2001:db8::1', canonical: '2001:db8::1', packet: { ...base, type: 'AAAA', data: '2001:db8::1' } },
  { type: RRType.AAAA, text: '2001:DB8:0:0:0:0:0:1', canonical: '2001:db8::1', packet: { ...base, type: 'AAAA', data: '2001:db8::1' } },
  { type: RRType.AAAA, text: '::', canonical: '::', packet: { ...base, type: 'AAAA', data: '::' } },
  { type: RRType.AAAA, text: '::1', canonical: '::1', packet: { ...base, type: 'AAAA', data: '::1' } },
  { type: RRType.AAAA, text: '2001:db8:0:1:0:0:0:1', canonical: '2001:db8:0:1::1', wire: hex('20010db8000000010000000000000001') },
  { type: RRType.AAAA, text: '2001:0:0:1:0:0:0:1', canonical: '2001:0:0:1::1', wire: hex('20010000000000010000000000000001') },
  { type: RRType.AAAA, text: '2001:db8:1:1:1:1:1:0', canonical: '2001:db8:1:1:1:1:1:0', wire: hex('20010db8000100010001000100010000') },
  { type: RRType.AAAA, text: '::ffff:192.0.2.1', canonical: '::ffff:192.0.2.1', packet: { ...base, type: 'AAAA', data: '::ffff:192.0.2.1' } },
  { type: RRType.AAAA, text: '64:ff9b::192.0.2.33', canonical: '64:ff9b::c000:221', wire: hex('0064ff9b0000000000000000c0000221') },
  { type: RRType.NS, text: 'ns1', canonical: 'ns1.example.com.', packet: { ...base, type: 'NS', data: 'ns1.example.com' } },
  { type: RRType.NS, text: 'NS1.Other.ORG.', canonical: 'ns1.other.org.', packet: { ...base, type: 'NS', data: 'ns1.other.org' } },
  { type: RRType.CNAME, text: '@', canonical: 'example.com.', packet: { ...base, type: 'CNAME', data: 'example.com' } },
  { type: RRType.DNAME, text: 'example.net.', canonical: 'example.net.', packet: { ...base, type: 'DNAME', data: 'example.net' } },
  { type: RRType.PTR, text: 'host', canonical: 'host.example.com.', packet: { ...base, type: 'PTR', data: 'host.example.com' } },
  { type: RRType.PTR, text: 'a\\.b', canonical: 'a\\.b.example.com.', wire: hex('03612e62 076578616d706c65 03636f6d 00') },
  {
    type: RRType.SOA,
    text: 'ns1 hostmaster 2024010101 3600 900 1209600 300',
    canonical: 'ns1.example.com. hostmaster.example.com. 2024010101 3600 900 1209600 300',
    packet: {
      ...base,
      type: 'SOA',
      data: { mname: 'ns1.example.com', rname: 'hostmaster.example.com', serial: 2024010101, refresh: 3600, retry: 900, expire: 1209600, minimum: 300 },
    },
  },
  {
    type: RRType.SOA,
    text: 'ns1.example.com. h.example.com. 4294967295 1h 15M 2w 1d1h',
    canonical: 'ns1.example.com. h.example.com. 4294967295 3600 900 1209600 90000',
    packet: {
      ...base,
      type: 'SOA',
      data: { mname: 'ns1.example.com', rname: 'h.example.com', serial: 4294967295, refresh: 3600, retry: 900, expire: 1209600, minimum: 90000 },
    },
  },
  { type: RRType.MX, text: '10 mail', canonical: '10 mail.example.com.', packet: { ...base, type: 'MX', data: { preference: 10, exchange: 'mail.example.com' } } },
  { type: RRType.MX, text: '0 .', canonical: '0 .', packet: { ...base, type: 'MX', data: { preference: 0, exchange: '.' } } },
  { type: RRType.TXT, text: '"hello world"', canonical: '"hello world"', packet: { ...base, type: 'TXT', data: ['hello world'] } },
  { type: RRType.TXT, text: 'unquoted', canonical: '"unquoted"', packet: { ...base, type: 'TXT', data: ['unquoted'] } },
  { type: RRType.TXT, text: '"v=spf1" "-all"', canonical: '"v=spf1" "-all"', packet: { ...base, type: 'TXT', data: ['v=spf1', '-all'] } },
  { type: RRType.TXT, text: '""', canonical: '""', packet: { ...base, type: 'TXT', data: [''] } },
  { type: RRType.TXT, text: '"a\\"b" "c\\\\d"', canonical: '"a\\"b" "c\\\\d"', packet: { ...base, type: 'TXT', data: ['a"b', 'c\\d'] } },
  { type: RRType.TXT, text: '"\\010\\255\\000x"', canonical: '"\\010\\255\\000x"', packet: { ...base, type: 'TXT', data: [Buffer.from([10, 255, 0, 0x78])] } },
  { type: RRType.TXT, text: 'a\\ b', canonical: '"a b"', packet: { ...base, type: 'TXT', data: ['a b'] } },
  { type: RRType.TXT, text: '"k=v; p=1"', canonical: '"k=v; p=1"', packet: { ...base, type: 'TXT', data: ['k=v; p=1'] } },
  { type: RRType.TXT, text: '"é"', canonical: '"\\195\\169"', packet: { ...base, type: 'TXT', data: [Buffer.from('é', 'utf8')] } },
  {
    type: RRType.TXT,
    text: `"${longText}"`,
    canonical: `"${'x'.repeat(255)}" "${'x'.repeat(45)}"`,
    packet: { ...base, type: 'TXT', data: ['x'.repeat(255), 'x'.repeat(45)] },
  },
  {
    type: RRType.TXT,
    text: 'x'.repeat(510),
    canonical: `"${'x'.repeat(255)}" "${'x'.repeat(255)}"`,
    packet: { ...base, type: 'TXT', data: ['x'.repeat(255), 'x'.repeat(255)] },
  },
  { type: RRType.SPF, text: '"v=spf1 -all"', canonical: '"v=spf1 -all"', packet: { ...base, type: 'TXT', data: ['v=spf1 -all'] } },
  { type: RRType.HINFO, text: 'RFC8482 ""', canonical: '"RFC8482" ""', packet: { ...base, type: 'HINFO', data: { cpu: 'RFC8482', os: '' } } },
  { type: RRType.HINFO, text: '"Intel x86" Linux', canonical: '"Intel x86" "Linux"', packet: { ...base, type: 'HINFO', data: { cpu: 'Intel x86', os: 'Linux' } } },
  {
    type: RRType.SRV,
    text: '10 60 5060 sip',
    canonical: '10 60 5060 sip.example.com.',
    packet: { ...base, type: 'SRV', data: { priority: 10, weight: 60, port: 5060, target: 'sip.example.com' } },
  },
  { type: RRType.SRV, text: '0 0 0 .', canonical: '0 0 0 .', packet: { ...base, type: 'SRV', data: { priority: 0, weight: 0, port: 0, target: '.' } } },
  {
    type: RRType.NAPTR,
    text: '100 10 "u" "E2U+sip" "!^.*$!sip:info@example.com!" .',
    canonical: '100 10 "u" "E2U+sip" "!^.*$!sip:info@example.com!" .',
    packet: { ...base, type: 'NAPTR', data: { order: 100, preference: 10, flags: 'u', services: 'E2U+sip', regexp: '!^.*$!sip:info@example.com!', replacement: '.' } },
  },
  {
    type: RRType.NAPTR,
    text: '10 0 "s" "SIP+D2U" "" _sip._udp',
    canonical: '10 0 "s" "SIP+D2U" "" _sip._udp.example.com.',
    packet: { ...base, type: 'NAPTR', data: { order: 10, preference: 0, flags: 's', services: 'SIP+D2U', regexp: '', replacement: '_sip._udp.example.com' } },
  },
  {
    type: RRType.CAA,
    text: '0 issue "letsencrypt.org"',
    canonical: '0 issue "letsencrypt.org"',
    packet: { ...base, type: 'CAA', data: { flags: 0, tag: 'issue', value: 'letsencrypt.org' } },
  },
  {
    type: RRType.CAA,
    text: '128 iodef "mailto:security@example.com"',
    canonical: '128 iodef "mailto:security@example.com"',
    packet: { ...base, type: 'CAA', data: { flags: 128, tag: 'iodef', value: 'mailto:security@example.com' } },
  },
  { type: RRType.CAA, text: '0 issue ";"', canonical: '0 issue ";"', packet: { ...base, type: 'CAA', data: { flags: 0, tag: 'issue', value: ';' } } },
  {
    type: RRType.CAA,
    text: `0 issuewild "${longText}"`,
    canonical: `0 issuewild "${longText}"`,
    packet: { ...base, type: 'CAA', data: { flags: 0, tag: 'issuewild', value: longText } },
  },
  {
    type: RRType.DS,
    text: `60485 5 1 2BB183AF5F22588179A53B0A 98631FAD1A292118`,
    canonical: '60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118',
    packet: { ...base, type: 'DS', data: { keyTag: 60485, algorithm: 5, digestType: 1, digest: hex('2BB183AF5F22588179A53B0A98631FAD1A292118') } },
  },
  {
    type: RRType.DS,
    text: `2371 13 2 ${sha256}`,
    canonical: `2371 13 2 ${sha256.toUpperCase()}`,
    packet: { ...base, type: 'DS', data: { keyTag: 2371, algorithm: 13, digestType: 2, digest: hex(sha256) } },
  },
  { type: RRType.DS, text: '1 8 99 ab', canonical: '1 8 99 AB', wire: hex('0001 08 63 ab') },
  {
    type: RRType.DNSKEY,
    text: `257 3 8 ${keyText.slice(0, 40)} ${keyText.slice(40)}`,
    canonical: `257 3 8 ${keyText}`,
    packet: { ...base, type: 'DNSKEY', data: { flags: 257, algorithm: 8, key } },
  },
  {
    type: RRType.SSHFP,
    text: '2 1 123456789abcdef67890123456789abcdef67890',
    canonical: '2 1 123456789ABCDEF67890123456789ABCDEF67890',
    packet: { ...base, type: 'SSHFP', data: { algorithm: 2, hash: 1, fingerprint: '123456789abcdef67890123456789abcdef67890' } },
  },
  {
    type: RRType.SSHFP,
    text: `4 2 ${sha256}`,
    canonical: `4 2 ${sha256.toUpperCase()}`,
    packet: { ...base, type: 'SSHFP', data: { algorithm: 4, hash: 2, fingerprint: sha256 } },
  },
  {
    type: RRType.TLSA,
    text: `3 1 1 ${sha256}`,
    canonical: `3 1 1 ${sha256.toUpperCase()}`,
    packet: { ...base, type: 'TLSA', data: { usage: 3, selector: 1, matchingType: 1, certificate: hex(sha256) } },
  },
  {
    type: RRType.TLSA,
    text: '0 0 0 30 82 01',
    canonical: '0 0 0 308201',
    packet: { ...base, type: 'TLSA', data: { usage: 0, selector: 0, matchingType: 0, certificate: hex('308201') } },
  },
  { type: RRType.CDS, text: '0 0 0 00', canonical: '0 0 0 00', wire: hex('0000 00 00 00') },
  { type: RRType.CDS, text: `2371 13 2 ${sha256}`, canonical: `2371 13 2 ${sha256.toUpperCase()}`, wire: hex(`0943 0d 02 ${sha256}`) },
  { type: RRType.CDNSKEY, text: '0 3 0 AA==', canonical: '0 3 0 AA==', wire: hex('0000 03 00 00') },
  { type: RRType.SMIMEA, text: `3 0 1 ${sha256}`, canonical: `3 0 1 ${sha256.toUpperCase()}`, wire: hex(`03 00 01 ${sha256}`) },
  { type: RRType.OPENPGPKEY, text: 'mQIN BFX0 ', canonical: 'mQINBFX0', wire: hex('99020d0455f4') },
  {
    type: RRType.URI,
    text: '10 1 "ftp://ftp1.example.com/public"',
    canonical: '10 1 "ftp://ftp1.example.com/public"',
    wire: Buffer.concat([hex('000a 0001'), Buffer.from('ftp://ftp1.example.com/public')]),
  },
  { type: RRType.RP, text: 'hostmaster info.Example.COM.', canonical: 'hostmaster.example.com. info.example.com.', packet: { ...base, type: 'RP', data: { mbox: 'hostmaster.example.com', txt: 'info.example.com' } } },
  // RFC 1876's example (MIT), sizes defaulted: 30m is 3e3 cm (0x33), 10000m 1e6 (0x16), 10m 1e3 (0x13).
  {
    type: RRType.LOC,
    text: '42 21 54 N 71 06 18 W -24m 30m',
    canonical: '42 21 54.000 N 71 6 18.000 W -24.00m 30.00m 10000.00m 10.00m',
    wire: hex('00 33 16 13 89172dd0 70be15f0 00988d20'),
  },
  // Minutes and seconds left out, fractions of a second, and a size kept as one digit times a power of ten (12m → 10m).
  { type: RRType.LOC, text: '52 22 23.5 S 4 53 E 0 12m 1m 1m', canonical: '52 22 23.500 S 4 53 0.000 E 0.00m 10.00m 1.00m 1.00m', wire: hex('00 13 12 12 74c30df4 810c3fe0 00989680') },
  { type: RRType.CERT, text: 'PGP 0 0 mQIN BFX0', canonical: 'PGP 0 0 mQINBFX0', wire: hex('0003 0000 00 99020d0455f4') },
  { type: RRType.CERT, text: '1 12345 RSASHA256 AAEC', canonical: 'PKIX 12345 8 AAEC', wire: hex('0001 3039 08 000102') },
  { type: RRType.CERT, text: '65000 1 200 AA==', canonical: '65000 1 200 AA==', wire: hex('fde8 0001 c8 00') },
  // Only an unquoted \# starts the generic form (RFC 3597 §5); quoted it is the text "#".
  { type: RRType.TXT, text: '"\\#" 0', canonical: '"#" "0"', packet: { ...base, type: 'TXT', data: ['#', '0'] } },
  { type: RRType.TXT, text: '"\\#"', canonical: '"#"', packet: { ...base, type: 'TXT', data: ['#'] } },
  // RFC 9460 Appendix D test vectors (dns-packet has no SVCB codec).
  { type: RRType.HTTPS, text: '0 foo.example.com.', canonical: '0 foo.example.com.', wire: hex('0000 03666f6f 076578616d706c65 03636f6d 00') },
  { type: RRType.SVCB, text: '1 .', canonical: '1 .', wire: hex('0001 00') },
  { type: RRType.SVCB, text: '16 foo.example.com. port=53', canonical: '16 foo.example.com. port=53', wire: hex('0010 03666f6f076578616d706c6503636f6d00 0003 0002 0035') },
  {
    type: RRType.SVCB,
    text: '1 foo.example.com. key667=hello',
    canonical: '1 foo.example.com. key667="hello"',
    wire: hex('0001 03666f6f076578616d706c6503636f6d00 029b 0005 68656c6c6f'),
  },
  {
    type: RRType.SVCB,
    text: '1 foo.example.com. key667="hello\\210qoo"',
    canonical: '1 foo.example.com. key667="hello\\210qoo"',
    wire: hex('0001 03666f6f076578616d706c6503636f6d00 029b 0009 68656c6c6fd2716f6f'),
  },
  {
    type: RRType.SVCB,
    text: '1 foo.example.com. ipv6hint="2001:db8::1,2001:db8::53:1"',
    canonical: '1 foo.example.com. ipv6hint=2001:db8::1,2001:db8::53:1',
    wire: hex('0001 03666f6f076578616d706c6503636f6d00 0006 0020 20010db8000000000000000000000001 20010db8000000000000000000530001'),
  },
  {
    type: RRType.SVCB,
    text: '1 example.com. ipv6hint="2001:db8:122:344::192.0.2.33"',
    canonical: '1 example.com. ipv6hint=2001:db8:122:344::c000:221',
    wire: hex('0001 076578616d706c6503636f6d00 0006 0010 20010db80122034400000000c0000221'),
  },
  {
    type: RRType.SVCB,
    text: '16 foo.example.org. alpn=h2,h3-19 mandatory=ipv4hint,alpn ipv4hint=192.0.2.1',
    canonical: '16 foo.example.org. mandatory=alpn,ipv4hint alpn="h2,h3-19" ipv4hint=192.0.2.1',
    wire: hex('0010 03666f6f076578616d706c65036f726700 0000 0004 0001 0004 0001 0009 026832 0568332d3139 0004 0004 c0000201'),
  },
  {
    type: RRType.SVCB,
    text: '16 foo.example.org. alpn="f\\\\\\\\oo\\\\,bar,h2"',
    canonical: '16 foo.example.org. alpn="f\\\\\\\\oo\\\\,bar,h2"',
    wire: hex('0010 03666f6f076578616d706c65036f726700 0001 000c 08665c6f6f2c626172 026832'),
  },
  {
    type: RRType.SVCB,
    text: '16 foo.example.org. alpn=f\\\\\\092oo\\092,bar,h2',
    canonical: '16 foo.example.org. alpn="f\\\\\\\\oo\\\\,bar,h2"',
    wire: hex('0010 03666f6f076578616d706c65036f726700 0001 000c 08665c6f6f2c626172 026832'),
  },
  {
    type: RRType.HTTPS,
    text: '1 . alpn=h3,h2 no-default-alpn port=8443 ech=AEj+DQBE ipv4hint=192.0.2.1,192.0.2.2 key65000',
    canonical: '1 . alpn="h3,h2" no-default-alpn port=8443 ipv4hint=192.0.2.1,192.0.2.2 ech=AEj+DQBE key65000',
    wire: hex('0001 00 0001 0006 026833 026832 0002 0000 0003 0002 20fb 0004 0008 c0000201 c0000202 0005 0006 0048fe0d0044 fde8 0000'),
  },
  // keyNNNN is the opaque form even for known keys (RFC 9460 §7.1.1: key1=\002h2).
  { type: RRType.HTTPS, text: '1 svc key3=\\000\\053', canonical: '1 svc.example.com. port=53', wire: hex('0001 03737663076578616d706c6503636f6d00 0003 0002 0035') },
  { type: RRType.HTTPS, text: '1 . key1=\\002h2', canonical: '1 . alpn="h2"', wire: hex('0001 00 0001 0003 026832') },
  // RFC 3597 generic form: unknown types stay generic, known types are parsed into their own form.
  { type: 65280, text: '\\# 4 0a000001', canonical: '\\# 4 0A000001', wire: hex('0a000001') },
  { type: 65280, text: '\\# 0', canonical: '\\# 0', wire: Buffer.alloc(0) },
  { type: 65280, text: '\\# 3 ab CD ef', canonical: '\\# 3 ABCDEF', wire: hex('abcdef') },
  { type: RRType.A, text: '\\# 4 0A000001', canonical: '10.0.0.1', packet: { ...base, type: 'A', data: '10.0.0.1' } },
  {
    type: RRType.MX,
    text: '\\# 20 000a 044d41494c 076578616d706c65 03636f6d 00',
    canonical: '10 mail.example.com.',
    packet: { ...base, type: 'MX', data: { preference: 10, exchange: 'mail.example.com' } },
  },
  { type: 65534, text: '\\# 2 abcd', canonical: '\\# 2 ABCD', wire: hex('abcd') },
  {
    type: RRType.RRSIG,
    text: `A 13 3 3600 20250101000000 1704067200 2371 example.com. ${keyText.slice(0, 20)} ${keyText.slice(20)}`,
    canonical: `A 13 3 3600 20250101000000 20240101000000 2371 example.com. ${keyText}`,
    packet: {
      ...base,
      type: 'RRSIG',
      data: { typeCovered: 'A', algorithm: 13, labels: 3, originalTTL: 3600, expiration: 1735689600, inception: 1704067200, keyTag: 2371, signersName: 'example.com', signature: key },
    },
  },
  {
    type: RRType.RRSIG,
    text: `TYPE65280 8 0 0 0 21060207062815 0 . AA==`,
    canonical: `TYPE65280 8 0 0 19700101000000 21060207062815 0 . AA==`,
    wire: hex('ff00 08 00 00000000 00000000 ffffffff 0000 00 00'),
  },
  {
    type: RRType.NSEC,
    text: 'host.example.com. A MX RRSIG NSEC CAA',
    canonical: 'host.example.com. A MX RRSIG NSEC CAA',
    packet: { ...base, type: 'NSEC', data: { nextDomain: 'host.example.com', rrtypes: ['A', 'MX', 'RRSIG', 'NSEC', 'CAA'] } },
  },
  // TYPE1234 is window 4, octet 26, bit 2 (RFC 4034 §4.1.2).
  { type: RRType.NSEC, text: '. TYPE1234', canonical: '. TYPE1234', wire: hex(`00 04 1b ${'00'.repeat(26)} 20`) },
  { type: RRType.NSEC, text: 'b NSEC A A', canonical: 'b.example.com. A NSEC', wire: hex('0162076578616d706c6503636f6d00 0006 4000000000 01') },
  { type: RRType.NSEC, text: 'c', canonical: 'c.example.com.', wire: hex('0163076578616d706c6503636f6d00') },
  {
    type: RRType.NSEC3,
    text: '1 1 12 aabbccdd 2t7b4g4vsa5smi47k61mv5bv1a22bojr A RRSIG',
    canonical: '1 1 12 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG',
    packet: {
      ...base,
      type: 'NSEC3',
      data: { algorithm: 1, flags: 1, iterations: 12, salt: hex('aabbccdd'), nextDomain: hex('174eb2409fe28bcb4887a1836f957f0a8425e27b'), rrtypes: ['A', 'RRSIG'] },
    },
  },
  { type: RRType.NSEC3, text: '1 0 0 - 00', canonical: '1 0 0 - 00', wire: hex('01 00 0000 00 01 00') },
  { type: RRType.NSEC3PARAM, text: '1 0 0 -', canonical: '1 0 0 -', wire: hex('01 00 0000 00') },
  { type: RRType.NSEC3PARAM, text: '1 0 10 AB', canonical: '1 0 10 AB', wire: hex('01 00 000a 01 ab') },
];

describe('parseRdata and formatRdata', () => {
  test.each(valid.map((c) => [`${c.type} ${c.text.slice(0, 60)}`, c] as const))('%s', (_label, c) => {
    const wire = parseRdata(c.type, c.text, origin);
    const expectedWire = c.packet !== undefined ? packetRdata(c.packet) : c.wire;
    expect(expectedWire).toBeDefined();
    expect(wire.toString('hex')).toBe(expectedWire!.toString('hex'));
    const text = formatRdata(c.type, wire);
    expect(text).toBe(c.canonical);
    // wire → text → wire, with names absolute so the origin does not matter.
    expect(parseRdata(c.type, text, ROOT).equals(wire)).toBe(true);
    // RFC 3597 §5: the generic form of any type's RDATA means the same RDATA.
    const generic = wire.length === 0 ? '\\# 0' : `\\# ${wire.length} ${wire.toString('hex')}`;
    expect(parseRdata(c.type, generic, ROOT).equals(wire)).toBe(true);
  });

  test('parseRdataTokens takes pre-split tokens', () => {
    const wire = parseRdataTokens(RRType.TXT, [{ text: 'a b', quoted: true }, { text: 'c', quoted: false }], origin);
    expect(formatRdata(RRType.TXT, wire)).toBe('"a b" "c"');
  });
});

describe('random character-strings survive text and back', () => {
  // A fixed linear congruential generator, so a failure is reproducible.
  let seed = 12345;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const cases = Array.from({ length: 50 }, (_, i) => {
    const strings = Array.from({ length: 1 + (next() % 3) }, () => Buffer.from(Array.from({ length: next() % 256 }, () => next() % 256)));
    return [i, strings] as const;
  });
  test.each(cases)('TXT case %d', (_i, strings) => {
    const wire = Buffer.concat(strings.flatMap((s) => [Buffer.of(s.length), s]));
    const text = formatRdata(RRType.TXT, wire);
    expect(text).toMatch(/^[\x20-\x7e]*$/);
    expect(parseRdata(RRType.TXT, text, ROOT).equals(wire)).toBe(true);
  });
});

describe('invalid presentation RDATA', () => {
  test.each([
    [RRType.A, '300.1.2.3', 'A: "300.1.2.3" is not an IPv4 address'],
    [RRType.A, '01.2.3.4', 'A: "01.2.3.4" is not an IPv4 address'],
    [RRType.A, '1.2.3', 'A: "1.2.3" is not an IPv4 address'],
    [RRType.A, '1.2.3.4.5', 'A: "1.2.3.4.5" is not an IPv4 address'],
    [RRType.A, '::1', 'A: "::1" is not an IPv4 address'],
    [RRType.A, '', 'A: expected 1 field (address), got 0'],
    [RRType.A, '1.2.3.4 5.6.7.8', 'A: expected 1 field (address), got 2'],
    [RRType.AAAA, '1.2.3.4', 'AAAA: "1.2.3.4" is not an IPv6 address'],
    [RRType.AAAA, '2001:db8::1::2', 'AAAA: "2001:db8::1::2" is not an IPv6 address'],
    [RRType.AAAA, '1:2:3:4:5:6:7:8:9', 'AAAA: "1:2:3:4:5:6:7:8:9" is not an IPv6 address'],
    [RRType.AAAA, 'fe80::1%eth0', 'AAAA: "fe80::1%eth0" is not an IPv6 address'],
    [RRType.AAAA, '::ffff:01.2.3.4', 'AAAA: "::ffff:01.2.3.4" is not an IPv6 address'],
    [RRType.NS, 'a..b', 'NS: nsdname: name "a..b": empty label'],
    [RRType.NS, 'a b', 'NS: expected 1 field (nsdname), got 2'],
    [RRType.CNAME, 'x'.repeat(64), /CNAME: cname: name "x+": label of 64 octets/],
    [RRType.MX, '70000 mail', 'MX: preference "70000" is not a number from 0 to 65535'],
    [RRType.MX, '-1 mail', 'MX: preference "-1" is not a number from 0 to 65535'],
    [RRType.MX, '0x10 mail', 'MX: preference "0x10" is not a number from 0 to 65535'],
    [RRType.MX, 'mail', 'MX: expected 2 fields (preference exchange), got 1'],
    [RRType.SOA, 'ns1 host 1 2 3 4', 'SOA: expected 7 fields (mname rname serial refresh retry expire minimum), got 6'],
    [RRType.SOA, 'ns1 host 4294967296 2 3 4 5', 'SOA: serial "4294967296" is not a number from 0 to 4294967295'],
    [RRType.SOA, 'ns1 host 1h 2 3 4 5', 'SOA: serial "1h" is not a number from 0 to 4294967295'],
    [RRType.SOA, 'ns1 host 1 2x 3 4 5', 'SOA: refresh "2x" is not a duration from 0 to 4294967295 seconds'],
    [RRType.SOA, 'ns1 host 1 2 3 4 8000w', 'SOA: minimum "8000w" is not a duration from 0 to 4294967295 seconds'],
    [RRType.TXT, '', 'TXT: expected at least 1 field (one or more strings), got 0'],
    [RRType.TXT, '"abc', 'TXT: unterminated quote in "\\"abc"'],
    [RRType.TXT, '"a\\1"', 'TXT: "\\1": a \\DDD escape needs three digits'],
    [RRType.TXT, '"\\256"', 'TXT: "\\256" is more than 255'],
    [RRType.TXT, 'abc\\', 'TXT: backslash at the end of "abc\\\\"'],
    [RRType.TXT, 'a;b', 'TXT: ";" must be quoted or escaped in record text'],
    [RRType.TXT, '( "a" )', 'TXT: "(" must be quoted or escaped in record text'],
    [RRType.TXT, Array.from({ length: 260 }, () => `"${'x'.repeat(255)}"`).join(' '), /TXT: RDATA of 66560 octets is longer than 65535/],
    [RRType.HINFO, `"${longText}" os`, 'HINFO: cpu is 300 octets long (at most 255)'],
    [RRType.HINFO, 'cpu', 'HINFO: expected 2 fields (cpu os), got 1'],
    [RRType.RP, 'mbox', 'RP: expected 2 fields (mbox-dname txt-dname), got 1'],
    [RRType.LOC, '91 0 0 N 0 E 0m', 'LOC: latitude degrees "91" is not a whole number from 0 to 90'],
    [RRType.LOC, '90 1 N 0 E 0m', 'LOC: latitude is beyond 90 degrees'],
    [RRType.LOC, '10 N 181 E 0m', 'LOC: longitude degrees "181" is not a whole number from 0 to 180'],
    [RRType.LOC, '10 60 N 1 E 0m', 'LOC: latitude minutes "60" is not a whole number from 0 to 59'],
    [RRType.LOC, '10 1 60 N 1 E 0m', 'LOC: latitude seconds "60" is not a number from 0 to 59.999'],
    [RRType.LOC, '10 1 2 X 1 E 0m', 'LOC: "X" is not N or S (d1 [m1 [s1]] N|S d2 [m2 [s2]] E|W alt[m] [size[m] [horiz-pre[m] [vert-pre[m]]]])'],
    [RRType.LOC, '10 N 1 E', /LOC: altitude is missing/],
    [RRType.LOC, '10 N 1 E 1km', 'LOC: altitude "1km" is not a length in metres such as 10m or 0.5m'],
    [RRType.LOC, '10 N 1 E -100000.01m', /LOC: altitude "-100000.01m" is not from -100000m to 42849672.95m/],
    [RRType.LOC, '10 N 1 E 0m 90000001m', 'LOC: size is more than 90000000m'],
    [RRType.LOC, '10 N 1 E 0m 1m 1m 1m 1m', /LOC: unexpected "1m" after the vertical precision/],
    [RRType.CERT, 'PGP 0 0', /CERT: expected at least 4 fields/],
    [RRType.CERT, 'BOGUS 0 0 AA==', 'CERT: type "BOGUS" is not a number from 0 to 65535'],
    [RRType.CERT, 'PGP 0 NOPE AA==', 'CERT: algorithm "NOPE" is not a number from 0 to 255'],
    [RRType.SRV, '1 2 3', 'SRV: expected 4 fields (priority weight port target), got 3'],
    [RRType.SRV, '1 2 65536 t', 'SRV: port "65536" is not a number from 0 to 65535'],
    [RRType.NAPTR, '1 2 "u" "s" "r"', /NAPTR: expected 6 fields/],
    [RRType.NAPTR, `1 2 "u" "s" "${longText}" .`, 'NAPTR: regexp is 300 octets long (at most 255)'],
    [RRType.CAA, '0 issue', 'CAA: expected 3 fields (flags tag "value"), got 2'],
    [RRType.CAA, '256 issue "x"', 'CAA: flags "256" is not a number from 0 to 255'],
    [RRType.CAA, '0 is-sue "x"', 'CAA: tag "is-sue" must be 1 to 255 letters and digits'],
    [RRType.CAA, '0 "" "x"', 'CAA: tag "" must be 1 to 255 letters and digits'],
    [RRType.DS, '1 8 2 abcd', 'DS: a type 2 digest is 32 octets, not 2'],
    [RRType.DS, '1 8 1 xyz0', 'DS: digest "xyz0" is not hexadecimal'],
    [RRType.DS, '1 8 1 abc', 'DS: digest has an odd number of hex digits'],
    [RRType.DS, '1 8 1', /DS: expected at least 4 fields/],
    [RRType.DS, '65536 8 1 ab', 'DS: key tag "65536" is not a number from 0 to 65535'],
    [RRType.DNSKEY, '257 3 8 AwEAAb=', 'DNSKEY: public key "AwEAAb=" is not base64'],
    [RRType.DNSKEY, '257 3 8 AwE*', 'DNSKEY: public key "AwE*" is not base64'],
    [RRType.DNSKEY, '257 3 8 AB==', 'DNSKEY: public key "AB==" is not canonical base64'],
    [RRType.DNSKEY, '257 2 8 AwEAAQ==', 'DNSKEY: protocol 2 is not 3 (RFC 4034 §2.1.2)'],
    [RRType.SSHFP, '1 1 abcd', 'SSHFP: a type 1 fingerprint is 20 octets, not 2'],
    [RRType.SSHFP, '1 1', /SSHFP: expected at least 3 fields/],
    [RRType.TLSA, '3 1 1 abcd', 'TLSA: matching type 1 data is 32 octets, not 2'],
    [RRType.TLSA, '3 1 256 ab', 'TLSA: matching type "256" is not a number from 0 to 255'],
    [RRType.URI, '10 1 ""', 'URI: the target is empty'],
    [RRType.RRSIG, 'A 13 3 3600 20250101000000 20240101000000 2371 example.com.', /RRSIG: expected at least 9 fields/],
    [RRType.RRSIG, 'FOO 13 3 3600 1 2 2371 . AA==', 'RRSIG: type covered "FOO" is not a type'],
    [RRType.RRSIG, 'A 13 3 3600 20250230000000 2 2371 . AA==', 'RRSIG: expiration "20250230000000" is not a time from 1970 to 2106'],
    [RRType.RRSIG, 'A 13 3 3600 21060207062816 2 2371 . AA==', 'RRSIG: expiration "21060207062816" is not a time from 1970 to 2106'],
    [RRType.RRSIG, 'A 13 3 3600 1 4294967296 2371 . AA==', 'RRSIG: inception "4294967296" is not a number from 0 to 4294967295'],
    [RRType.RRSIG, 'A 13 3 3600 1 2 2371 . ""', 'RRSIG: the signature is empty'],
    [RRType.NSEC, '', 'NSEC: expected at least 1 field (nextname [types]), got 0'],
    [RRType.NSEC, 'next A FOO', 'NSEC: "FOO" is not a type'],
    [RRType.NSEC3, '1 0 0 - 00 FOO', 'NSEC3: "FOO" is not a type'],
    [RRType.NSEC3, '1 0 0 - W0', 'NSEC3: next hashed owner "W0" is not base32hex'],
    [RRType.NSEC3, '1 0 0 - 01', 'NSEC3: next hashed owner "01" is not canonical base32hex'],
    [RRType.NSEC3, '1 0 0 - 0', 'NSEC3: next hashed owner "0" is not base32hex'],
    [RRType.NSEC3, '1 0 0 "" 00', 'NSEC3: an empty salt is written "-"'],
    [RRType.NSEC3PARAM, '1 0 70000 -', 'NSEC3PARAM: iterations "70000" is not a number from 0 to 65535'],
    [RRType.NSEC3PARAM, '1 0 0 xyz', 'NSEC3PARAM: salt "xyz" is not hexadecimal'],
    [RRType.URI, '10 1', 'URI: expected 3 fields (priority weight "target"), got 2'],
    [RRType.OPENPGPKEY, '""', 'OPENPGPKEY: the key is empty'],
    [RRType.OPENPGPKEY, 'mQI', 'OPENPGPKEY: key "mQI" is not base64'],
    [RRType.SVCB, '1', /SVCB: expected at least 2 fields/],
    [RRType.SVCB, '0 foo alpn=h2', 'SVCB: AliasMode (priority 0) takes no SvcParams (RFC 9460 §2.4.2)'],
    [RRType.SVCB, '1 foo key123=abc key123=def', 'SVCB: key123 is given twice'],
    [RRType.SVCB, '1 foo mandatory', 'SVCB: mandatory: a value list has an empty item'],
    [RRType.SVCB, '1 foo alpn', 'SVCB: alpn: a value list has an empty item'],
    [RRType.SVCB, '1 foo alpn=h2,,h3', 'SVCB: alpn: a value list has an empty item'],
    [RRType.SVCB, '1 foo port', 'SVCB: port: port "" is not a number from 0 to 65535'],
    [RRType.SVCB, '1 foo port=70000', 'SVCB: port: port "70000" is not a number from 0 to 65535'],
    [RRType.SVCB, '1 foo ipv4hint', 'SVCB: ipv4hint: ipv4hint "" is not an address'],
    [RRType.SVCB, '1 foo ipv6hint=1.2.3.4', 'SVCB: ipv6hint: ipv6hint "1.2.3.4" is not an address'],
    [RRType.SVCB, '1 foo no-default-alpn=abc alpn=h2', 'SVCB: no-default-alpn: no-default-alpn takes no value'],
    [RRType.SVCB, '1 foo no-default-alpn', 'SVCB: no-default-alpn needs alpn (RFC 9460 §7.1.1)'],
    [RRType.SVCB, '1 foo mandatory=key123', 'SVCB: mandatory lists key123, which is not present'],
    [RRType.SVCB, '1 foo mandatory=mandatory', 'SVCB: mandatory: mandatory must not list itself (RFC 9460 §8)'],
    [RRType.SVCB, '1 foo mandatory=port,port port=1', 'SVCB: mandatory: mandatory lists a key twice'],
    [RRType.SVCB, '1 foo ipv6hint=::1 ipv6hint=::2', 'SVCB: ipv6hint is given twice'],
    [RRType.SVCB, '1 foo key65535', 'SVCB: "key65535" is not a SvcParamKey'],
    [RRType.SVCB, '1 foo unknown=1', 'SVCB: "unknown" is not a SvcParamKey'],
    [RRType.SVCB, '1 foo key3=5', 'SVCB: port: wire RDATA ends inside the port'],
    [RRType.SVCB, '1 foo key1', 'SVCB: alpn: alpn value is empty'],
    [RRType.HTTPS, '1 foo ech', 'HTTPS: ech: ech needs a value'],
    [RRType.HTTPS, '1 foo ech=!!', 'HTTPS: ech: ech "!!" is not base64'],
    [65280, '0a000001', 'TYPE65280: no presentation format is known for this type; use \\# <length> <hex> (RFC 3597)'],
    [65280, '\\#', 'TYPE65280: \\# needs a length'],
    [65280, '\\# 5 0a000001', 'TYPE65280: \\# length 5 does not match the 4 octets of data'],
    [65280, '\\# 4 0a0000zz', 'TYPE65280: \\# data "0a0000zz" is not hexadecimal'],
    [65280, '\\# 70000', 'TYPE65280: \\# length "70000" is not a number from 0 to 65535'],
    [RRType.A, '\\# 3 0a0000', 'A: wire RDATA ends inside the address'],
    [RRType.A, '\\# 5 0a00000101', 'A: 1 unexpected trailing bytes in wire RDATA'],
    [RRType.NS, '\\# 2 c000', 'NS: nsdname: compressed or extended label in wire RDATA'],
  ] as const)('%d %s', (type, text, message) => {
    const attempt = (): Buffer => parseRdata(type, text, origin);
    expect(attempt).toThrow(RdataError);
    if (typeof message === 'string') expect(attempt).toThrow(new RdataError(message));
    else expect(attempt).toThrow(message);
  });
});

describe('formatRdata refuses malformed wire RDATA', () => {
  test.each([
    [RRType.A, '0a0000', 'A: wire RDATA ends inside the address'],
    [RRType.AAAA, '00', 'AAAA: wire RDATA ends inside the address'],
    [RRType.MX, '000a03616263', 'MX: wire RDATA ends inside the exchange'],
    [RRType.MX, '000a00ff', 'MX: 1 unexpected trailing bytes in wire RDATA'],
    [RRType.CNAME, 'c00c', 'CNAME: cname: compressed or extended label in wire RDATA'],
    [RRType.TXT, '', 'TXT: wire RDATA holds no string'],
    [RRType.TXT, '0561', 'TXT: wire RDATA ends inside the string'],
    [RRType.SOA, '0000000000', 'SOA: wire RDATA ends inside the serial'],
    [RRType.CAA, '00', 'CAA: wire RDATA ends inside the tag'],
    [RRType.DS, '000108', 'DS: wire RDATA ends inside the digest type'],
    [RRType.DS, '00010802', 'DS: the digest is empty'],
    [RRType.DNSKEY, '01010208ab', 'DNSKEY: protocol 2 is not 3 (RFC 4034 §2.1.2)'],
    [RRType.SVCB, '000100 0003 0002 0035 0001 0003 026832', 'SVCB: SvcParamKeys are not in strictly ascending order'],
    [RRType.SVCB, '000100 0003 0001 00', 'SVCB: wire RDATA ends inside the port'],
    [RRType.SVCB, '000100 0003 0003 003500', 'SVCB: 1 unexpected trailing bytes in wire RDATA'],
    [RRType.SVCB, '000100 0001 0001 00', 'SVCB: an alpn id is empty'],
    [RRType.HTTPS, '000000 0003 0002 0035', 'HTTPS: AliasMode (priority 0) takes no SvcParams (RFC 9460 §2.4.2)'],
    [RRType.NSEC, '00 0000', 'NSEC: bad type bitmap window length'],
    [RRType.NSEC, '00 0021 ' + '01'.repeat(33), 'NSEC: bad type bitmap window length'],
    [RRType.NSEC, '00 0003 4000', 'NSEC: bad type bitmap window length'],
    [RRType.NSEC, '00 0002 4000', 'NSEC: type bitmap window ends in a zero octet'],
    [RRType.NSEC, '00 0101 40 0001 40', 'NSEC: type bitmap windows are not in ascending order'],
    [RRType.NSEC, '00 00', 'NSEC: wire RDATA ends inside the type bitmap'],
    [RRType.NSEC3, '01 00 0000 00 00', 'NSEC3: next hashed owner must be 1 to 255 octets'],
    [RRType.RRSIG, '0001 0d 03 00000e10 00000000 00000000 0943 00', 'RRSIG: the signature is empty'],
  ])('%d %s', (type, wireHex, message) => {
    expect(() => formatRdata(type, hex(wireHex))).toThrow(new RdataError(message));
  });
});

describe('compressibleNameOffsets', () => {
  test.each([
    [RRType.NS, 'ns1', [0]],
    [RRType.CNAME, 'x', [0]],
    [RRType.PTR, 'x', [0]],
    [RRType.MX, '10 mail', [2]],
    // mname "ns1.example.com." is 17 octets, so rname starts at 17.
    [RRType.SOA, 'ns1 h 1 2 3 4 5', [0, 17]],
    [RRType.SRV, '0 0 1 t', []],
    [RRType.DNAME, 'x', []],
    [RRType.SVCB, '1 t', []],
    [RRType.HTTPS, '0 t', []],
    [RRType.NAPTR, '1 1 "" "" "" t', []],
    [RRType.A, '1.2.3.4', []],
    [RRType.TXT, 'x', []],
    [65280, '\\# 1 00', []],
  ])('%d %s → %j', (type, text, offsets) => {
    expect(compressibleNameOffsets(type, parseRdata(type, text, origin))).toEqual(offsets);
  });
});

describe('isKnownRdataType', () => {
  test.each<readonly [string, number, boolean]>([
    ...['A', 'AAAA', 'NS', 'CNAME', 'DNAME', 'PTR', 'SOA', 'MX', 'TXT', 'SPF', 'HINFO', 'SRV', 'NAPTR', 'CAA', 'DS', 'DNSKEY', 'SSHFP', 'TLSA', 'SVCB', 'HTTPS', 'CDS', 'CDNSKEY', 'SMIMEA', 'OPENPGPKEY', 'URI', 'RRSIG', 'NSEC', 'NSEC3', 'NSEC3PARAM'].map(
      (t) => [t, RRType[t as keyof typeof RRType], true] as const,
    ),
    ['DLV', 32769, false],
    ['TYPE65534', 65534, false],
    ['TYPE65280', 65280, false],
  ])('%s', (_name, type, known) => {
    expect(isKnownRdataType(type)).toBe(known);
  });
});

describe('random input only ever gives RdataError', () => {
  let seed = 987654321;
  const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  const types = [...Object.values(RRType), 65280];
  const alphabet = ' \t"\\();.,=0123456789abcdefxyzABCDEF:+/#-@*$é\n';

  test('formatRdata on random wire, and parse of whatever it prints', () => {
    for (let i = 0; i < 20000; i++) {
      const type = types[next(types.length)]!;
      const wire = Buffer.from(Array.from({ length: next(40) }, () => next(256)));
      try {
        const text = formatRdata(type, wire);
        expect(parseRdata(type, text, ROOT).length).toBeGreaterThanOrEqual(0);
      } catch (err) {
        if (!(err instanceof RdataError)) throw err;
      }
    }
  });

  test('parseRdata on random text', () => {
    for (let i = 0; i < 20000; i++) {
      const type = types[next(types.length)]!;
      const text = Array.from({ length: next(30) }, () => alphabet[next(alphabet.length)]).join('');
      try {
        const wire = parseRdata(type, text, origin);
        expect(parseRdata(type, formatRdata(type, wire), ROOT).equals(wire)).toBe(true);
      } catch (err) {
        if (!(err instanceof RdataError)) throw err;
      }
    }
  });
});
