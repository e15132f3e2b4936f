// The console's routes, kept in location.hash ("#/zones/Z…"), so every page has a link and Back works.

/** A page and its parameters, parsed from the address. */
export type Route =
  | { page: 'login' }
  | { page: 'auth'; token: string }
  | { page: 'zones' }
  | { page: 'zone'; zoneId: string }
  | { page: 'checks'; zoneId: string }
  | { page: 'tokens'; zoneId: string | undefined }
  | { page: 'import' }
  | { page: 'nameservers' }
  | { page: 'team' }
  | { page: 'audit' };

/**
 * Reads a hash such as "#/zones/Z0123/checks" or "#/tokens?zone=Z0123". Anything unknown is
 * the zone list, the home page. "#/auth?token=…" is where /auth/callback hands sign-in links over.
 */
export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#\/?/, '');
  const [path = '', queryText = ''] = text.split('?', 2);
  const query = new URLSearchParams(queryText);
  const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  const [first, second, third] = parts;
  switch (first) {
    case 'login':
      return { page: 'login' };
    case 'auth':
      return { page: 'auth', token: query.get('token') ?? '' };
    case 'zones':
      if (second === undefined) return { page: 'zones' };
      return third === 'checks' ? { page: 'checks', zoneId: second } : { page: 'zone', zoneId: second };
    case 'tokens':
      return { page: 'tokens', zoneId: query.get('zone') ?? undefined };
    case 'import':
      return { page: 'import' };
    case 'audit':
      return { page: 'audit' };
    case 'nameservers':
      return { page: 'nameservers' };
    case 'team':
      return { page: 'team' };
    default:
      return { page: 'zones' };
  }
}

/** The link to `route`, the inverse of parseRoute. */
export function href(route: Route): string {
  switch (route.page) {
    case 'login':
      return '#/login';
    case 'auth':
      return `#/auth?token=${encodeURIComponent(route.token)}`;
    case 'zones':
      return '#/zones';
    case 'zone':
      return `#/zones/${encodeURIComponent(route.zoneId)}`;
    case 'checks':
      return `#/zones/${encodeURIComponent(route.zoneId)}/checks`;
    case 'tokens':
      return route.zoneId === undefined ? '#/tokens' : `#/tokens?zone=${encodeURIComponent(route.zoneId)}`;
    case 'import':
      return '#/import';
    case 'nameservers':
      return '#/nameservers';
    case 'team':
      return '#/team';
    case 'audit':
      return '#/audit';
  }
}
