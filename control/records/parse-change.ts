// Turns one untrusted record change (already shape-checked by the schema) into an RRsetChange.
import type { Name } from '../../shared/dns/name.js';
import { absoluteNamesIn, formatRdata, parseRdata, RdataError } from '../../shared/dns/rdata.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { ValidationError } from '../errors/catalogue.js';
import { CHANGE_TYPE_NAMES, changeTypeFromText } from './change-types.js';
import { parseOwnerName } from './owner-name.js';
import { txtPresentation } from './txt-value.js';
import type { RRsetChange } from './rrset-change.js';

/** Default TTL of a change that gives none (the API contract's `ttl=300`). */
export const DEFAULT_TTL = 300;
/** Largest TTL: RFC 2181 §8 limits TTLs to 2^31 - 1 seconds. */
export const MAX_TTL = 2147483647;

/** One change as the API receives it (see shared/schemas/records.ts). */
export interface ChangeInput {
  readonly action?: 'UPSERT' | 'DELETE' | undefined;
  readonly name: string;
  readonly type: string;
  readonly ttl?: number | undefined;
  readonly records?: readonly string[] | undefined;
}

/**
 * Validates one change against the zone `origin`: the name must be inside the zone, the type
 * one the API accepts, the TTL within RFC 2181 §8, and every value valid RDATA for the type.
 * Every name, owner and in values, is absolute as in Route 53 ("10 mail.example.com" is
 * "10 mail.example.com."; "@" is the apex). Values become canonical presentation text and
 * duplicates collapse (RFC 2181 §5). An unquoted TXT value is one text (txtPresentation).
 * `prefix` names the change in errors:
 * "" for a single change, "changes[3]." in a batch, so a bad value is "changes[3].records[0]".
 * Throws ValidationError; pure otherwise.
 */
export function parseChange(input: ChangeInput, origin: Name, prefix: string): RRsetChange {
  const action = input.action ?? 'UPSERT';
  const name = parseOwnerName(input.name, origin, `${prefix}name`);
  const type = changeTypeFromText(input.type);
  if (type === undefined) {
    throw new ValidationError(`${prefix}type`, input.type, `type must be one of ${CHANGE_TYPE_NAMES.join(', ')}`);
  }
  const ttl = input.ttl ?? DEFAULT_TTL;
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL) {
    throw new ValidationError(`${prefix}ttl`, input.ttl, `ttl must be an integer from 0 to ${MAX_TTL} (RFC 2181 §8)`);
  }
  const records = parseValues(type, input.records ?? [], origin, prefix);
  if (action === 'UPSERT' && records.length === 0) {
    throw new ValidationError(`${prefix}records`, input.records ?? [], 'an UPSERT needs at least one value; use DELETE to remove an RRset');
  }
  if (type === RRType.SOA) {
    if (name !== origin) throw new ValidationError(`${prefix}name`, input.name, 'an SOA record exists only at the zone apex');
    if (action === 'DELETE') throw new ValidationError(`${prefix}action`, action, 'the apex SOA cannot be deleted');
    if (records.length !== 1) throw new ValidationError(`${prefix}records`, input.records, 'the SOA RRset has exactly one value');
  }
  return { action, name, type, ttl, records };
}

function parseValues(type: number, texts: readonly string[], origin: Name, prefix: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  texts.forEach((text, i) => {
    let wire: Buffer;
    try {
      wire = parseRdata(type, type === RRType.TXT ? txtPresentation(text) : text, absoluteNamesIn(origin));
    } catch (err) {
      if (err instanceof RdataError) throw new ValidationError(`${prefix}records[${i}]`, text, err.message);
      throw err;
    }
    if (type === RRType.CAA) checkCaaTag(wire, `${prefix}records[${i}]`, text);
    const key = wire.toString('hex');
    if (seen.has(key)) return;
    seen.add(key);
    out.push(formatRdata(type, wire));
  });
  return out;
}

/** The CAA property tags CAs act on (RFC 8659 §4.2–4.4, RFC 8657, RFC 9495, and the VMC tag CAs use). */
const CAA_TAGS: readonly string[] = ['issue', 'issuewild', 'iodef', 'contactemail', 'contactphone', 'issuemail', 'issuevmc'];
/** RFC 8659 §4.1: the Issuer Critical flag. */
const CAA_CRITICAL = 0x80;

/**
 * Refuses a CAA tag no CA knows unless it is marked critical: CAs ignore unknown non-critical
 * tags (RFC 8659 §4.1), so a misspelt `isue` would silently restrict nothing. A tag meant for
 * some other purpose is written with flags 128, as deSEC asks too.
 */
function checkCaaTag(wire: Buffer, field: string, text: string): void {
  const flags = wire[0]!;
  const tag = wire.subarray(2, 2 + wire[1]!).toString('latin1').toLowerCase();
  if (CAA_TAGS.includes(tag) || (flags & CAA_CRITICAL) !== 0) return;
  throw new ValidationError(field, text, `CAA tag "${tag}" is not one CAs know (${CAA_TAGS.join(', ')}): they would ignore it; fix the tag, or set flags to 128 if it is intentional`);
}
