// A zone as the PowerDNS API shows it: the list entry, and the whole zone with its RRsets.
import { compareNames } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType, rrTypeFromText, rrTypeToText } from '../../shared/dns/rr-type.js';
import { listRecords } from '../records/list-records.js';
import type { Services } from '../services.js';
import { findZoneKey } from '../store/dnssec-keys.js';
import { findPdnsSettings, listCommentedRRsets, listComments, listDisabled } from '../store/pdns-extras.js';
import type { ZoneRow } from '../store/zones.js';
import { pdnsZoneId } from './pdns-names.js';

/** The version DNSCove answers as: clients (octoDNS) pick request shapes by it; 4.7 is what they are tested against here. */
export const PDNS_VERSION = '4.7.3';
export const ZONES_URL = '/api/v1/servers/localhost/zones';

export interface PdnsRecordJson {
  content: string;
  disabled: boolean;
}

export interface PdnsCommentJson {
  content: string;
  account: string;
  modified_at: number;
}

export interface PdnsRRsetJson {
  name: string;
  type: string;
  ttl: number;
  records: PdnsRecordJson[];
  comments: PdnsCommentJson[];
}

export interface PdnsZoneListJson {
  id: string;
  name: string;
  url: string;
  kind: string;
  account: string;
  serial: number;
  edited_serial: number;
  notified_serial: number;
  last_check: number;
  masters: string[];
  dnssec: boolean;
  catalog: string;
}

export interface PdnsZoneJson extends PdnsZoneListJson {
  api_rectify: boolean;
  nsec3param: string;
  nsec3narrow: boolean;
  soa_edit: string;
  soa_edit_api: string;
  master_tsig_key_ids: string[];
  slave_tsig_key_ids: string[];
  rrsets: PdnsRRsetJson[];
}

/** The zone's entry in `GET …/zones`. */
export function pdnsZoneListJson(services: Pick<Services, 'db'>, zone: ZoneRow): PdnsZoneListJson {
  const id = pdnsZoneId(zone.origin);
  const settings = findPdnsSettings(services.db, zone.id);
  const key = findZoneKey(services.db, zone.id);
  return {
    id,
    name: zone.origin,
    url: `${ZONES_URL}/${id}`,
    kind: settings?.kind ?? 'Native',
    account: settings?.account ?? '',
    serial: zone.serial,
    edited_serial: zone.serial,
    // What the nameservers serve: PowerDNS's "last serial sent out".
    notified_serial: zone.publishedSerial,
    last_check: 0,
    masters: [],
    dnssec: key !== undefined && key.signing && !key.removing,
    catalog: '',
  };
}

/**
 * `GET …/zones/{id}`: the list entry with every RRset, served records and disabled ones
 * (`disabled: true`, stored, never served) together, with their comments; ordered by name
 * (RFC 4034 §6.1) then type, the SOA first.
 */
export function pdnsZoneJson(services: Pick<Services, 'db'>, zone: ZoneRow): PdnsZoneJson {
  const comments = listComments(services.db, zone.id);
  const sets = new Map<string, { name: Name; type: number; json: PdnsRRsetJson }>();
  const entry = (name: Name, type: number, ttl: number): PdnsRRsetJson => {
    const key = `${name} ${type}`;
    let set = sets.get(key);
    if (set === undefined) {
      const notes = comments.get(key) ?? [];
      set = { name, type, json: { name, type: rrTypeToText(type), ttl, records: [], comments: notes.map((c) => ({ content: c.content, account: c.account, modified_at: c.modifiedAt })) } };
      sets.set(key, set);
    }
    return set.json;
  };
  for (const r of listRecords(services.db, zone).records) entry(r.name as Name, rrTypeFromText(r.type)!, r.ttl).records.push(...r.records.map((content) => ({ content, disabled: false })));
  for (const d of listDisabled(services.db, zone.id)) entry(d.name, d.type, d.ttl).records.push(...d.records.map((content) => ({ content, disabled: true })));
  for (const c of listCommentedRRsets(comments)) entry(c.name, c.type, 0);
  const rank = (type: number): number => (type === RRType.SOA ? -1 : type);
  const rrsets = [...sets.values()].sort((a, b) => compareNames(a.name, b.name) || rank(a.type) - rank(b.type)).map((s) => s.json);
  return {
    ...pdnsZoneListJson(services, zone),
    api_rectify: false,
    nsec3param: '',
    nsec3narrow: false,
    soa_edit: '',
    soa_edit_api: 'DEFAULT',
    master_tsig_key_ids: [],
    slave_tsig_key_ids: [],
    rrsets,
  };
}
