// A zone's versions as its files hold them: the snapshot, then each journal delta as the
// records it removed and added (what IXFR, RFC 1995, sends a secondary that is behind).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareNames } from '../dns/name.js';
import type { Name } from '../dns/name.js';
import { RRType } from '../dns/rr-type.js';
import type { RRset, ZoneContent } from '../dns/rrset.js';
import { decodeSnapshot, snapshotChecksum } from './codec.js';
import { decodeDelta } from './delta.js';
import { decodeJournalHeader, JOURNAL_HEADER_LENGTH, readJournalEntries } from './journal.js';
import { journalFileName, snapshotFileName } from './snapshot-file.js';

/** One record. */
export interface ZoneRecord {
  readonly name: Name;
  readonly type: number;
  readonly ttl: number;
  readonly rdata: Buffer;
}

/** What one publish changed: from the zone at `before` (its SOA) to the zone at `after`. */
export interface ZoneVersionChange {
  readonly before: ZoneRecord;
  readonly after: ZoneRecord;
  /** Records removed and added, the SOA aside. A record whose TTL changed is removed and added. */
  readonly removed: readonly ZoneRecord[];
  readonly added: readonly ZoneRecord[];
}

export interface ZoneHistory {
  /** The zone now, in canonical order, its SOA first. */
  readonly content: ZoneContent;
  readonly soa: ZoneRecord;
  /** The journal's changes, oldest first: serial soa(changes[0].before) up to the current one. */
  readonly changes: readonly ZoneVersionChange[];
}

const keyOf = (r: { name: Name; type: number }): string => `${r.name} ${r.type}`;

function soaOf(rrsets: ReadonlyMap<string, RRset>, origin: Name): ZoneRecord {
  const soa = rrsets.get(keyOf({ name: origin, type: RRType.SOA }));
  if (soa === undefined || soa.rdata.length !== 1) throw new Error(`${origin} has no SOA record`);
  return { name: origin, type: RRType.SOA, ttl: soa.ttl, rdata: soa.rdata[0]! };
}

const records = (rrset: RRset | undefined): ZoneRecord[] => (rrset === undefined ? [] : rrset.rdata.map((rdata) => ({ name: rrset.name, type: rrset.type, ttl: rrset.ttl, rdata })));

/** The records of `a` that `b` does not have (same RDATA and TTL). */
function minus(a: readonly ZoneRecord[], b: readonly ZoneRecord[]): ZoneRecord[] {
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

/**
 * Reads `origin`'s snapshot and the journal deltas that continue it, replaying them: the zone
 * now, and what each delta changed. Rejects when there is no snapshot or a file does not verify.
 */
export async function readZoneHistory(dir: string, origin: Name): Promise<ZoneHistory> {
  const file = await readFile(join(dir, snapshotFileName(origin)));
  const snapshot = decodeSnapshot(file);
  const journal = await readFile(join(dir, journalFileName(origin))).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  const header = journal === undefined ? undefined : decodeJournalHeader(journal);
  const continues = journal !== undefined && header !== undefined && header.baseChecksum.equals(snapshotChecksum(file));
  const byKey = new Map(snapshot.rrsets.map((r) => [keyOf(r), r]));
  const changes: ZoneVersionChange[] = [];
  for (const body of continues ? readJournalEntries(journal.subarray(JOURNAL_HEADER_LENGTH)).bodies : []) {
    const before = soaOf(byKey, origin);
    const removed: ZoneRecord[] = [];
    const added: ZoneRecord[] = [];
    for (const rrset of decodeDelta(body).rrsets) {
      const key = keyOf(rrset);
      const was = records(byKey.get(key));
      if (rrset.type !== RRType.SOA) {
        removed.push(...minus(was, records(rrset)));
        added.push(...minus(records(rrset), was));
      }
      if (rrset.rdata.length === 0) byKey.delete(key);
      else byKey.set(key, rrset);
    }
    changes.push({ before, after: soaOf(byKey, origin), removed, added });
  }
  const rrsets = [...byKey.values()].sort((a, b) => compareNames(a.name, b.name) || (a.type === RRType.SOA ? -1 : b.type === RRType.SOA ? 1 : a.type - b.type));
  return { content: { origin: snapshot.origin, rrsets }, soa: soaOf(byKey, origin), changes };
}
