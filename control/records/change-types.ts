// The RR types the records API accepts, and how each is stored (SPF is stored as TXT).
import { RRType } from '../../shared/dns/rr-type.js';

/**
 * API type mnemonic → the type the RRset is stored and served as. SPF (type 99) is deprecated
 * (RFC 7208 §3.1: SPF records must be published as TXT), so an "SPF" change is a TXT change.
 * SOA is accepted only at the apex, with exactly one value, and never deleted; its SERIAL field
 * is ignored, since every publish writes the zone's change serial there. ALIAS is not a wire
 * type: its owner is served with the A and AAAA its target resolves to (control/aliases).
 */
const CHANGE_TYPES: ReadonlyMap<string, number> = new Map([
  ['A', RRType.A],
  ['AAAA', RRType.AAAA],
  ['CNAME', RRType.CNAME],
  ['MX', RRType.MX],
  ['TXT', RRType.TXT],
  ['SPF', RRType.TXT],
  ['SRV', RRType.SRV],
  ['CAA', RRType.CAA],
  ['NS', RRType.NS],
  ['PTR', RRType.PTR],
  ['TLSA', RRType.TLSA],
  ['SSHFP', RRType.SSHFP],
  ['HTTPS', RRType.HTTPS],
  ['SVCB', RRType.SVCB],
  ['DS', RRType.DS],
  ['NAPTR', RRType.NAPTR],
  ['DNAME', RRType.DNAME],
  ['URI', RRType.URI],
  ['LOC', RRType.LOC],
  ['HINFO', RRType.HINFO],
  ['RP', RRType.RP],
  ['CERT', RRType.CERT],
  ['OPENPGPKEY', RRType.OPENPGPKEY],
  ['SMIMEA', RRType.SMIMEA],
  ['ALIAS', RRType.ALIAS],
  ['SOA', RRType.SOA],
]);

/** The stored type for an API type mnemonic (case-insensitive), or undefined when not accepted. */
export function changeTypeFromText(text: string): number | undefined {
  return CHANGE_TYPES.get(text.toUpperCase());
}

/** The accepted mnemonics, for error messages and the schema description. */
export const CHANGE_TYPE_NAMES: readonly string[] = [...CHANGE_TYPES.keys()];
