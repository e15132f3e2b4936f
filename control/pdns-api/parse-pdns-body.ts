// Turns the untrusted JSON bodies of the PowerDNS API into typed requests, refusing as PowerDNS does.
// Fields PowerDNS clients send that mean nothing here (a PATCH carrying the whole zone, as
// external-dns sends it; `set-ptr`; `soa_edit_api`) are ignored, as PowerDNS ignores them.
import type { Name } from '../../shared/dns/name.js';
import type { RRsetComment } from '../store/pdns-extras.js';
import { PdnsError } from './pdns-error.js';
import { parsePdnsName } from './pdns-names.js';

/** REPLACE and DELETE (every version); EXTEND and PRUNE (PowerDNS 5): add or remove only the records given. */
export type Changetype = 'REPLACE' | 'DELETE' | 'EXTEND' | 'PRUNE';
const CHANGETYPES: readonly Changetype[] = ['REPLACE', 'DELETE', 'EXTEND', 'PRUNE'];

export interface PdnsRecordInput {
  readonly content: string;
  readonly disabled: boolean;
}

export interface PdnsRRsetInput {
  readonly name: Name;
  /** The type as sent, upper-cased ("TXT"); checked against the types we hold when applied. */
  readonly type: string;
  readonly changetype: Changetype;
  readonly ttl: number | undefined;
  /** Absent: the records are left as they are (a REPLACE of comments only). */
  readonly records: readonly PdnsRecordInput[] | undefined;
  readonly comments: readonly RRsetComment[] | undefined;
}

/** The kinds PowerDNS has; DNSCove hosts primaries, so only the first three are taken. */
const PRIMARY_KINDS = ['Native', 'Master', 'Primary'];
const OTHER_KINDS = ['Slave', 'Secondary', 'Producer', 'Consumer'];

export interface PdnsZoneCreate {
  readonly name: Name;
  readonly kind: string;
  readonly account: string;
  /** Empty: the zone follows the operator's nameservers (DNSCOVE_NS). */
  readonly nameservers: readonly Name[];
  readonly rrsets: readonly PdnsRRsetInput[];
}

export interface PdnsZoneUpdate {
  readonly kind: string | undefined;
  readonly account: string | undefined;
}

type Json = Record<string, unknown>;

function object(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PdnsError(400, `${what} is not a JSON object`);
  return value as Json;
}

function stringKey(obj: Json, key: string): string {
  const v = obj[key];
  if (typeof v !== 'string') throw new PdnsError(422, `Key '${key}' not present or not a String`);
  return v;
}

function optionalString(obj: Json, key: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new PdnsError(422, `Key '${key}' is not a String`);
  return v;
}

function kindOf(obj: Json, fallback: string | undefined): string | undefined {
  const kind = optionalString(obj, 'kind');
  if (kind === undefined) return fallback;
  const known = PRIMARY_KINDS.find((k) => k.toLowerCase() === kind.toLowerCase());
  if (known !== undefined) return known;
  if (OTHER_KINDS.some((k) => k.toLowerCase() === kind.toLowerCase())) throw new PdnsError(422, `Zone kind '${kind}' is not offered: DNSCove hosts primary zones (Native, Master)`);
  throw new PdnsError(422, `ZoneKind '${kind}' unknown`);
}

function comment(value: unknown, now: number): RRsetComment {
  const c = object(value, 'A comment');
  const modified = c['modified_at'];
  return {
    content: stringKey(c, 'content'),
    account: optionalString(c, 'account') ?? '',
    modifiedAt: typeof modified === 'number' && Number.isInteger(modified) ? modified : now,
  };
}

function record(value: unknown): PdnsRecordInput {
  const r = object(value, 'A record');
  const disabled = r['disabled'];
  if (disabled !== undefined && typeof disabled !== 'boolean') throw new PdnsError(422, "Key 'disabled' is not a Boolean");
  return { content: stringKey(r, 'content'), disabled: disabled === true };
}

