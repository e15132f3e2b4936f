// What the edges serve of a zone, read back from its files: the snapshot with the journal's
// deltas applied (the control plane patches it on the staged-zone ACME path; edges transfer it).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareNames } from '../dns/name.js';
import type { Name } from '../dns/name.js';
import type { RRset, ZoneContent } from '../dns/rrset.js';
import { decodeSnapshot, snapshotChecksum } from './codec.js';
import { decodeDelta } from './delta.js';
import { decodeJournalHeader, JOURNAL_HEADER_LENGTH, readJournalEntries } from './journal.js';
import { journalFileName, snapshotFileName } from './snapshot-file.js';

/**
 * `origin`'s snapshot file and the bodies of the journal deltas that continue it (none when the
 * journal is missing or continues another snapshot). Rejects when there is no snapshot.
 */
export async function readZoneFiles(dir: string, origin: Name): Promise<{ snapshot: Buffer; deltas: Buffer[] }> {
  const snapshot = await readFile(join(dir, snapshotFileName(origin)));
  const journal = await readFile(join(dir, journalFileName(origin))).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  const header = journal === undefined ? undefined : decodeJournalHeader(journal);
  const continues = journal !== undefined && header !== undefined && header.baseChecksum.equals(snapshotChecksum(snapshot));
  return { snapshot, deltas: continues ? readJournalEntries(journal.subarray(JOURNAL_HEADER_LENGTH)).bodies : [] };
}

/** The published content of `origin` in canonical order (RFC 4034 §6.1, then by type), whatever order the files hold. Rejects when there is no snapshot or a file does not verify. */
export async function readPublishedContent(dir: string, origin: Name): Promise<ZoneContent> {
  const files = await readZoneFiles(dir, origin);
  const content = decodeSnapshot(files.snapshot);
  const byKey = new Map(content.rrsets.map((r) => [rrsetKey(r), r]));
  for (const body of files.deltas) putAll(byKey, decodeDelta(body).rrsets);
  return { origin: content.origin, rrsets: canonicalOrder(byKey.values()) };
}

/** `content` with each of `rrsets` put in place of its RRset (one with no records: removed), in canonical order. */
export function withRRsets(content: ZoneContent, rrsets: readonly RRset[]): ZoneContent {
  const byKey = new Map(content.rrsets.map((r) => [rrsetKey(r), r]));
  putAll(byKey, rrsets);
  return { origin: content.origin, rrsets: canonicalOrder(byKey.values()) };
}

/** Puts each RRset in place of the one with its key; one with no records removes it. */
function putAll(byKey: Map<string, RRset>, rrsets: readonly RRset[]): void {
  for (const rrset of rrsets) {
    if (rrset.rdata.length === 0) byKey.delete(rrsetKey(rrset));
    else byKey.set(rrsetKey(rrset), rrset);
  }
}

function canonicalOrder(rrsets: Iterable<RRset>): RRset[] {
  return [...rrsets].sort((a, b) => compareNames(a.name, b.name) || a.type - b.type);
}

/** The RRsets that differ between two contents of one zone: new or changed ones whole, removed ones with no records. */
export function changedRRsets(before: ZoneContent, after: ZoneContent): RRset[] {
  const old = new Map(before.rrsets.map((r) => [rrsetKey(r), r]));
  const out: RRset[] = [];
  for (const rrset of after.rrsets) {
    const key = rrsetKey(rrset);
    const was = old.get(key);
    old.delete(key);
    if (was === undefined || !sameRRset(was, rrset)) out.push(rrset);
  }
  for (const gone of old.values()) out.push({ name: gone.name, type: gone.type, ttl: gone.ttl, rdata: [] });
  return out;
}

function rrsetKey(rrset: RRset): string {
  return `${rrset.name} ${rrset.type}`;
}

function sameRRset(a: RRset, b: RRset): boolean {
  return sameRecords(a, b) && sameValues(a.signatures ?? [], b.signatures ?? []);
}

/** Whether two RRsets carry the same TTL and records, in the same order (signatures aside). */
export function sameRecords(a: RRset, b: RRset): boolean {
  return a.ttl === b.ttl && sameValues(a.rdata, b.rdata);
}

function sameValues(a: readonly Buffer[], b: readonly Buffer[]): boolean {
  return a.length === b.length && a.every((r, i) => r.equals(b[i]!));
}
