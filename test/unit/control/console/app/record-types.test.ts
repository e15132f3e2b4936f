// Unit: per-type value fields ↔ presentation format (control/console/app/record-types.ts).
import { describe, expect, it } from 'vitest';
import { RECORD_TYPES, typeSpec } from '../../../../../control/console/app/record-types.js';

describe('typeSpec compose and split', () => {
  it.each<{ type: string; parts: string[]; text: string }>([
    { type: 'A', parts: ['192.0.2.1'], text: '192.0.2.1' },
    { type: 'AAAA', parts: ['2001:db8::1'], text: '2001:db8::1' },
    { type: 'CNAME', parts: ['www.example.net.'], text: 'www.example.net.' },
    { type: 'NS', parts: ['ns1.example.net.'], text: 'ns1.example.net.' },
    { type: 'PTR', parts: ['host.example.net.'], text: 'host.example.net.' },
    { type: 'MX', parts: ['10', 'mail.example.com.'], text: '10 mail.example.com.' },
    { type: 'SRV', parts: ['10', '5', '443', 'sip.example.com.'], text: '10 5 443 sip.example.com.' },
    { type: 'TXT', parts: ['v=spf1 mx -all'], text: '"v=spf1 mx -all"' },
    // RFC 1035 §5.1: quotes and backslashes inside a character-string are escaped.
    { type: 'TXT', parts: ['say "hi" \\o/'], text: '"say \\"hi\\" \\\\o/"' },
    { type: 'CAA', parts: ['0', 'issue', 'letsencrypt.org'], text: '0 issue "letsencrypt.org"' },
    { type: 'caa', parts: ['128', 'iodef', 'mailto:a@example.com'], text: '128 iodef "mailto:a@example.com"' },
  ])('$type $text', ({ type, parts, text }) => {
    const spec = typeSpec(type);
    expect(spec).toBeDefined();
    expect(spec!.compose(parts)).toBe(text);
    expect(spec!.split(text)).toEqual(parts);
  });

  it('trims what was typed around plain fields', () => {
    expect(typeSpec('MX')!.compose([' 10 ', ' mail.example.com. '])).toBe('10 mail.example.com.');
  });

  it.each<{ type: string; text: string }>([
    { type: 'MX', text: '10' },
    { type: 'MX', text: '10 a. b.' },
    { type: 'TXT', text: '"one" "two"' },
    { type: 'TXT', text: 'unquoted' },
    { type: 'CAA', text: '0 issue letsencrypt.org' },
  ])('leaves $type $text to text mode', ({ type, text }) => {
    expect(typeSpec(type)!.split(text)).toBeUndefined();
  });

  it('splits TXT longer than 255 octets into character-strings (RFC 1035 §3.3.14), never inside a character', () => {
    const ascii = 'a'.repeat(300);
    expect(typeSpec('TXT')!.compose([ascii])).toBe(`"${'a'.repeat(255)}" "${'a'.repeat(45)}"`);
    // "é" is two octets: 128 of them are 256 octets, so the last one starts the second string.
    const accents = 'é'.repeat(128);
    expect(typeSpec('TXT')!.compose([accents])).toBe(`"${'é'.repeat(127)}" "é"`);
  });

  it('has no fields for types edited as text', () => {
    for (const type of ['TLSA', 'SSHFP', 'HTTPS', 'SVCB', 'DS', 'SOA']) expect(typeSpec(type)).toBeUndefined();
    expect(RECORD_TYPES).toContain('TLSA');
  });
});
