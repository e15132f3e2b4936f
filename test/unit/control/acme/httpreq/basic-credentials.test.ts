// Table tests of parseBasicCredentials (RFC 7617): Authorization headers in, user-id and password or undefined out.
import { describe, expect, it } from 'vitest';
import { parseBasicCredentials } from '../../../../../control/acme/httpreq/basic-credentials.js';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

const cases: { why: string; header: string | undefined; expected: { username: string; password: string } | undefined }[] = [
  { why: 'user and password', header: `Basic ${b64('lego:dnsc_0123456789abcdef_secret')}`, expected: { username: 'lego', password: 'dnsc_0123456789abcdef_secret' } },
  { why: 'a colon in the password (split at the first)', header: `Basic ${b64('u:a:b')}`, expected: { username: 'u', password: 'a:b' } },
  { why: 'an empty user', header: `Basic ${b64(':pw')}`, expected: { username: '', password: 'pw' } },
  { why: 'the scheme in any case', header: `bAsIc ${b64('u:p')}`, expected: { username: 'u', password: 'p' } },
  { why: 'UTF-8 text', header: `Basic ${b64('jörg:pä')}`, expected: { username: 'jörg', password: 'pä' } },
  { why: 'no header', header: undefined, expected: undefined },
  { why: 'a Bearer header', header: 'Bearer dnsc_x', expected: undefined },
  { why: 'no colon', header: `Basic ${b64('nocolon')}`, expected: undefined },
  { why: 'not base64', header: 'Basic !!!', expected: undefined },
  { why: 'nothing after the scheme', header: 'Basic ', expected: undefined },
];

describe('parseBasicCredentials', () => {
  it.each(cases)('$why', ({ header, expected }) => {
    expect(parseBasicCredentials(header)).toEqual(expected);
  });
});
