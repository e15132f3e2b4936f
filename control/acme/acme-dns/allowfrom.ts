// acme-dns `allowfrom`: the CIDR ranges a registration's /update calls may come from.
import { BlockList, isIP } from 'node:net';
import { ValidationError } from '../../errors/catalogue.js';

/**
 * Parses and canonicalises CIDR ranges ("192.0.2.0/24", "2001:db8::/32"; a bare address means
 * one host). Throws ValidationError naming `/allowfrom/<i>` for anything else.
 */
export function parseAllowfrom(ranges: readonly string[]): string[] {
  return ranges.map((text, i) => {
    const [address = '', prefixText, extra] = text.trim().split('/');
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (family === 0 || extra !== undefined || (prefixText !== undefined && !/^[0-9]{1,3}$/.test(prefixText)) || !Number.isInteger(prefix) || prefix > max) {
      throw new ValidationError(`/allowfrom/${i}`, text, `acme-dns: "${text}" is not a CIDR range such as 192.0.2.0/24 or 2001:db8::/32`);
    }
    return `${address.toLowerCase()}/${prefix}`;
  });
}

/**
 * True when `ip` (as Koa reports the peer, IPv4-mapped IPv6 included) lies in one of the
 * canonical `ranges`, or when there are none (acme-dns: an empty allowfrom allows everyone).
 */
export function isAllowedFrom(ranges: readonly string[], ip: string): boolean {
  if (ranges.length === 0) return true;
  const list = new BlockList();
  for (const range of ranges) {
    const [address = '', prefix = ''] = range.split('/');
    list.addSubnet(address, Number(prefix), isIP(address) === 4 ? 'ipv4' : 'ipv6');
  }
  const mapped = /^::ffff:([0-9.]+)$/i.exec(ip);
  const peer = mapped?.[1] ?? ip;
  const family = isIP(peer);
  if (family === 0) return false;
  return list.check(peer, family === 4 ? 'ipv4' : 'ipv6');
}
