// A zone's versions as its files hold them: the snapshot, then each journal delta as the
// records it removed and added (what IXFR, RFC 1995, sends a secondary that is behind), and the
// zone now as a stream of records read in place from the snapshot (what AXFR sends), so a
// transfer of a million records holds the files, not a million objects.
import { nameToWire, readWireName } from '../dns/name.js';
import type { Name } from '../dns/name.js';
import { CLASS_IN, RRType } from '../dns/rr-type.js';
import type { RRset } from '../dns/rrset.js';
import { snapshotBody } from './codec.js';
import { decodeDelta } from './delta.js';
import { readZoneFiles } from './published-content.js';

/** One record, its owner in uncompressed wire form (as it goes into a message). */
export interface WireRecord {
  readonly owner: Buffer;
  readonly type: number;
  readonly ttl: number;
  readonly rdata: Buffer;
}

/** What one publish changed: from the zone at `before` (its SOA) to the zone at `after`. */
export interface ZoneVersionChange {
  readonly before: WireRecord;
  readonly after: WireRecord;
  /** Records removed and added, the SOA aside. A record whose TTL changed is removed and added. */
  readonly removed: readonly WireRecord[];
  readonly added: readonly WireRecord[];
}

export interface ZoneHistory {
  readonly origin: Name;
  /** The apex SOA now. */
  readonly soa: WireRecord;
  /** The journal's changes, oldest first: serial soa(changes[0].before) up to the current one. */
  readonly changes: readonly ZoneVersionChange[];
  /**
   * Every record of the zone now but the apex SOA in DNS message form (owner uncompressed,
   * class IN), whole records in chunks of at most `chunkBytes` (or one record alone, when it
   * is longer): the snapshot's copied straight from its bytes, then those the journal changed.
   * A chunk is a view of one buffer, valid until the next is asked for.
   */
  recordChunks(chunkBytes: number): Generator<RecordChunk>;
}

export interface RecordChunk {
  readonly bytes: Buffer;
  /** How many records `bytes` holds. */
  readonly count: number;
}

/** The largest record in message form: a 255-byte owner, the fixed fields and 65,535 bytes of RDATA. */
const MAX_RECORD_BYTES = 255 + 10 + 65_535;

/** An RRset's identity: owner wire bytes and type (owners are lower-case in our files). */
const keyOf = (owner: Buffer, type: number): string => `${owner.toString('latin1')}/${type}`;

/** An RRset's records, then its signatures as RRSIG records; the apex SOA's signatures alone with `signaturesOnly`. */
function wireRecords(rrset: RRset | undefined, signaturesOnly = false): WireRecord[] {
  if (rrset === undefined) return [];
  const owner = nameToWire(rrset.name);
  const records = signaturesOnly ? [] : rrset.rdata.map((rdata) => ({ owner, type: rrset.type, ttl: rrset.ttl, rdata }));
  for (const rdata of rrset.signatures ?? []) records.push({ owner, type: RRType.RRSIG, ttl: rrset.ttl, rdata });
  return records;
}

/** The records of `a` that `b` does not have (same type, RDATA and TTL). */
function minus(a: readonly WireRecord[], b: readonly WireRecord[]): WireRecord[] {
  return a.filter((r) => !b.some((o) => o.type === r.type && o.ttl === r.ttl && o.rdata.equals(r.rdata)));
}

/** The serial in an SOA record's RDATA (after MNAME and RNAME, uncompressed in our files). */
export function soaSerial(rdata: Buffer): number {
  let pos = 0;
  for (let names = 0; names < 2; names++) {
    while (rdata[pos] !== 0) pos += rdata[pos]! + 1;
    pos++;
  }
  return rdata.readUInt32BE(pos);
}

/** Where an uncompressed wire name starting at `pos` ends. */
function nameEnd(body: Buffer, pos: number): number {
  while (body[pos] !== 0) {
    if (pos >= body.length) throw new RangeError('a name runs past the end of the snapshot');
    pos += body[pos]! + 1;
  }
  return pos + 1;
}

/** Length-prefixed values from `pos` of `body` (views) and where they end. */
function readValues(body: Buffer, pos: number, count: number): { values: Buffer[]; next: number } {
  const values: Buffer[] = [];
  for (let r = 0; r < count; r++) {
    const length = body.readUInt16BE(pos);
    values.push(body.subarray(pos + 2, pos + 2 + length));
    pos += 2 + length;
  }
  return { values, next: pos };
}

/** Walks a snapshot body's RRsets in place: views into `body`, nothing copied. */
function* snapshotRRsets(body: Buffer): Generator<{ owner: Buffer; type: number; ttl: number; rdata: Buffer[]; signatures: Buffer[] }> {
  const originEnd = nameEnd(body, 0);
  const count = body.readUInt32BE(originEnd);
  let pos = originEnd + 4;
  for (let i = 0; i < count; i++) {
    const end = nameEnd(body, pos);
    const owner = body.subarray(pos, end);
    const type = body.readUInt16BE(end);
    const ttl = body.readUInt32BE(end + 2);
    const rdata = readValues(body, end + 8, body.readUInt16BE(end + 6));
    const signatures = readValues(body, rdata.next + 2, body.readUInt16BE(rdata.next));
    pos = signatures.next;
    yield { owner, type, ttl, rdata: rdata.values, signatures: signatures.values };
  }
}

