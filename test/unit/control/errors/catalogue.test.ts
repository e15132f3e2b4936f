// Unit: every error in the catalogue carries its status, problem type, title and headers.
import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../../../control/errors/catalogue.js';
import { isProblemError, ProblemError } from '../../../../control/errors/problem-error.js';
import { problemDocument } from '../../../../control/http/problem-response.js';

const cases: { name: string; err: ProblemError; status: number; slug: string; headers: Record<string, string>; detail: RegExp }[] = [
  { name: 'validation', err: new ValidationError('/ttl', -1, '/ttl must be >= 0.'), status: 400, slug: 'validation', headers: {}, detail: /\/ttl/ },
  { name: 'bad request', err: new BadRequestError('nope'), status: 400, slug: 'bad-request', headers: {}, detail: /^nope$/ },
  { name: 'unauthorized', err: new UnauthorizedError(), status: 401, slug: 'unauthorized', headers: { 'WWW-Authenticate': 'Bearer realm="dnscove"' }, detail: /Bearer/ },
  { name: 'forbidden', err: new ForbiddenError(), status: 403, slug: 'forbidden', headers: {}, detail: /not allow/ },
  { name: 'not found', err: new NotFoundError('Zone Z1'), status: 404, slug: 'not-found', headers: {}, detail: /^Zone Z1 not found\.$/ },
  { name: 'conflict', err: new ConflictError('taken'), status: 409, slug: 'conflict', headers: {}, detail: /taken/ },
  { name: 'too large', err: new PayloadTooLargeError(1024), status: 413, slug: 'payload-too-large', headers: {}, detail: /1024/ },
  { name: 'media type', err: new UnsupportedMediaTypeError(), status: 415, slug: 'unsupported-media-type', headers: {}, detail: /application\/json/ },
  { name: 'rate limited', err: new RateLimitedError(12.2), status: 429, slug: 'rate-limited', headers: { 'Retry-After': '13' }, detail: /13 s/ },
  { name: 'rate limited, at least 1 s', err: new RateLimitedError(0), status: 429, slug: 'rate-limited', headers: { 'Retry-After': '1' }, detail: /1 s/ },
  { name: 'method', err: new MethodNotAllowedError(['GET', 'POST']), status: 405, slug: 'method-not-allowed', headers: { Allow: 'GET, POST' }, detail: /GET, POST/ },
];

describe('error catalogue', () => {
  it.each(cases)('$name', ({ err, status, slug, headers, detail }) => {
    expect(isProblemError(err)).toBe(true);
    expect(err).toBeInstanceOf(Error);
    expect(err.status).toBe(status);
    expect(err.type).toBe(`https://dnscove.dev/problems/${slug}`);
    expect(err.headers).toEqual(headers);
    expect(err.expose).toBe(true);
    expect(err.detail).toMatch(detail);
    const doc = problemDocument(err, 'urn:x');
    expect(doc).toMatchObject({ type: err.type, title: err.title, status, detail: err.detail, instance: 'urn:x' });
  });

  it('a validation problem carries the field and value as extensions', () => {
    expect(problemDocument(new ValidationError('/records/0', 'x', 'bad'))).toMatchObject({ field: '/records/0', value: 'x' });
  });

  it('extensions never replace the standard members', () => {
    const err = new ProblemError({ status: 400, slug: 's', title: 'T', detail: 'D', extra: { status: 999, type: 'evil', note: 1 } });
    expect(problemDocument(err)).toEqual({ type: 'https://dnscove.dev/problems/s', title: 'T', status: 400, detail: 'D', note: 1 });
  });

  it('a server fault hides its detail', () => {
    const err = new ProblemError({ status: 503, slug: 'x', title: 'Unavailable', detail: 'secret internals' });
    expect(err.expose).toBe(false);
    expect(problemDocument(err)['detail']).toBe('Unavailable');
  });
});
