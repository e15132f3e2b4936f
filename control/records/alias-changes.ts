// The A and AAAA an ALIAS owner is served with, as changes planned beside the request's own.
import type { Name } from '../../shared/dns/name.js';
import { nameToApiText } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { AliasAddresses } from '../aliases/resolve-alias.js';
import { ValidationError } from '../errors/catalogue.js';
import type { RRsetChange, RRsetData } from './rrset-change.js';

const ADDRESS_TYPES: readonly number[] = [RRType.A, RRType.AAAA];

/**
 * The changes that keep ALIAS owners' addresses right, to be planned BEFORE the request's own
 * `changes` (so a request that replaces an ALIAS by its own A wins): for an ALIAS the request
 * creates or changes, its target's addresses (`resolved`, by owner) with the lower of the two
 * TTLs; for an ALIAS it deletes, the removal of the addresses it brought. Throws
 * ValidationError when the request would put its own A or AAAA beside an ALIAS, or an ALIAS
 * over A or AAAA records of the owner's own (`labels[i]` prefixes the field, as in planChanges).
 * `current` must hold the zone's RRsets (ALIAS included) at the changed names. Pure.
 */
export function aliasAddressChanges(current: readonly RRsetData[], changes: readonly RRsetChange[], labels: readonly string[], resolved: ReadonlyMap<Name, AliasAddresses>): RRsetChange[] {
  const aliasedNow = new Set(current.filter((s) => s.type === RRType.ALIAS).map((s) => s.name));
  const aliasedAfter = new Set(aliasedNow);
  const deletedAddresses = new Set<string>();
  for (const c of changes) {
    if (c.type === RRType.ALIAS) {
      if (c.action === 'UPSERT') aliasedAfter.add(c.name);
      else aliasedAfter.delete(c.name);
    }
    if (c.action === 'DELETE' && ADDRESS_TYPES.includes(c.type)) deletedAddresses.add(`${c.name} ${c.type}`);
  }
  changes.forEach((c, i) => {
    if (c.action !== 'UPSERT') return;
    if (ADDRESS_TYPES.includes(c.type) && aliasedAfter.has(c.name)) {
      throw new ValidationError(`${labels[i] ?? ''}type`, c.type === RRType.A ? 'A' : 'AAAA', `${nameToApiText(c.name)} has an ALIAS: its addresses come from the ALIAS target; delete the ALIAS to give it addresses of its own`);
    }
    if (c.type === RRType.ALIAS && !aliasedNow.has(c.name)) {
      const own = current.filter((s) => s.name === c.name && ADDRESS_TYPES.includes(s.type) && !deletedAddresses.has(`${s.name} ${s.type}`));
      if (own.length > 0) {
        throw new ValidationError(`${labels[i] ?? ''}type`, 'ALIAS', `${nameToApiText(c.name)} has A or AAAA records of its own; DELETE them in the same request to replace them with an ALIAS`);
      }
    }
  });
  const out: RRsetChange[] = [];
  for (const name of new Set([...aliasedNow, ...changes.filter((c) => c.type === RRType.ALIAS).map((c) => c.name)])) {
    if (!aliasedAfter.has(name)) {
      // Deleted: the addresses it brought go with it.
      for (const type of ADDRESS_TYPES) out.push({ action: 'DELETE', name, type, ttl: 0, records: [] });
      continue;
    }
    const addresses = resolved.get(name);
    if (addresses === undefined) continue;
    const aliasTtl = [...changes].reverse().find((c) => c.name === name && c.type === RRType.ALIAS)?.ttl ?? current.find((s) => s.name === name && s.type === RRType.ALIAS)?.ttl ?? addresses.ttl;
    const ttl = Math.min(aliasTtl, addresses.ttl);
    for (const [type, records] of [[RRType.A, addresses.a], [RRType.AAAA, addresses.aaaa]] as const) {
      out.push(records.length > 0 ? { action: 'UPSERT', name, type, ttl, records } : { action: 'DELETE', name, type, ttl: 0, records: [] });
    }
  }
  return out;
}
