// Zone-file text → snapshot bytes in one pass (`dnscove snapshot build`): records are parsed
// one at a time and each owner's RRsets are written into the snapshot as soon as the file moves
// on to the next owner, so a million-record file is never held as a million objects.
//
// That needs each owner's records to come together, as every server's zone dump writes them.
// A file that names an owner again after others (checked against a set of 64-bit hashes of the
// owners done, 16 bytes per owner) is compiled the other way, whole (zoneFromRecords).
import type { Name } from '../dns/name.js';
import { RRType, rrTypeToText } from '../dns/rr-type.js';
import { encodeSnapshot, SnapshotWriter } from '../snapshot/codec.js';
import { readZoneFile, parseZoneFile } from './parse-zone-file.js';
import type { ParseZoneFileOptions, ZoneFileRecord } from './parse-zone-file.js';
import { checkRecord, coveredType, readZoneText, zoneFromRecords } from './zone-from-records.js';
import { ZoneFileError } from './zone-file-error.js';

export interface CompiledZone {
  readonly origin: Name;
  readonly rrsets: number;
  /** The snapshot file's bytes. */
  readonly snapshot: Buffer;
}

type Fail = (line: number, reason: string) => never;

/** Past this many records, an RRset finds duplicates through a set instead of comparing with each. */
const LINEAR_DUPLICATES = 16;

/** One RRset of the owner being read. */
interface PendingRRset {
  readonly type: number;
  readonly ttl: number;
  readonly rdata: Buffer[];
  seen: Set<string> | undefined;
  signatures: Buffer[] | undefined;
}

/**
 * The RRsets of one owner, checked as zoneFromRecords checks them: the same errors, and the
 * first record's TTL, duplicates dropped, RRSIGs with the RRset they cover.
 */
class OwnerRun {
  readonly types = new Set<number>();
  readonly #rrsets: PendingRRset[] = [];
  readonly #signatures: ZoneFileRecord[] = [];

  constructor(readonly name: Name) {}

  add(record: ZoneFileRecord, fail: Fail): void {
    this.types.add(record.type);
    if (record.type === RRType.RRSIG) {
      this.#signatures.push(record);
      return;
    }
    const set = this.#rrsets.find((r) => r.type === record.type);
    if (set === undefined) {
      this.#rrsets.push({ type: record.type, ttl: record.ttl, rdata: [record.rdata], seen: undefined, signatures: undefined });
      return;
    }
    if (set.seen === undefined && set.rdata.length >= LINEAR_DUPLICATES) set.seen = new Set(set.rdata.map((r) => r.toString('latin1')));
    const duplicate = set.seen === undefined ? set.rdata.some((r) => r.equals(record.rdata)) : set.seen.has(record.rdata.toString('latin1'));
    if (duplicate) return;
    if (record.type === RRType.CNAME) fail(record.line, `a second CNAME at ${record.name} (RFC 1034 §3.6.2)`);
    set.seen?.add(record.rdata.toString('latin1'));
    set.rdata.push(record.rdata);
  }

  /** Writes the owner's RRsets; returns how many. */
  writeTo(writer: SnapshotWriter, fail: Fail): number {
    for (const record of this.#signatures) {
      const covered = coveredType(record, fail);
      const set = this.#rrsets.find((r) => r.type === covered);
      if (set === undefined) return fail(record.line, `RRSIG at ${record.name} covers ${rrTypeToText(covered)}, which the zone does not hold there`);
      set.signatures ??= [];
      if (!set.signatures.some((r) => r.equals(record.rdata))) set.signatures.push(record.rdata);
    }
    for (const set of this.#rrsets) writer.add(this.name, set.type, set.ttl, set.rdata, set.signatures);
    return this.#rrsets.length;
  }
}

/**
 * The owners read so far, as two 32-bit FNV-1a hashes each (open
 * addressing). A false "seen" (two owners with equal 64-bit hashes) only sends the file the
 * whole-file way, which is as correct.
 */
class OwnerHashes {
  #slots = new Uint32Array(1 << 17);
  #count = 0;

  /** Adds the name; false when it (or a name of the same hashes) was added before. */
  add(name: string): boolean {
    if ((this.#count + 1) * 4 > this.#slots.length) this.#grow();
    const [a, b] = hashes(name);
    if (!this.#insert(this.#slots, a, b)) return false;
    this.#count++;
    return true;
  }

  #insert(slots: Uint32Array, a: number, b: number): boolean {
    const mask = (slots.length >>> 1) - 1;
    for (let i = a & mask; ; i = (i + 1) & mask) {
      const x = slots[2 * i]!;
      const y = slots[2 * i + 1]!;
      if (x === 0 && y === 0) {
        slots[2 * i] = a;
        slots[2 * i + 1] = b;
        return true;
      }
      if (x === a && y === b) return false;
    }
  }

  #grow(): void {
    const old = this.#slots;
    this.#slots = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 || old[i + 1] !== 0) this.#insert(this.#slots, old[i]!, old[i + 1]!);
  }
}

/** Two independent 32-bit FNV-1a hashes of the name's characters (never both 0: 0/0 marks an empty slot). */
function hashes(name: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return [a >>> 0, (b | 1) >>> 0];
}

/**
 * Compiles zone-file text in one pass; undefined when an owner comes back after others (then
 * compile it whole). Checks as zoneFromRecords does; every error is a ZoneFileError naming
 * the file and line.
 */
export function streamSnapshot(text: string, options: ParseZoneFileOptions = {}): CompiledZone | undefined {
  const file = options.file ?? '<zone file>';
  const fail: Fail = (line, reason) => {
    throw new ZoneFileError(file, line, reason);
  };
  const { origin, records } = readZoneFile(text, options);
  const writer = new SnapshotWriter(origin, text.length * 2);
  const done = new OwnerHashes();
  const soa = { line: 0 };
  let run: OwnerRun | undefined;
  let rrsets = 0;
  for (const record of records) {
    if (record.name !== run?.name) {
      if (run !== undefined) rrsets += run.writeTo(writer, fail);
      if (!done.add(record.name)) return undefined;
      run = new OwnerRun(record.name);
    }
    checkRecord(origin, record, run.types, soa, fail);
    run.add(record, fail);
  }
  if (run !== undefined) rrsets += run.writeTo(writer, fail);
  if (soa.line === 0) fail(0, `no SOA record at the origin ${origin}`);
  return { origin, rrsets, snapshot: writer.finish() };
}

/**
 * Reads a zone file (UTF-8) and compiles it into a snapshot: in one pass when each owner's
 * records come together (streamSnapshot), else whole. Every error is a ZoneFileError whose
 * `file` is `path`; a read failure has line 0 and the fs error as cause.
 */
export async function compileZoneFile(path: string, origin?: Name): Promise<CompiledZone> {
  return compileZoneText(await readZoneText(path), origin === undefined ? { file: path } : { file: path, origin });
}

/** Compiles zone-file text: in one pass when each owner's records come together, else whole. */
export function compileZoneText(text: string, options: ParseZoneFileOptions = {}): CompiledZone {
  const streamed = streamSnapshot(text, options);
  if (streamed !== undefined) return streamed;
  const parsed = parseZoneFile(text, options);
  const zone = zoneFromRecords(parsed.origin, parsed.records, options.file);
  return { origin: zone.origin, rrsets: zone.rrsets.length, snapshot: encodeSnapshot(zone) };
}
