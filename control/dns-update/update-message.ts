// An RFC 2136 UPDATE message as typed values: its zone, its prerequisites (§2.4) and its updates
// (§2.5), checked as §3.1.1, §3.2 and §3.4.1 require before anything is looked up, so that the
// rest of the code trusts them. A message that is not well formed is an UpdateError carrying
// the RCODE to answer with.
import type { DnsMessage, ResourceRecord } from '../../shared/dns/message.js';
import { isSubdomain } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { formatRdata } from '../../shared/dns/rdata.js';
import { CLASS_ANY, CLASS_IN, RRType } from '../../shared/dns/rr-type.js';

export const Rcode = { NoError: 0, FormErr: 1, ServFail: 2, NxDomain: 3, NotImp: 4, Refused: 5, YxDomain: 6, YxRRset: 7, NxRRset: 8, NotAuth: 9, NotZone: 10 } as const;
export type Rcode = (typeof Rcode)[keyof typeof Rcode];

const CLASS_NONE = 254;
/** Meta types and QTYPEs that never name data (RFC 6895 §3.1: 128-255), and TSIG/OPT. */
const isMetaType = (type: number): boolean => (type >= 128 && type <= 255) || type === RRType.OPT;

export class UpdateError extends Error {
  override name = 'UpdateError';
  constructor(
    readonly rcode: Rcode,
    message: string,
  ) {
    super(message);
  }
}

export type Prerequisite =
  | { readonly kind: 'name-in-use'; readonly name: Name }
  | { readonly kind: 'name-not-in-use'; readonly name: Name }
  | { readonly kind: 'rrset-exists'; readonly name: Name; readonly type: number }
  | { readonly kind: 'rrset-does-not-exist'; readonly name: Name; readonly type: number }
  /** §2.4.2: the RRset is exactly these records (all the value-dependent prerequisites of one name and type together). */
  | { readonly kind: 'rrset-is'; readonly name: Name; readonly type: number; readonly records: readonly string[] };

export type Update =
  | { readonly kind: 'add'; readonly name: Name; readonly type: number; readonly ttl: number; readonly record: string }
  | { readonly kind: 'delete-name'; readonly name: Name }
  | { readonly kind: 'delete-rrset'; readonly name: Name; readonly type: number }
  | { readonly kind: 'delete-record'; readonly name: Name; readonly type: number; readonly record: string };

export interface UpdateRequest {
  readonly zone: Name;
  readonly prerequisites: readonly Prerequisite[];
  readonly updates: readonly Update[];
}

/** The update in `message` (opcode 5, TSIG already taken off); throws UpdateError. */
export function parseUpdate(message: DnsMessage): UpdateRequest {
  const [zone, ...more] = message.question;
  if (zone === undefined || more.length > 0 || zone.type !== RRType.SOA || zone.class !== CLASS_IN) throw new UpdateError(Rcode.FormErr, 'the zone section must hold one SOA question of class IN');
  const inZone = (rr: ResourceRecord): void => {
    if (!isSubdomain(rr.name, zone.name)) throw new UpdateError(Rcode.NotZone, `${rr.name} is outside ${zone.name}`);
  };
  const prerequisites: Prerequisite[] = [];
  const exact = new Map<string, { name: Name; type: number; records: Set<string> }>();
  for (const rr of message.answer) {
    if (rr.ttl !== 0) throw new UpdateError(Rcode.FormErr, 'a prerequisite has a TTL');
    inZone(rr);
    if (rr.class === CLASS_ANY || rr.class === CLASS_NONE) {
      if (rr.rdata.length > 0) throw new UpdateError(Rcode.FormErr, 'a prerequisite of class ANY or NONE has data');
      const exists = rr.class === CLASS_ANY;
      if (rr.type === RRType.ANY) prerequisites.push(exists ? { kind: 'name-in-use', name: rr.name } : { kind: 'name-not-in-use', name: rr.name });
      else prerequisites.push(exists ? { kind: 'rrset-exists', name: rr.name, type: rr.type } : { kind: 'rrset-does-not-exist', name: rr.name, type: rr.type });
    } else if (rr.class === CLASS_IN) {
      if (isMetaType(rr.type)) throw new UpdateError(Rcode.FormErr, `a prerequisite names type ${rr.type}`);
      const key = `${rr.name} ${rr.type}`;
      const set = exact.get(key) ?? { name: rr.name, type: rr.type, records: new Set<string>() };
      set.records.add(formatRdata(rr.type, rr.rdata));
      exact.set(key, set);
    } else throw new UpdateError(Rcode.FormErr, `a prerequisite has class ${rr.class}`);
  }
  for (const { name, type, records } of exact.values()) prerequisites.push({ kind: 'rrset-is', name, type, records: [...records].sort() });

  const updates: Update[] = [];
  for (const rr of message.authority) {
    inZone(rr);
    if (rr.class === CLASS_IN) {
      if (isMetaType(rr.type)) throw new UpdateError(Rcode.FormErr, `an update adds type ${rr.type}`);
      updates.push({ kind: 'add', name: rr.name, type: rr.type, ttl: rr.ttl, record: formatRdata(rr.type, rr.rdata) });
    } else if (rr.class === CLASS_ANY) {
      if (rr.ttl !== 0 || rr.rdata.length > 0 || (isMetaType(rr.type) && rr.type !== RRType.ANY)) throw new UpdateError(Rcode.FormErr, 'a deletion of class ANY has a TTL, data or a meta type');
      updates.push(rr.type === RRType.ANY ? { kind: 'delete-name', name: rr.name } : { kind: 'delete-rrset', name: rr.name, type: rr.type });
    } else if (rr.class === CLASS_NONE) {
      if (rr.ttl !== 0 || isMetaType(rr.type)) throw new UpdateError(Rcode.FormErr, 'a deletion of class NONE has a TTL or a meta type');
      updates.push({ kind: 'delete-record', name: rr.name, type: rr.type, record: formatRdata(rr.type, rr.rdata) });
    } else throw new UpdateError(Rcode.FormErr, `an update has class ${rr.class}`);
  }
  return { zone: zone.name, prerequisites, updates };
}
