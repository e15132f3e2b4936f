// Unit: the console's hash routes, parsed and printed (control/console/app/router.ts).
import { describe, expect, it } from 'vitest';
import { href, parseRoute } from '../../../../../control/console/app/router.js';
import type { Route } from '../../../../../control/console/app/router.js';

describe('parseRoute', () => {
  it.each<{ hash: string; route: Route }>([
    { hash: '', route: { page: 'zones' } },
    { hash: '#/', route: { page: 'zones' } },
    { hash: '#/login', route: { page: 'login' } },
    { hash: '#/zones', route: { page: 'zones' } },
    { hash: '#/zones/Z0123456789abcd', route: { page: 'zone', zoneId: 'Z0123456789abcd' } },
    { hash: '#/zones/Z0123456789abcd/checks', route: { page: 'checks', zoneId: 'Z0123456789abcd' } },
    { hash: '#/tokens', route: { page: 'tokens', zoneId: undefined } },
    { hash: '#/tokens?zone=Zabc', route: { page: 'tokens', zoneId: 'Zabc' } },
    { hash: '#/import', route: { page: 'import' } },
    { hash: '#/audit', route: { page: 'audit' } },
    { hash: '#/auth?token=a%2Bb', route: { page: 'auth', token: 'a+b' } },
    { hash: '#/auth', route: { page: 'auth', token: '' } },
    { hash: '#/nonsense/here', route: { page: 'zones' } },
    { hash: '#main', route: { page: 'zones' } },
  ])('$hash → $route.page', ({ hash, route }) => {
    expect(parseRoute(hash)).toEqual(route);
  });
});

describe('href', () => {
  it.each<Route>([
    { page: 'login' },
    { page: 'zones' },
    { page: 'zone', zoneId: 'Z0123456789abcd' },
    { page: 'checks', zoneId: 'Z0123456789abcd' },
    { page: 'tokens', zoneId: undefined },
    { page: 'tokens', zoneId: 'Zabc' },
    { page: 'import' },
    { page: 'audit' },
    { page: 'auth', token: 'x/y+z=' },
  ])('round-trips $page', (route) => {
    const link = href(route);
    expect(link.startsWith('#/')).toBe(true);
    expect(parseRoute(link)).toEqual(route);
  });

  it('escapes ids so they cannot add path segments or query parameters', () => {
    expect(href({ page: 'zone', zoneId: 'a/b?c' })).toBe('#/zones/a%2Fb%3Fc');
    expect(parseRoute(href({ page: 'zone', zoneId: 'a/b?c' }))).toEqual({ page: 'zone', zoneId: 'a/b?c' });
  });
});
