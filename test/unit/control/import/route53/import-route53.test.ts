// Tests control/import/route53/import-route53.ts against recorded AWS CLI output shapes.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importRoute53 } from '../../../../../control/import/route53/import-route53.js';
import { Route53ImportError } from '../../../../../control/import/route53/route53-import-error.js';
import type { ImportResult } from '../../../../../control/import/import-result.js';
import { parseName } from '../../../../../shared/dns/name.js';
import { rrTypeFromText } from '../../../../../shared/dns/rr-type.js';

const fixture = (file: string): string => fs.readFileSync(path.join('test/fixtures/route53', file), 'utf8');

function rrset(result: ImportResult, name: string, type: string): { ttl: number; records: readonly string[] } | undefined {
  const t = rrTypeFromText(type);
  const set = result.rrsets.find((s) => s.name === name && s.type === t);
  return set === undefined ? undefined : { ttl: set.ttl, records: set.records };
}

function skipReason(result: ImportResult, name: string, type: string): string | undefined {
  return result.skipped.find((s) => s.name === name && s.type === type)?.reason;
}

describe('importRoute53: list-resource-record-sets output', () => {
  const result = importRoute53(fixture('list-resource-record-sets.json'));

  it('takes the origin from the apex SOA', () => {
    expect(result.origin).toBe('example.com.');
  });

  const imported: [name: string, type: string, ttl: number, records: string[]][] = [
    ['example.com.', 'MX', 300, ['10 mx1.example.com.', '20 mx2.example.com.']],
    ['example.com.', 'CAA', 3600, ['0 issue "letsencrypt.org"', '0 iodef "mailto:security@example.com"']],
    ['example.com.', 'TXT', 300, ['"google-site-verification=rXOxyZounnZasA8Z7oaD3c14JdjS9aKSWvsR1EbUSIQ"', '"v=spf1 include:_spf.google.com ~all"']],
    ['*.example.com.', 'A', 60, ['192.0.2.80']],
    ['\\@home.example.com.', 'A', 300, ['192.0.2.81']],
    ['a*b.example.com.', 'TXT', 300, ['"literal star in the middle of a label"']],
    ['_sip._tcp.example.com.', 'SRV', 300, ['10 60 5060 sipserver.example.com.']],
    ['quotes.example.com.', 'TXT', 300, ['"say \\"hi\\" \\\\ caf\\195\\169"']],
    ['legacy.example.com.', 'TXT', 300, ['"v=spf1 ip4:192.0.2.0/24 -all"']],
    ['sub.example.com.', 'NS', 3600, ['ns1.sub.example.com.', 'ns2.provider.example.net.']],
    ['ns1.sub.example.com.', 'A', 3600, ['192.0.2.53']],
    ['www.example.com.', 'A', 300, ['192.0.2.1', '192.0.2.2']],
    ['www.example.com.', 'AAAA', 300, ['2001:db8:85a3::8a2e:370:7334']],
    ['shop.example.com.', 'CNAME', 300, ['shops.myshopify.com.']],
  ];
  it.each(imported)('imports %s %s', (name, type, ttl, records) => {
    expect(rrset(result, name, type)).toEqual({ ttl, records });
  });

  it('imports the DS of a delegation', () => {
    const ds = rrset(result, 'sub.example.com.', 'DS');
    expect(ds?.records).toHaveLength(1);
    expect(ds?.records[0]?.toLowerCase()).toBe('60485 13 2 d4b7d520e7bb5f0f67674a0cceb1e3e0614b93c4f9e99b8383f6a1e4469da50a');
  });

  it('imports a two-string TXT value as one record of two strings', () => {
    const dkim = rrset(result, 'dkim._domainkey.example.com.', 'TXT');
    expect(dkim?.records).toHaveLength(1);
    expect(dkim?.records[0]).toMatch(/^"v=DKIM1; k=rsa; p=MIIB[^"]*" "HcQ1mB2[^"]*AQAB"$/);
  });

  const skipped: [name: string, type: string, reason: RegExp][] = [
    ['example.com.', 'SOA', /apex SOA is replaced/],
    ['example.com.', 'NS', /apex NS is replaced/],
    ['example.com.', 'A', /^alias record \(AliasTarget dualstack\.web-lb-1234567890/],
    ['api.example.com.', 'A', /^weighted record set \(SetIdentifier "(blue|green)"\)/],
    ['app.example.com.', 'A', /^latency record set/],
    ['cdn.example.com.', 'CNAME', /^geolocation record set/],
    ['edge.example.com.', 'A', /^geoproximity record set/],
    ['failover.example.com.', 'A', /^failover record set/],
    ['mv.example.com.', 'A', /^multivalue answer record set/],
    ['office.example.com.', 'A', /^IP-based \(CIDR\) routing record set/],
    ['checked.example.com.', 'A', /^health-checked record set \(HealthCheckId 99999999/],
  ];
  it.each(skipped)('skips %s %s with its reason', (name, type, reason) => {
    expect(skipReason(result, name, type)).toMatch(reason);
    expect(rrset(result, name, type)).toBeUndefined();
  });

  it('skips both weighted sets of one name, never half of them', () => {
    expect(result.skipped.filter((s) => s.name === 'api.example.com.')).toHaveLength(2);
  });

  it('reports SPF converted to TXT', () => {
    expect(result.notes.filter((n) => n.type === 'SPF')).toEqual([{ name: 'legacy.example.com.', type: 'SPF', note: expect.stringMatching(/imported as TXT/) }]);
  });

  it('notes each name left out (alias, weighted) that the imported wildcard *.example.com. answers instead, once', () => {
    const wildcard = result.notes.filter((n) => n.note.includes('wildcard'));
    expect(wildcard).toContainEqual({ name: 'api.example.com.', type: 'A', note: 'not imported (see skipped), and the imported wildcard *.example.com. answers queries for this name instead' });
    expect(wildcard.filter((n) => n.name === 'api.example.com.')).toHaveLength(1);
    // The apex alias is not under the wildcard: the apex exists.
    expect(wildcard.some((n) => n.name === 'example.com.')).toBe(false);
    for (const n of wildcard) expect(skipReason(result, n.name, n.type)).toBeDefined();
  });

  it('accounts for every record set: imported or skipped', () => {
    expect(result.rrsets).toHaveLength(imported.length + 2);
    expect(result.skipped).toHaveLength(skipped.length + 1);
  });
});

describe('importRoute53: a bare array of record sets', () => {
  const result = importRoute53(fixture('bare-array.json'));
  const cases: [name: string, type: string, records: string[] | undefined][] = [
    ['example.net.', 'A', ['198.51.100.7']],
    ['f\\252bar.example.net.', 'A', ['198.51.100.8']],
    ['dot\\.label.example.net.', 'TXT', ['"a dot inside a label"']],
    ['x.*.example.net.', 'A', ['198.51.100.9']],
    ['www.example.net.', 'CNAME', ['example.net.']],
    ['example.net.', 'NS', undefined],
  ];
  it.each(cases)('%s %s', (name, type, records) => {
    expect(rrset(result, name, type)?.records).toEqual(records);
  });
  it('decodes octal escapes as octal, not decimal', () => {
    // \374 octal is 0xfc (ü in Latin-1); read as decimal it would be rejected (>255).
    expect(parseName('f\\252bar.example.net.')).toBe('f\\252bar.example.net.');
    expect(result.origin).toBe('example.net.');
  });
});

describe('importRoute53: a change batch', () => {
  const result = importRoute53(fixture('change-batch.json'), { origin: parseName('example.org.') });

  it('imports the valid values of a set and skips the invalid one with its reason', () => {
    expect(rrset(result, 'app.example.org.', 'A')).toEqual({ ttl: 120, records: ['203.0.113.10', '203.0.113.11'] });
    expect(skipReason(result, 'app.example.org.', 'A')).toMatch(/^value "203\.0\.113\.300": A: /);
  });

  const cases: [name: string, type: string, reason: RegExp][] = [
    ['mail.example.org.', 'MX', /^value "mx\.example\.org\.": MX: /],
    ['old.example.org.', 'A', /^DELETE change/],
    ['www.example.net.', 'A', /^outside the zone example\.org\./],
    ['bad..example.org.', 'A', /^invalid name: /],
  ];
  it.each(cases)('skips %s %s', (name, type, reason) => {
    expect(skipReason(result, name, type)).toMatch(reason);
  });

  it('imports the rest', () => {
    expect(rrset(result, 'mail.example.org.', 'MX')?.records).toEqual(['5 mx.example.org.']);
    expect(rrset(result, '_xmpp._tcp.example.org.', 'SRV')?.records).toEqual(['5 0 5222 xmpp.example.org.']);
  });

  it('accepts the batch wrapped in ChangeBatch, and as a parsed object', () => {
    const wrapped = { ChangeBatch: JSON.parse(fixture('change-batch.json')) as unknown };
    expect(importRoute53(wrapped, { origin: parseName('example.org.') }).rrsets).toEqual(result.rrsets);
  });
});

describe('importRoute53: unusable input', () => {
  const cases: [what: string, input: unknown, message: RegExp][] = [
    ['not JSON', '{"ResourceRecordSets": [', /^route53: the input is not JSON/],
    ['a number', 42, /^route53: expected \{"ResourceRecordSets"/],
    ['an object of another shape', { HostedZones: [] }, /^route53: expected/],
    ['a set without Type', [{ Name: 'a.example.com.', TTL: 1 }], /^route53: \$\[0\]\.Type is missing/],
    ['a non-string value', { ResourceRecordSets: [{ Name: 'a.', Type: 'A', TTL: 1, ResourceRecords: [{ Value: 1 }] }] }, /ResourceRecords\[0\]\.Value must be a string/],
    ['no SOA and no origin', [{ Name: 'a.example.com.', Type: 'A', TTL: 1, ResourceRecords: [{ Value: '192.0.2.1' }] }], /^route53: no SOA record set/],
    ['a change without Action', { Changes: [{ ResourceRecordSet: {} }] }, /Changes\[0\]\.Action is missing/],
  ];
  it.each(cases)('refuses %s', (_what, input, message) => {
    expect(() => importRoute53(input)).toThrow(Route53ImportError);
    expect(() => importRoute53(input)).toThrow(message);
  });

  it('says when a listing page is truncated', () => {
    const page = { ResourceRecordSets: JSON.parse(fixture('bare-array.json')) as unknown, IsTruncated: true, NextRecordName: 'zz.example.net.', NextRecordType: 'A', MaxItems: '7' };
    expect(importRoute53(page).skipped[0]?.reason).toMatch(/truncated \(IsTruncated\): record sets from zz\.example\.net\. on are missing/);
  });
});

describe('importRoute53: TXT values', () => {
  it('reads a value without quotes as one text, as the records API does; quoted values as Route 53 writes them', () => {
    const result = importRoute53(
      [
        { Name: 'spf.example.com.', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: 'v=spf1 include:_spf.google.com ~all' }] },
        { Name: 'two.example.com.', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"a b" "c\\072"' }] },
      ],
      { origin: parseName('example.com.') },
    );
    expect(rrset(result, 'spf.example.com.', 'TXT')?.records).toEqual(['"v=spf1 include:_spf.google.com ~all"']);
    expect(rrset(result, 'two.example.com.', 'TXT')?.records).toEqual(['"a b" "c:"']);
  });
});
