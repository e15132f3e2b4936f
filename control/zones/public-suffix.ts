// Which origins nobody may host: public suffixes, where names belong to many unrelated owners.
import { getPublicSuffix } from 'tldts';
import { nameToApiText } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { ValidationError } from '../errors/catalogue.js';

/**
 * Throws ValidationError('origin') when `origin` is a public suffix: a top-level domain, or an
 * entry of the Public Suffix List, ICANN section (`co.uk`) or private (`github.io`), where names
 * are registered by different people. The list comes with the tldts package; `npm update tldts`
 * brings a newer one. Names below a suffix (`example.co.uk`) pass.
 */
export function refusePublicSuffix(origin: Name): void {
  const host = nameToApiText(origin);
  if (getPublicSuffix(host, { allowPrivateDomains: true }) !== host) return;
  throw new ValidationError('origin', host, `${host} is a public suffix (Public Suffix List): names under it belong to different owners, so no account can host it; host your own name under it, such as example.${host}`);
}
