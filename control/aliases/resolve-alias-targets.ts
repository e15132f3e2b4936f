// Resolves the targets of the ALIAS records a request creates or changes, before anything is written.
import { nameToApiText } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { IterativeResolver } from '../checks/iterative-resolver.js';
import { ValidationError } from '../errors/catalogue.js';
import { parseChange } from '../records/parse-change.js';
import type { ChangeInput } from '../records/parse-change.js';
import type { Services } from '../services.js';
import type { ZoneRow } from '../store/zones.js';
import { resolveAliasTarget } from './resolve-alias.js';
import type { AliasAddresses } from './resolve-alias.js';

/**
 * The addresses of every ALIAS the request UPSERTs, by owner, resolved now through the
 * checks' iterative resolver (DNSCOVE_ROOT_HINTS): the ALIAS and its A and AAAA are then written
 * together, so its owner never goes without addresses. A target that does not resolve to any
 * address is a ValidationError naming the value (`changes[i].records[0]`); nothing is written.
 */
export async function resolveAliasTargets(services: Services, zone: ZoneRow, changes: readonly ChangeInput[], batch: boolean): Promise<Map<Name, AliasAddresses>> {
  const out = new Map<Name, AliasAddresses>();
  const resolver = new IterativeResolver(services.config.checks.resolver);
  for (const [i, input] of changes.entries()) {
    if ((input.action ?? 'UPSERT') !== 'UPSERT' || input.type.toUpperCase() !== 'ALIAS') continue;
    const prefix = batch ? `changes[${i}].` : '';
    const change = parseChange(input, zone.origin, prefix);
    // More than one target is refused when the change is planned.
    if (change.type !== RRType.ALIAS || change.records.length !== 1) continue;
    const target = change.records[0] as Name;
    const resolved = await resolveAliasTarget(resolver, target);
    if (resolved.kind === 'failed') {
      throw new ValidationError(`${prefix}records[0]`, input.records?.[0], `the ALIAS target ${nameToApiText(target)} gives no address to serve: ${resolved.reason}`);
    }
    out.set(change.name, resolved.addresses);
  }
  return out;
}
