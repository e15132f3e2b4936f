// Whether a client is an IPv6 one, which changes NSD's glue order and minimal response size.

/** True for IPv6 clients; an IPv4 client seen through a dual-stack socket (::ffff:a.b.c.d) is IPv4. */
export function isIpv6Client(family: string | undefined, address: string | undefined): boolean {
  return family === 'IPv6' && !(address ?? '').startsWith('::ffff:');
}