/**
 * Reads `origin`'s snapshot and the journal deltas that continue it: the SOA now, what each
 * delta changed, and a stream of the zone's records. Rejects when there is no snapshot or a
 * file does not verify.
 */
export async function readZoneHistory(dir: string, origin: Name): Promise<ZoneHistory> {
  const files = await readZoneFiles(dir, origin);
  const body = snapshotBody(files.snapshot);
  const deltas = files.deltas.map((entry) => decodeDelta(entry).rrsets);
  const apexWire = nameToWire(origin);
  const apexSoa = keyOf(apexWire, RRType.SOA);
  // The RRsets the journal touches, as the snapshot has them and then as each delta leaves them.
  const touched = new Map<string, RRset | undefined>();
  for (const rrsets of deltas) for (const rrset of rrsets) touched.set(keyOf(nameToWire(rrset.name), rrset.type), undefined);
  touched.set(apexSoa, undefined);
  let unseen = touched.size;
  for (const rrset of snapshotRRsets(body)) {
    if (unseen === 0) break;
    const key = keyOf(rrset.owner, rrset.type);
    if (!touched.has(key)) continue;
    touched.set(key, { name: readWireName(rrset.owner, 0).name, type: rrset.type, ttl: rrset.ttl, rdata: rrset.rdata, signatures: rrset.signatures });
    unseen--;
  }
  const soaNow = (): WireRecord => {
    const soa = wireRecords(touched.get(apexSoa)).filter((r) => r.type === RRType.SOA);
    if (soa.length !== 1) throw new Error(`${origin} has no SOA record`);
    return soa[0]!;
  };
  const changes: ZoneVersionChange[] = [];
  for (const rrsets of deltas) {
    const before = soaNow();
    const removed: WireRecord[] = [];
    const added: WireRecord[] = [];
    for (const rrset of rrsets) {
      const key = keyOf(nameToWire(rrset.name), rrset.type);
      // The apex SOA goes first and last in IXFR's form; its signatures are ordinary records.
      const soa = key === apexSoa;
      const was = wireRecords(touched.get(key), soa);
      const now = wireRecords(rrset, soa);
      removed.push(...minus(was, now));
      added.push(...minus(now, was));
      touched.set(key, rrset.rdata.length === 0 ? undefined : rrset);
    }
    changes.push({ before, after: soaNow(), removed, added });
  }
  return {
    origin,
    soa: soaNow(),
    changes,
    *recordChunks(chunkBytes) {
      const out = Buffer.allocUnsafe(Math.max(chunkBytes, MAX_RECORD_BYTES));
      let used = 0;
      let count = 0;
      const write = (ownerFrom: Buffer, ownerStart: number, ownerEnd: number, type: number, ttl: number, rdata: Buffer, rdataStart: number, rdataEnd: number): void => {
        used += ownerFrom.copy(out, used, ownerStart, ownerEnd);
        out.writeUInt16BE(type, used);
        out.writeUInt16BE(CLASS_IN, used + 2);
        out.writeUInt32BE(ttl, used + 4);
        out.writeUInt16BE(rdataEnd - rdataStart, used + 8);
        used += 10 + rdata.copy(out, used + 10, rdataStart, rdataEnd);
        count++;
      };
      const chunk = (): RecordChunk => {
        const done = { bytes: out.subarray(0, used), count };
        used = 0;
        count = 0;
        return done;
      };
      // The snapshot, straight from its bytes; an RRset the journal touched comes later as it is now.
      const originEnd = nameEnd(body, 0);
      const rrsets = body.readUInt32BE(originEnd);
      let pos = originEnd + 4;
      for (let i = 0; i < rrsets; i++) {
        const ownerStart = pos;
        const ownerEnd = nameEnd(body, pos);
        const type = body.readUInt16BE(ownerEnd);
        const ttl = body.readUInt32BE(ownerEnd + 2);
        pos = ownerEnd + 6;
        const skip = (type === RRType.SOA && ownerEnd - ownerStart === apexWire.length && body.subarray(ownerStart, ownerEnd).equals(apexWire)) || (touched.size > 1 && touched.has(keyOf(body.subarray(ownerStart, ownerEnd), type)));
        // The records, then their signatures as RRSIG records.
        for (const recordType of [type, RRType.RRSIG]) {
          const n = body.readUInt16BE(pos);
          pos += 2;
          for (let r = 0; r < n; r++) {
            const length = body.readUInt16BE(pos);
            if (!skip) {
              if (count > 0 && used + ownerEnd - ownerStart + 10 + length > chunkBytes) yield chunk();
              write(body, ownerStart, ownerEnd, recordType, ttl, body, pos + 2, pos + 2 + length);
            }
            pos += 2 + length;
          }
        }
      }
      for (const [key, rrset] of touched) {
        for (const record of wireRecords(rrset, key === apexSoa)) {
          if (count > 0 && used + record.owner.length + 10 + record.rdata.length > chunkBytes) yield chunk();
          write(record.owner, 0, record.owner.length, record.type, record.ttl, record.rdata, 0, record.rdata.length);
        }
      }
      if (count > 0) yield chunk();
    },
  };
}
