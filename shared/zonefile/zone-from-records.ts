// Turns parsed zone-file records into a checked ZoneContent, and loads a zone file from disk.
import { readFile } from 'node:fs/promises';
import { isSubdomain, type Name } from '../dns/name.js';
import { RRType, rrTypeToText } from '../dns/rr-type.js';
import type { RRset, ZoneContent } from '../dns/rrset.js';
import { parseZoneFile, type ZoneFileRecord } from './parse-zone-file.js';
import { ZoneFileError } from './zone-file-error.js';

/** Types that may share a name with a CNAME (RFC 2181 §10.1; RFC 4035 §2.5). */
const ALLOWED_BESIDE_CNAME = new Set<number>([RRType.RRSIG, RRType.NSEC]);

/**
 * Groups records into RRsets (in first-seen order, records in file order) and checks that
 * they form a zone. Duplicate RDATA within a set is dropped (RFC 2181 §5). When the records
 * of a set have different TTLs, the set takes the first record's TTL, as NSD and BIND do
 * (RFC 2181 §5.2 makes differing TTLs an error for servers to handle; we keep the first).
 * Checks, each a ZoneFileError naming the file, the offending record's line and the reason:
 * exactly one SOA record, at the origin; every name at or below the origin; no CNAME beside
 * other data (except RRSIG/NSEC) and at most one CNAME at a name (RFC 1034 §3.6.2); no
 * meta-types or query types (OPT, types 128–255, type 0; RFC 6895 §3.1). Class IN is already
 * guaranteed by parseZoneFile. A pre-signed zone's RRSIG records go with the RRsets they cover
 * (their TYPE COVERED at the same name, RFC 4034 §3.1.1); one covering nothing is an error.
 * Pure.
 */
export function zoneFromRecords(origin: Name, records: readonly ZoneFileRecord[], file = '<zone file>'): ZoneContent {
  const fail = (line: number, reason: string): never => {
    throw new ZoneFileError(file, line, reason);
  };
  const sets = new Map<string, { name: Name; type: number; ttl: number; rdata: Buffer[]; seen: Set<string> }>();
  const typesByName = new Map<Name, Set<number>>();
  const soa = { line: 0 };
  const signatures: ZoneFileRecord[] = [];
  for (const record of records) {
    const types = typesByName.get(record.name) ?? new Set<number>();
    typesByName.set(record.name, types);
    checkRecord(origin, record, types, soa, fail);
    types.add(record.type);
    if (record.type === RRType.RRSIG) {
      signatures.push(record);
      continue;
    }

    const key = `${record.type} ${record.name}`;
    const set = sets.get(key);
    // RDATA is canonical (names lower-cased by the parser), so equal records have equal bytes.
    const rdataKey = record.rdata.toString('latin1');
    if (set === undefined) {
      sets.set(key, { name: record.name, type: record.type, ttl: record.ttl, rdata: [record.rdata], seen: new Set([rdataKey]) });
      continue;
    }
    if (set.seen.has(rdataKey)) continue;
    if (record.type === RRType.CNAME) fail(record.line, `a second CNAME at ${record.name} (RFC 1034 §3.6.2)`);
    set.seen.add(rdataKey);
    set.rdata.push(record.rdata);
  }
  if (soa.line === 0) fail(0, `no SOA record at the origin ${origin}`);
  const signed = new Map<string, Buffer[]>();
  for (const record of signatures) {
    const covered = coveredType(record, fail);
    const key = `${covered} ${record.name}`;
    if (!sets.has(key)) fail(record.line, `RRSIG at ${record.name} covers ${rrTypeToText(covered)}, which the zone does not hold there`);
    const list = signed.get(key) ?? [];
    if (!list.some((r) => r.equals(record.rdata))) list.push(record.rdata);
    signed.set(key, list);
  }
  const rrsets: RRset[] = [...sets].map(([key, { name, type, ttl, rdata }]) => {
    const sigs = signed.get(key);
    return sigs === undefined ? { name, type, ttl, rdata } : { name, type, ttl, rdata, signatures: sigs };
  });
  return { origin, rrsets };
}

/**
 * The checks of one record that do not need the rest of the zone: inside the zone, a type a
 * zone can hold, one SOA at the origin (`soa.line` remembers where it was), and the CNAME rules
 * against the `types` already seen at its name. Shared with the streaming compiler
 * (snapshot-from-zone-file.ts), so both refuse the same files.
 */
export function checkRecord(origin: Name, record: ZoneFileRecord, types: ReadonlySet<number>, soa: { line: number }, fail: (line: number, reason: string) => never): void {
  const typeText = rrTypeToText(record.type);
  if (!isSubdomain(record.name, origin)) fail(record.line, `${record.name} is outside the zone ${origin}`);
  if (record.type === 0 || record.type === RRType.OPT || (record.type >= 128 && record.type <= 255)) {
    fail(record.line, `${typeText} is not a record type a zone can hold`);
  }
  if (record.type === RRType.SOA) {
    if (record.name !== origin) fail(record.line, `SOA at ${record.name} is not at the origin ${origin}`);
    if (soa.line !== 0) fail(record.line, `a second SOA record (the first is on line ${soa.line})`);
    soa.line = record.line;
  }
  if (record.type === RRType.CNAME && [...types].some((t) => t !== RRType.CNAME && !ALLOWED_BESIDE_CNAME.has(t))) {
    fail(record.line, `CNAME at ${record.name} beside other data (RFC 1034 §3.6.2)`);
  }
  if (types.has(RRType.CNAME) && record.type !== RRType.CNAME && !ALLOWED_BESIDE_CNAME.has(record.type)) {
    fail(record.line, `${typeText} at ${record.name} beside a CNAME (RFC 1034 §3.6.2)`);
  }
}

/** The type an RRSIG record covers (RFC 4034 §3.1.1). */
export function coveredType(record: ZoneFileRecord, fail: (line: number, reason: string) => never): number {
  if (record.rdata.length < 18) fail(record.line, `RRSIG at ${record.name} is too short`);
  return record.rdata.readUInt16BE(0);
}

/**
 * Reads a zone file (UTF-8), parses it and checks it with zoneFromRecords. `origin` is the
 * zone's name if known (see parseZoneFile for how it is found otherwise). Every error is a
 * ZoneFileError whose `file` is `path`; a read failure has line 0 and the fs error as cause.
 */
export async function loadZoneFile(path: string, origin?: Name): Promise<ZoneContent> {
  const text = await readZoneText(path);
  const parsed = parseZoneFile(text, origin === undefined ? { file: path } : { file: path, origin });
  return zoneFromRecords(parsed.origin, parsed.records, path);
}

/** A zone file's text (UTF-8); a read failure is a ZoneFileError of line 0 with the fs error as cause. */
export async function readZoneText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new ZoneFileError(path, 0, `cannot read the file: ${(err as Error).message}`, { cause: err });
  }
}