function rrset(value: unknown, now: number, defaultChangetype: Changetype | undefined): PdnsRRsetInput {
  const r = object(value, 'An RRset');
  const name = parsePdnsName(stringKey(r, 'name'));
  const type = stringKey(r, 'type').toUpperCase();
  const sent = r['changetype'] === undefined ? defaultChangetype : stringKey(r, 'changetype').toUpperCase();
  if (sent === undefined) throw new PdnsError(422, "Key 'changetype' not present or not a String");
  const changetype = CHANGETYPES.find((c) => c === sent);
  if (changetype === undefined) throw new PdnsError(422, 'Changetype not understood');
  const records = Array.isArray(r['records']) ? (r['records'] as unknown[]).map(record) : undefined;
  const comments = Array.isArray(r['comments']) ? (r['comments'] as unknown[]).map((c) => comment(c, now)) : undefined;
  const ttlValue = r['ttl'];
  const ttl = typeof ttlValue === 'number' && Number.isInteger(ttlValue) ? ttlValue : undefined;
  const rrsetText = `RRset ${name} IN ${type}`;
  if (changetype === 'REPLACE') {
    if (records === undefined && comments === undefined) throw new PdnsError(422, `No change for ${rrsetText}`);
    if (records !== undefined && ttl === undefined) throw new PdnsError(422, "Key 'ttl' not an Integer or not present");
  }
  if ((changetype === 'EXTEND' || changetype === 'PRUNE') && records === undefined) throw new PdnsError(422, `${rrsetText}: ${changetype} needs records`);
  return { name, type, changetype, ttl, records, comments };
}

/** Refuses a second entry for one (name, type), as PowerDNS does. */
function refuseDuplicates(rrsets: readonly PdnsRRsetInput[]): void {
  const seen = new Set<string>();
  for (const r of rrsets) {
    const key = `${r.name} ${r.type}`;
    if (seen.has(key)) throw new PdnsError(422, `Duplicate RRset ${r.name} IN ${r.type} with changetype: ${r.changetype}`);
    seen.add(key);
  }
}

/** `PATCH …/zones/{id}`: `{rrsets: [...]}`. */
export function parseRRsetPatch(body: unknown, now: number): PdnsRRsetInput[] {
  const b = object(body, 'The request body');
  if (!Array.isArray(b['rrsets'])) throw new PdnsError(422, 'No rrsets given in update request');
  const rrsets = (b['rrsets'] as unknown[]).map((r) => rrset(r, now, undefined));
  refuseDuplicates(rrsets);
  return rrsets;
}

/** `POST …/zones`: a zone's name, kind and nameservers, and RRsets to start with (REPLACE when no changetype is given). */
export function parseZoneCreate(body: unknown, now: number): PdnsZoneCreate {
  const b = object(body, 'The request body');
  const name = parsePdnsName(stringKey(b, 'name'));
  const ns = b['nameservers'];
  if (ns !== undefined && ns !== null && (!Array.isArray(ns) || ns.some((n) => typeof n !== 'string'))) throw new PdnsError(422, "Key 'nameservers' is not a list of Strings");
  const rrsets = Array.isArray(b['rrsets']) ? (b['rrsets'] as unknown[]).map((r) => rrset(r, now, 'REPLACE')) : [];
  refuseDuplicates(rrsets);
  return {
    name,
    kind: kindOf(b, 'Native')!,
    account: optionalString(b, 'account') ?? '',
    nameservers: ((ns ?? []) as string[]).map(parsePdnsName),
    rrsets,
  };
}

/** `PUT …/zones/{id}`: the zone's settings; those DNSCove has are kind and account. */
export function parseZoneUpdate(body: unknown): PdnsZoneUpdate {
  const b = object(body, 'The request body');
  return { kind: kindOf(b, undefined), account: optionalString(b, 'account') };
}
