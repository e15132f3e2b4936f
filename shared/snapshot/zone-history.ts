// A zone's versions as its files hold them: the snapshot, then each journal delta as the
// records it removed and added (what IXFR, RFC 1995, sends a secondary that is behind), and the
// zone now as a stream of records read in place from the snapshot (what AXFR sends), so a
// transfer of a million records holds the files, not a million objects.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nameToWire, readWireName } from '../dns/name.js';
import type { Name } from '../dns/name.js';
import { RRType } from '../dns/rr-type.js';
import type { RRset } from '../dns/rrset.js';
import { snapshotBody, snapshotChecksum } from './codec.js';
import { decodeDelta } from './delta.js';
import { decodeJournalHeader, JOURNAL_HEADER_LENGTH, readJournalEntries } from './journal.js';
import { journalFileName, snapshotFileName } from './snapshot-file.js';

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
  /** Every record of the zone now but the apex SOA: the snapshot's in place, then those the journal changed. */
  records(): Generator<WireRecord>;
}

/** An RRset's identity: owner wire bytes and type (owners are lower-case in our files). */
const keyOf = (owner: Buffer, type: number): string => `${owner.toString('latin1')}/${type}`;

function wireRecords(rrset: RRset | undefined): WireRecord[] {
  if (rrset === undefined) return [];
  const owner = nameToWire(rrset.name);
  return rrset.rdata.map((rdata) => ({ owner, type: rrset.type, ttl: rrset.ttl, rdata }));
}

/** The records of `a` that `b` does not have (same RDATA and TTL). */
function minus(a: readonly WireRecord[], b: readonly WireRecord[]): WireRecord[] {
  return a.filter((r) => !b.some((o) => o.ttl === r.ttl && o.rdata.equals(r.rdata)));
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

/** Walks a snapshot body's RRsets in place: views into `body`, nothing copied. */
function* snapshotRRsets(body: Buffer): Generator<{ owner: Buffer; type: number; ttl: number; rdata: Buffer[] }> {
  const originEnd = nameEnd(body, 0);
  const count = body.readUInt32BE(originEnd);
  let pos = originEnd + 4;
  for (let i = 0; i < count; i++) {
    const end = nameEnd(body, pos);
    const owner = body.subarray(pos, end);
    const type = body.readUInt16BE(end);
    const ttl = body.readUInt32BE(end + 2);
    const n = body.readUInt16BE(end + 6);
    pos = end + 8;
    const rdata: Buffer[] = [];
    for (let r = 0; r < n; r++) {
      const length = body.readUInt16BE(pos);
      rdata.push(body.subarray(pos + 2, pos + 2 + length));
      pos += 2 + length;
    }
    yield { owner, type, ttl, rdata };
  }
}

/**
 * Reads `origin`'s snapshot and the journal deltas that continue it: the SOA now, what each
 * delta changed, and a stream of the zone's records. Rejects when there is no snapshot or a
 * file does not verify.
 */
export async function readZoneHistory(dir: string, origin: Name): Promise<ZoneHistory> {
  const file = await readFile(join(dir, snapshotFileName(origin)));
  const body = snapshotBody(file);
  const journal = await readFile(join(dir, journalFileName(origin))).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  const header = journal === undefined ? undefined : decodeJournalHeader(journal);
  const continues = journal !== undefined && header !== undefined && header.baseChecksum.equals(snapshotChecksum(file));
  const deltas = (continues ? readJournalEntries(journal.subarray(JOURNAL_HEADER_LENGTH)).bodies : []).map((entry) => decodeDelta(entry).rrsets);
  const apexSoa = keyOf(nameToWire(origin), RRType.SOA);
  // The RRsets the journal touches, as the snapshot has them and then as each delta leaves them.
  const touched = new Map<string, RRset | undefined>();
  for (const rrsets of deltas) for (const rrset of rrsets) touched.set(keyOf(nameToWire(rrset.name), rrset.type), undefined);
  touched.set(apexSoa, undefined);
  for (const rrset of snapshotRRsets(body)) {
    const key = keyOf(rrset.owner, rrset.type);
    if (touched.has(key)) touched.set(key, { name: readWireName(rrset.owner, 0).name, type: rrset.type, ttl: rrset.ttl, rdata: rrset.rdata });
  }
  const soaNow = (): WireRecord => {
    const soa = wireRecords(touched.get(apexSoa));
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
      const was = wireRecords(touched.get(key));
      if (rrset.type !== RRType.SOA) {
        removed.push(...minus(was, wireRecords(rrset)));
        added.push(...minus(wireRecords(rrset), was));
      }
      touched.set(key, rrset.rdata.length === 0 ? undefined : rrset);
    }
    changes.push({ before, after: soaNow(), removed, added });
  }
  return {
    origin,
    soa: soaNow(),
    changes,
    *records() {
      for (const rrset of snapshotRRsets(body)) {
        if (touched.has(keyOf(rrset.owner, rrset.type))) continue;
        for (const rdata of rrset.rdata) yield { owner: rrset.owner, type: rrset.type, ttl: rrset.ttl, rdata };
      }
      for (const [key, rrset] of touched) if (key !== apexSoa) yield* wireRecords(rrset);
    },
  };
}
