// Table tests of challengeOwner: the `name` of a challenge request in, the TXT owner (or a ValidationError naming the field) out.
import { describe, expect, it } from 'vitest';
import { challengeOwner } from '../../../../control/acme/challenge-owner.js';
import { ValidationError } from '../../../../control/errors/catalogue.js';
import { parseName } from '../../../../shared/dns/name.js';

const origin = parseName('example.com.');

const ok: { given: string; owner: string }[] = [
  { given: 'example.com', owner: '_acme-challenge.example.com.' },
  { given: 'example.com.', owner: '_acme-challenge.example.com.' },
  { given: 'EXAMPLE.com', owner: '_acme-challenge.example.com.' },
  { given: '*.example.com', owner: '_acme-challenge.example.com.' },
  { given: '*.example.com.', owner: '_acme-challenge.example.com.' },
  { given: 'www.example.com', owner: '_acme-challenge.www.example.com.' },
  { given: '*.www.example.com', owner: '_acme-challenge.www.example.com.' },
  { given: '_acme-challenge.example.com.', owner: '_acme-challenge.example.com.' },
  { given: '_ACME-Challenge.www.example.com', owner: '_acme-challenge.www.example.com.' },
  { given: 'a.b.c.example.com', owner: '_acme-challenge.a.b.c.example.com.' },
];

const bad: { why: string; given: string }[] = [
  { why: 'another zone', given: 'example.org' },
  { why: 'a sibling whose text ends like the zone', given: 'badexample.com' },
  { why: 'the parent of the zone', given: 'com' },
  { why: 'an empty label', given: 'a..example.com' },
  { why: 'a label over 63 octets', given: `${'x'.repeat(64)}.example.com` },
  { why: '_acme-challenge of another zone', given: '_acme-challenge.example.org.' },
];

describe('challengeOwner', () => {
  it.each(ok)('$given → $owner', ({ given, owner }) => {
    expect(challengeOwner(given, origin, '/name')).toBe(owner);
  });

  it.each(bad)('refuses $why', ({ given }) => {
    let caught: unknown;
    try {
      challengeOwner(given, origin, '/name');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).field).toBe('/name');
  });
});
