// The publisher: writes zones' snapshots and journal deltas from committed rows, one publish
// per zone at a time.
//
// A publish costs what changed: the RRsets written since the last publish (rrset_changes) go
// into a delta appended to the zone's journal; the snapshot is rebuilt from all rows only for
// a new zone, a change too big for a delta, or when the journal has grown enough to be
// folded in (zone-journal.ts).
import { mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { Database } from 'better-sqlite3';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { RRset, ZoneContent } from '../../shared/dns/rrset.js';
import { encodeSnapshot, snapshotChecksum } from '../../shared/snapshot/codec.js';
import { encodeDelta } from '../../shared/snapshot/delta.js';
import { encodeJournalHeader, JOURNAL_HEADER_LENGTH, JOURNAL_SUFFIX } from '../../shared/snapshot/journal.js';
import { appendToFile, journalFileName, removeSnapshotFile, replaceFile, snapshotFileName, SNAPSHOT_SUFFIX, stemOfOrigin, TEMP_PREFIX } from '../../shared/snapshot/snapshot-file.js';
import { zoneFileState } from '../../shared/snapshot/zone-file-state.js';
import type { Logger } from '../../shared/log.js';
import { parseRdata } from '../../shared/dns/rdata.js';
import { clearZoneChanges, readZoneChanges } from '../store/rrset-changes.js';
import { findRRset, iterateRRsets, listRRsetsAtNames } from '../store/rrsets.js';
import type { RRsetRow } from '../store/rrsets.js';
import { bumpSerial, findZone, listAllZones, setPublishedSerial } from '../store/zones.js';
import type { ZoneRow } from '../store/zones.js';
import { rrsetFromRow, withSerial } from './build-zone-content.js';
import type { RdataParser } from './build-zone-content.js';
import { readPublishedContent, readZoneFiles, sameRecords, withRRsets } from '../../shared/snapshot/published-content.js';
import { foldJournal } from '../../shared/snapshot/fold-journal.js';
import { PublishedIndex } from '../../shared/snapshot/published-index.js';
import { soaSerial } from '../../shared/snapshot/zone-history.js';
import { SMALL_ZONE_ROWS, snapshotFromRows, streamSnapshotFromRows } from './snapshot-from-rows.js';
import type { SignerFor } from './snapshot-from-rows.js';
import { RENEW_AHEAD, signChanges, systemClock, WholeZoneSigner } from '../dnssec/zone-signer.js';
import type { SigningClock } from '../dnssec/zone-signer.js';
import { signaturesDue } from '../store/dnssec-state.js';
import { APEX_KEY_TYPES, apexKeyRRsets, unsignedContent } from '../../shared/dnssec/sign-zone.js';
import type { ZoneKeys } from '../../shared/dnssec/sign-zone.js';
import { journalHasRoom, MAX_DELTA_RRSETS, readJournalState } from './zone-journal.js';
import type { JournalState } from './zone-journal.js';

/** What a zone's published content holds, read RRset by RRset. */
export interface PublishedReader {
  rrset(name: Name, type: number): Promise<RRset | undefined>;
}

/** The RRsets a patch puts into the published content (no records: removed), given what it holds. */
export type PublishedPatch = (published: PublishedReader) => Promise<readonly RRset[]>;

/** The control plane's handle on publishing (Services.publisher). */
export interface Publisher {
  /**
   * Asks for the zone to be published soon (auto-publish): at once when idle (the next turn of the event loop);
   * requests arriving while a publish of the zone is queued share it. Never throws; a failed
   * publish is logged and retried with backoff until it succeeds or the zone is deleted.
   */
  schedule(zoneId: string): void;
  /**
   * Publishes the zone's committed state now, after any publish of it already running, and
   * resolves once the delta or snapshot is written and synced, published_serial is updated and `onPublished` has
   * run (so the embedded edge serves it). Resolves with the serial published. Rejects when
   * the zone does not exist or the write fails (a retry is scheduled too).
   */
  publishNow(zoneId: string): Promise<{ publishedSerial: number }>;
  /**
   * Puts the RRsets `patch` gives into the zone's LAST PUBLISHED content (snapshot and journal),
   * in the zone's publish queue (so no publish runs between the read and the write), by
   * appending a delta of those that differ from what is published (a full journal folded into
   * its snapshot first; a new snapshot when there is no journal, or the signer must sign the
   * zone whole), then runs `onPublished`. `patch` reads what is published RRset by RRset,
   * so the cost follows what it reads and changes, not the zone's size (the snapshot is indexed
   * once per snapshot written). The rows and published_serial are untouched: ACME challenge
   * values reach the edge this way on a zone with staged changes, without dragging those changes
   * live (API.md "ACME DNS-01"). Rejects when the zone has no snapshot yet or its files do not verify.
   */
  patchPublished(zoneId: string, patch: PublishedPatch): Promise<void>;
  /**
   * Renews the signatures of a signed zone that are due by the signing clock (with those due
   * within the next day, so a zone renews about once between expiries), in the zone's queue:
   * a delta of the RRsets they cover, signed again, with the SOA serial moved on so that
   * secondaries transfer the new signatures. A zone with changes not yet published, or whose
   * journal is full, has its published content signed again whole instead (staged changes
   * stay staged). Resolves with how many RRsets were signed again.
   */
  resign(zoneId: string): Promise<number>;
  /**
   * Signs the published content of a signed zone again whole with the keys it has now (a key
   * rollover's step), its SOA serial moved on; staged changes stay staged. Signatures the
   * keys' change leaves valid are kept. A zone not published yet is left to its first publish.
   */
  resignWhole(zoneId: string): Promise<void>;
  /** Removes a deleted zone's snapshot and journal (idempotent), then runs `onPublished`. */
  remove(origin: Name): Promise<void>;
  /**
   * Writes a zone the control plane generates rather than stores (a catalog zone) as a new
   * snapshot, in its origin's queue, then runs `onPublished`. `build` runs in the queue, so
   * it reads the zone's last files and the rows after every write before it. Its origin must
   * be among `generatedZones` or the next start removes the files.
   */
  writeGenerated(origin: Name, build: () => Promise<ZoneContent>): Promise<void>;
  /** Resolves when every publish scheduled or started so far (startup reconciliation included) has finished. */
  flush(): Promise<void>;
  /** Stops retries and pending timers; running publishes finish. */
  close(): Promise<void>;
}

export interface PublisherOptions {
  readonly db: Database;
  readonly snapshotsDir: string;
  readonly log: Logger;
  /** Called after every snapshot write or removal with the zones written, e.g. the embedded edge's reload(); without origins after the startup reconciliation. */
  readonly onPublished?: (origins?: readonly Name[]) => Promise<void>;
  /** Coalescing window of schedule(), in ms (default 0): the first request of a burst starts it, later ones join it. Bursts coalesce anyway, since at most one publish per zone waits behind the running one. */
  readonly debounceMs?: number;
  /** Why a zone must not be served now (withheldReason), or null; by default every zone is. */
  readonly withheld?: (zone: ZoneRow) => string | null;
  /** Origins of the zones written with writeGenerated that exist now: their files are not stale. */
  readonly generatedZones?: () => readonly Name[];
  /** The key a zone is published signed with, or undefined when it is published unsigned. */
  readonly signingKey?: (zoneId: string, origin: Name) => ZoneKeys | undefined;
  readonly signingClock?: SigningClock;
}

const MAX_RETRY_MS = 30_000;

/**
 * Creates the publisher and starts reconciling the snapshot directory with the database:
 * zones whose published_serial is behind their serial, or whose file is missing, are
 * published; snapshot files of zones that no longer exist and leftover temp files are
 * removed. So a crash between a commit and its publish loses nothing. `flush()` waits for it.
 *
 * Publishes are serialised per origin (one queue each): a publish reads the rows when it
 * starts, so a queued publish always carries every change committed before it began.
 * published_serial moves, and the changes a publish carried are forgotten, only after its
 * files were written and synced; after a failed write the next publish reads the files again.
 */
export function createPublisher(options: PublisherOptions): Publisher {
  const { db, snapshotsDir, log } = options;
  const debounceMs = options.debounceMs ?? 0;
  const withheld = options.withheld ?? (() => null);
  const queues = new Map<Name, { tail: Promise<unknown>; queued: Promise<number> | undefined }>();
  // Debounce timers of schedule() (flush waits for them) and retry timers (it does not).
  const timers = new Map<string, NodeJS.Timeout>();
  const retryTimers = new Map<string, NodeJS.Timeout>();
  const retries = new Map<string, number>();
  // Per zone: when its last snapshot rebuild ended and how long it took (performance.now() ms).
  const lastRebuild = new Map<string, { end: number; took: number }>();
  // Per zone: wire RDATA of the values in its last snapshot, so a publish parses only new values.
  const wireCache = new Map<string, Map<string, Buffer>>();
  const zoneOfOrigin = new Map<Name, string>();
  // Per zone: its journal as this process last wrote it (absent: read from the files first).
  const journals = new Map<string, JournalState>();
  // Per origin: its published content indexed by owner, for patches (absent: built on the first).
  const indexes = new Map<Name, PublishedIndex>();
  const inflight = new Set<Promise<unknown>>();
  let closed = false;

  const track = <T>(p: Promise<T>): Promise<T> => {
    const settled = p.then(() => undefined, () => undefined);
    inflight.add(settled);
    void settled.then(() => inflight.delete(settled));
    return p;
  };

  // Stale files are removed before any publish may start, so the cleanup can never delete
  // the file (or temp file) of a publish that is under way.
  const cleaned = track(removeStaleFiles().catch((err: unknown) => log.error('publish: cleaning the snapshot directory failed', { err })));

  const queueFor = (origin: Name) => {
    let q = queues.get(origin);
    if (q === undefined) queues.set(origin, (q = { tail: cleaned, queued: undefined }));
    return q;
  };

  const notify = async (origin?: Name): Promise<void> => {
    if (options.onPublished !== undefined) await options.onPublished(origin === undefined ? undefined : [origin]);
  };

  /**
   * One publish. `throttled` (auto-publish and retries): a snapshot rebuild waits until as
   * long after the last one as that took, so a stream of bulk changes to a big zone keeps
   * rebuilding to at most about half of the event loop; deltas never wait.
   */
  async function publishOnce(zoneId: string, origin: Name, throttled: boolean): Promise<number> {
    const started = performance.now();
    let journal = journals.get(zoneId) ?? (await readJournalState(snapshotsDir, origin));
    journals.delete(zoneId);
    if (journal !== undefined && !journalHasRoom(journal)) journal = await foldFiles(origin, journal);
    const read = db.transaction(() => {
      const zone = findZone(db, zoneId);
      if (zone === undefined) return undefined;
      const changes = readZoneChanges(db, zoneId, MAX_DELTA_RRSETS);
      if (journal !== undefined && !changes.more && journalHasRoom(journal)) {
        const keys = changes.rrsets.some((c) => c.type === RRType.SOA && c.name === origin) ? changes.rrsets : [...changes.rrsets, { name: origin, type: RRType.SOA }];
        const rows = keys.map((c) => findRRset(db, zoneId, c.name, c.type) ?? { zoneId, name: c.name, type: c.type, ttl: 0, records: [] });
        return { zone, upTo: changes.upTo, delta: { journal, rows } };
      }
      return { zone, upTo: changes.upTo, rows: rowsForRebuild(zoneId) };
    });
    let state = read();
    const reason = state === undefined ? null : withheld(state.zone);
    if (state !== undefined && reason !== null) return withhold(zoneId, origin, state.zone.publishedSerial, reason);
    const last = lastRebuild.get(zoneId);
    if (throttled && state?.delta === undefined && last !== undefined && last.end + last.took > performance.now()) {
      await sleep(last.end + last.took - performance.now());
      state = read();
    }
    if (state === undefined || state.zone.origin !== origin) throw new Error(`publish: zone ${zoneId} no longer exists`);
    let written: JournalState | undefined;
    let serial = state.zone.serial;
    if (state.delta !== undefined) {
      const rrsets = deltaRRsets(zoneId, state.zone, state.delta.journal, state.delta.rows);
      if (rrsets !== undefined) written = await appendRRsets(origin, state.delta.journal, state.zone.serial, rrsets);
    }
    const rebuiltWhole = written === undefined;
    if (written === undefined) {
      // A delta the signer cannot sign alone (a new cut, a crash between its state and files) rebuilds too.
      const rows = state.delta === undefined ? state.rows : rowsForRebuild(zoneId);
      const rebuilt = await rebuildSnapshot(zoneId, origin, state.zone.serial, rows, (journal?.seq ?? 0) + 1);
      if (rebuilt === undefined) throw new Error(`publish: zone ${zoneId} no longer exists`);
      ({ written, serial } = rebuilt);
    }
    // The zone may have been deleted while the files were written: do not resurrect it.
    if (findZone(db, zoneId) === undefined) {
      wireCache.delete(zoneId);
      await removeFiles(origin);
      throw new Error(`publish: zone ${zoneId} was deleted during the publish`);
    }
    journals.set(zoneId, written);
    zoneOfOrigin.set(origin, zoneId);
    const { upTo } = state;
    db.transaction(() => {
      clearZoneChanges(db, zoneId, upTo);
      setPublishedSerial(db, zoneId, serial);
    })();
    retries.delete(zoneId);
    await notify(origin);
    const end = performance.now();
    if (rebuiltWhole) lastRebuild.set(zoneId, { end, took: end - started });
    log.debug('publish: zone published', { zoneId, origin, serial, seq: written.seq, delta: !rebuiltWhole, ms: Math.round(end - started) });
    return serial;
  }

  /**
   * A withheld zone is not served: its files go (the edges answer REFUSED) and its changes stay
   * marked, so it is published whole again once it may be served.
   */
  async function withhold(zoneId: string, origin: Name, publishedSerial: number, reason: string): Promise<number> {
    lastRebuild.delete(zoneId);
    wireCache.delete(zoneId);
    journals.delete(zoneId);
    await removeFiles(origin);
    retries.delete(zoneId);
    await notify(origin);
    log.info('publish: zone withheld from the nameservers', { zoneId, origin, reason });
    return publishedSerial;
  }

  /** A small zone's rows, read whole (in the caller's transaction); undefined for a big one, which is streamed from a connection of its own. */
  function rowsForRebuild(zoneId: string): RRsetRow[] | undefined {
    const rows = [...iterateRRsets(db, zoneId, SMALL_ZONE_ROWS + 1)];
    return rows.length <= SMALL_ZONE_ROWS ? rows : db.memory ? [...iterateRRsets(db, zoneId)] : undefined;
  }

  /**
   * The delta of `rows` (the changed RRsets as they are now; no records: deleted), signed with
   * the records of the chain of denial it changes when the zone is signed; undefined when the
   * signer must sign the zone whole instead.
   */
  function deltaRRsets(zoneId: string, zone: ZoneRow, journal: JournalState, rows: readonly RRsetRow[]): RRset[] | undefined {
    const parse: RdataParser = (type, text) => parseRdata(type, text, zone.origin);
    const rrsets = rows.map((row) => rrsetFromRow(row, zone.serial, parse));
    const key = options.signingKey?.(zoneId, zone.origin);
    if (key === undefined) return rrsets;
    const typesAt = (name: Name) => listRRsetsAtNames(db, zoneId, [name]).map((r) => r.type);
    return signChanges(db, zoneId, key, rrsets, typesAt, journal.seq, journal.seq + 1, options.signingClock);
  }

  /** Signs a zone whole as its snapshot (publication `seq`) is written, when it is signed. */
  function signerFor(zoneId: string, origin: Name, seq: number): SignerFor | undefined {
    const key = options.signingKey?.(zoneId, origin);
    if (key === undefined) return undefined;
    return (delegations) => {
      const signer = new WholeZoneSigner(db, zoneId, key, delegations, options.signingClock);
      return { add: (rrset) => signer.add(rrset), finish: () => signer.finish(seq) };
    };
  }

  async function appendRRsets(origin: Name, journal: JournalState, serial: number, rrsets: readonly RRset[]): Promise<JournalState> {
    const seq = journal.seq + 1;
    const delta = encodeDelta({ origin, seq, serial, rrsets });
    await appendToFile(snapshotsDir, journalFileName(origin), delta);
    return { ...journal, seq, journalBytes: journal.journalBytes + delta.length, deltas: journal.deltas + 1 };
  }

  /**
   * Writes a new snapshot, then an empty journal continuing it (an edge that reads the new
   * snapshot beside the old journal serves the snapshot alone until then).
   */
  async function writeFiles(origin: Name, file: Buffer, seq: number): Promise<JournalState> {
    indexes.delete(origin);
    await replaceFile(snapshotsDir, snapshotFileName(origin), file);
    const baseChecksum = Buffer.from(snapshotChecksum(file));
    await replaceFile(snapshotsDir, journalFileName(origin), encodeJournalHeader({ baseChecksum, baseSeq: seq }));
    return { baseChecksum, snapshotBytes: file.length, seq, journalBytes: JOURNAL_HEADER_LENGTH, deltas: 0 };
  }

  /** Removes the zone's snapshot and journal, and what was indexed of them. */
  async function removeFiles(origin: Name): Promise<void> {
    indexes.delete(origin);
    await removeSnapshotFile(snapshotsDir, origin);
  }

  /**
   * Compaction: the journal folded into a new snapshot of the same content and publication,
   * from the files' bytes (fold-journal.ts), with an empty journal for the next delta. Edges
   * serve the same content throughout: the new snapshot alone, then with its journal.
   */
  async function foldFiles(origin: Name, journal: JournalState): Promise<JournalState> {
    const started = performance.now();
    const files = await readZoneFiles(snapshotsDir, origin);
    if (!snapshotChecksum(files.snapshot).equals(journal.baseChecksum)) throw new Error(`publish: the snapshot of ${origin} changed under its journal`);
    const written = await writeFiles(origin, await foldJournal(files.snapshot, files.deltas), journal.seq);
    log.info('publish: journal folded into a new snapshot', { origin, deltas: journal.deltas, journalBytes: journal.journalBytes, snapshotBytes: written.snapshotBytes, ms: Math.round(performance.now() - started) });
    return written;
  }

  /**
   * Rebuilds the zone's snapshot from `rows` (read with the zone at `serial`), or, for a big
   * zone (no rows given), from rows streamed in a read of their own, whose serial it returns.
   * Undefined when the zone is gone by then.
   */
  async function rebuildSnapshot(zoneId: string, origin: Name, serial: number, rows: readonly RRsetRow[] | undefined, seq: number): Promise<{ written: JournalState; serial: number } | undefined> {
    const previous = wireCache.get(zoneId);
    const cache = new Map<string, Buffer>();
    const parse: RdataParser = (type, text) => {
      const key = `${type} ${text}`;
      const wire = previous?.get(key) ?? parseRdata(type, text, origin);
      cache.set(key, wire);
      return wire;
    };
    const sign = signerFor(zoneId, origin, seq);
    const built = rows !== undefined ? { snapshot: snapshotFromRows(origin, serial, rows, parse, sign), serial } : await streamSnapshotFromRows(db.name, zoneId, origin, parse, sign);
    if (built === undefined) return undefined;
    const written = await writeFiles(origin, built.snapshot, seq);
    wireCache.set(zoneId, cache);
    return { written, serial: built.serial };
  }

  /** The due RRsets of a zone whose rows are what it publishes, signed again as a delta with the next serial; undefined when it must be signed whole. */
  async function renewByDelta(zone: ZoneRow, key: ZoneKeys, journal: JournalState, due: readonly { name: Name; type: number }[], clock: SigningClock): Promise<JournalState | undefined> {
    const { origin } = zone;
    const parse: RdataParser = (type, text) => parseRdata(type, text, origin);
    const apexKeys = apexKeyRRsets(key);
    const serial = bumpSerial(db, zone.id, new Date(clock.now() * 1000).toISOString());
    const soaRow = findRRset(db, zone.id, origin, RRType.SOA);
    if (soaRow === undefined) return undefined;
    const rows: RRset[] = [rrsetFromRow(soaRow, serial, parse)];
    const apex: RRset[] = [];
    const links: Buffer[] = [];
    for (const { name, type } of due) {
      if (name === origin && type === RRType.SOA) continue;
      if (type === key.denial.type) {
        const link = key.denial.keyOfOwner(name);
        if (link !== undefined) links.push(link);
      } else if (name === origin && APEX_KEY_TYPES.includes(type)) {
        apex.push(...apexKeys.filter((r) => r.type === type));
      } else {
        const row = findRRset(db, zone.id, name, type);
        if (row !== undefined) rows.push(rrsetFromRow(row, serial, parse));
      }
    }
    const typesAt = (name: Name) => listRRsetsAtNames(db, zone.id, [name]).map((r) => r.type);
    const rrsets = signChanges(db, zone.id, key, rows, typesAt, journal.seq, journal.seq + 1, clock, { apex, links });
    if (rrsets === undefined) return undefined;
    const written = await appendRRsets(origin, journal, serial, rrsets);
    setPublishedSerial(db, zone.id, serial);
    return written;
  }

  /** The published content signed again whole with its SOA serial moved on; staged changes stay staged, with a serial above it. */
  async function renewWhole(zone: ZoneRow, key: ZoneKeys, journal: JournalState | undefined, clock: SigningClock): Promise<JournalState> {
    const published = unsignedContent(await readPublishedContent(snapshotsDir, zone.origin));
    const serial = db.transaction(() => {
      const at = new Date(clock.now() * 1000).toISOString();
      const next = bumpSerial(db, zone.id, at);
      // Changes not published yet keep a serial above the one published now.
      if (readZoneChanges(db, zone.id, 1).rrsets.length > 0 || zone.publishedSerial < zone.serial) bumpSerial(db, zone.id, at);
      return next;
    })();
    const rrsets = published.rrsets.map((r) => (r.type === RRType.SOA && r.name === zone.origin ? { ...r, rdata: r.rdata.map((d) => withSerial(d, serial)) } : r));
    const seq = (journal?.seq ?? 0) + 1;
    const written = await writeFiles(zone.origin, encodeSnapshot(signWhole(zone.id, key, { origin: zone.origin, rrsets }, seq)), seq);
    setPublishedSerial(db, zone.id, serial);
    return written;
  }

  /** The published content of `origin` indexed for reading by RRset, its journal read up to `journal`. */
  async function publishedIndex(origin: Name, journal: JournalState): Promise<PublishedIndex> {
    let index = indexes.get(origin);
    if (index === undefined || !index.baseChecksum.equals(journal.baseChecksum)) {
      index = await PublishedIndex.open(snapshotsDir, origin);
      if (!index.baseChecksum.equals(journal.baseChecksum)) throw new Error(`publish: the snapshot of ${origin} changed under its journal`);
      indexes.set(origin, index);
    }
    await index.refresh(journal.journalBytes);
    return index;
  }

  /** A patch appended as a delta of what it changed, signed when the zone is; undefined when the zone must be signed whole instead. */
  async function patchByDelta(zoneId: string, origin: Name, key: ZoneKeys | undefined, journal: JournalState, patch: PublishedPatch): Promise<JournalState | undefined> {
    const index = await publishedIndex(origin, journal);
    const soa = await index.rrset(origin, RRType.SOA);
    if (soa === undefined) throw new Error(`publish: the published content of ${origin} has no SOA`);
    const changes: RRset[] = [];
    for (const rrset of await patch(index)) {
      const was = await index.rrset(rrset.name, rrset.type);
      if (was === undefined ? rrset.rdata.length > 0 : !sameRecords(was, rrset)) changes.push(rrset);
    }
    if (changes.length === 0) return journal;
    let rrsets: RRset[] | undefined = changes;
    if (key !== undefined) {
      const types = new Map<Name, number[]>();
      for (const name of new Set(changes.map((c) => c.name))) {
        const after = new Map((await index.rrsetsAt(name)).map((r) => [r.type, r]));
        for (const c of changes) if (c.name === name) c.rdata.length > 0 ? after.set(c.type, c) : after.delete(c.type);
        types.set(name, [...after.keys()]);
      }
      rrsets = signChanges(db, zoneId, key, changes, (name) => types.get(name) ?? [], journal.seq, journal.seq + 1, options.signingClock);
    }
    return rrsets === undefined ? undefined : appendRRsets(origin, journal, soaSerial(soa.rdata[0]!), rrsets);
  }

  /** A patch written as a new snapshot of the whole published content (a full journal, or a change the signer cannot sign alone). */
  async function patchWhole(zoneId: string, origin: Name, key: ZoneKeys | undefined, journal: JournalState | undefined, patch: PublishedPatch): Promise<JournalState> {
    const published = await readPublishedContent(snapshotsDir, origin);
    const byKey = new Map(published.rrsets.map((r) => [`${r.name} ${r.type}`, r]));
    const patched = withRRsets(published, await patch({ rrset: async (name, type) => byKey.get(`${name} ${type}`) }));
    const seq = (journal?.seq ?? 0) + 1;
    return writeFiles(origin, encodeSnapshot(key === undefined ? patched : signWhole(zoneId, key, patched, seq)), seq);
  }

  /** Published content signed again whole as publication `seq` (its previous signer's records dropped). */
  function signWhole(zoneId: string, key: ZoneKeys, content: ZoneContent, seq: number): ZoneContent {
    const delegations = new Set(content.rrsets.filter((r) => r.type === RRType.NS && r.name !== content.origin).map((r) => r.name));
    const signer = new WholeZoneSigner(db, zoneId, key, delegations, options.signingClock);
    const rrsets = content.rrsets.flatMap((r) => signer.add({ name: r.name, type: r.type, ttl: r.ttl, rdata: r.rdata }) ?? []);
    return { origin: content.origin, rrsets: [...rrsets, ...signer.finish(seq)] };
  }

  function enqueue(zoneId: string, throttled = false): Promise<number> {
    const zone = findZone(db, zoneId);
    if (zone === undefined) return Promise.reject(new Error(`publish: no zone ${zoneId}`));
    const q = queueFor(zone.origin);
    if (q.queued !== undefined) return q.queued;
    const job = q.tail.then(() => {
      q.queued = undefined;
      return publishOnce(zoneId, zone.origin, throttled);
    });
    q.queued = job;
    q.tail = job.catch(() => undefined);
    return track(job.catch((err: unknown) => {
      retryLater(zoneId, err);
      throw err;
    }));
  }

  function retryLater(zoneId: string, err: unknown): void {
    if (closed || findZone(db, zoneId) === undefined) return;
    const delay = Math.min(MAX_RETRY_MS, (retries.get(zoneId) ?? 500) * 2);
    retries.set(zoneId, delay);
    log.error('publish: failed, will retry', { zoneId, retryInMs: delay, err });
    later(retryTimers, zoneId, delay);
  }

  function later(map: Map<string, NodeJS.Timeout>, zoneId: string, delay: number): void {
    if (closed || map.has(zoneId)) return;
    const timer = setTimeout(() => {
      map.delete(zoneId);
      enqueue(zoneId, true).catch(() => undefined);
    }, delay);
    map.set(zoneId, timer);
  }

  /** Every zone that may be served now. */
  function servedZones(): ZoneRow[] {
    return listAllZones(db).filter((z) => withheld(z) === null);
  }

  async function removeStaleFiles(): Promise<void> {
    await mkdir(snapshotsDir, { recursive: true });
    const present = await readdir(snapshotsDir);
    // No await between the listing and this read: a zone created later publishes after us.
    const origins = [...servedZones().map((z) => z.origin), ...(options.generatedZones?.() ?? [])];
    const wanted = new Set(origins.flatMap((origin) => [snapshotFileName(origin), journalFileName(origin)]));
    for (const file of present) {
      const stale = file.startsWith(TEMP_PREFIX) || ((file.endsWith(SNAPSHOT_SUFFIX) || file.endsWith(JOURNAL_SUFFIX)) && !wanted.has(file));
      if (!stale) continue;
      await unlink(join(snapshotsDir, file)).catch(() => undefined);
      log.info('publish: removed stale snapshot file', { file });
    }
  }

  async function publishBacklog(): Promise<void> {
    await cleaned;
    const present = new Set(await readdir(snapshotsDir));
    const behind: ZoneRow[] = [];
    for (const [i, z] of servedZones().entries()) {
      // A snapshot of an older format version counts as missing: it is rebuilt.
      if (z.publishedSerial < z.serial || !present.has(snapshotFileName(z.origin)) || zoneFileState(snapshotsDir, stemOfOrigin(z.origin)).snapshot === null) behind.push(z);
      if (i % 1000 === 999) await nextTurn();
    }
    await Promise.all(behind.map((z) => enqueue(z.id).catch(() => undefined)));
    if (behind.length === 0) await notify();
  }

  track(publishBacklog().catch((err: unknown) => log.error('publish: publishing the backlog failed', { err })));

  return {
    schedule(zoneId) {
      later(timers, zoneId, debounceMs);
    },
    async publishNow(zoneId) {
      return { publishedSerial: await enqueue(zoneId) };
    },
    async patchPublished(zoneId, patch) {
      const zone = findZone(db, zoneId);
      if (zone === undefined) throw new Error(`publish: no zone ${zoneId}`);
      const q = queueFor(zone.origin);
      const job = q.tail.then(async () => {
        let journal = journals.get(zoneId) ?? (await readJournalState(snapshotsDir, zone.origin));
        journals.delete(zoneId);
        if (journal !== undefined && !journalHasRoom(journal)) journal = await foldFiles(zone.origin, journal);
        const key = options.signingKey?.(zoneId, zone.origin);
        const byDelta = journal !== undefined && journalHasRoom(journal) ? await patchByDelta(zoneId, zone.origin, key, journal, patch) : undefined;
        journals.set(zoneId, byDelta ?? (await patchWhole(zoneId, zone.origin, key, journal, patch)));
        await notify(zone.origin);
      });
      // A publish queued before this patch has not read its rows yet; one queued after must
      // run after the patch, so it is the new tail and nothing may join a publish behind it.
      q.queued = undefined;
      q.tail = job.catch(() => undefined);
      await track(job);
    },
    async resignWhole(zoneId) {
      const zone = findZone(db, zoneId);
      if (zone === undefined) return;
      const q = queueFor(zone.origin);
      const job = q.tail.then(async () => {
        const current = findZone(db, zoneId);
        const key = current === undefined || withheld(current) !== null ? undefined : options.signingKey?.(zoneId, current.origin);
        if (current === undefined || key === undefined) return;
        const journal = journals.get(zoneId) ?? (await readJournalState(snapshotsDir, current.origin));
        // Not published yet: its first publish signs it with these keys.
        if (journal === undefined) return;
        journals.delete(zoneId);
        journals.set(zoneId, await renewWhole(current, key, journal, options.signingClock ?? systemClock));
        await notify(current.origin);
      });
      q.queued = undefined;
      q.tail = job.catch(() => undefined);
      await track(job);
    },
    async resign(zoneId) {
      const zone = findZone(db, zoneId);
      if (zone === undefined) return 0;
      const q = queueFor(zone.origin);
      const job = q.tail.then(async () => {
        const current = findZone(db, zoneId);
        const key = current === undefined || withheld(current) !== null ? undefined : options.signingKey?.(zoneId, current.origin);
        if (current === undefined || key === undefined) return 0;
        const clock = options.signingClock ?? systemClock;
        const due = signaturesDue(db, zoneId, clock.now() + RENEW_AHEAD, MAX_DELTA_RRSETS);
        if (due.length === 0) return 0;
        const journal = journals.get(zoneId) ?? (await readJournalState(snapshotsDir, current.origin));
        journals.delete(zoneId);
        const pending = readZoneChanges(db, zoneId, 1).rrsets.length > 0 || current.publishedSerial < current.serial;
        // An auto-published zone with changes pending renews with the publish about to run... or the next round.
        if (pending && current.autoPublish) return 0;
        const small = !pending && journal !== undefined && journalHasRoom(journal) && due.length < MAX_DELTA_RRSETS;
        const written = (small ? await renewByDelta(current, key, journal, due, clock) : undefined) ?? (await renewWhole(current, key, journal, clock));
        journals.set(zoneId, written);
        await notify(current.origin);
        log.info('dnssec: signatures renewed', { zoneId, origin: current.origin, rrsets: due.length, whole: !small });
        return due.length;
      });
      q.queued = undefined;
      q.tail = job.catch(() => undefined);
      return track(job);
    },
    async remove(origin) {
      const q = queueFor(origin);
      const job = q.tail.then(async () => {
        const zoneId = zoneOfOrigin.get(origin);
        if (zoneId !== undefined) {
          zoneOfOrigin.delete(origin);
          lastRebuild.delete(zoneId);
          wireCache.delete(zoneId);
          journals.delete(zoneId);
        }
        await removeFiles(origin);
        await notify(origin);
      });
      // A publish queued before the removal belongs to the deleted zone; a zone created again
      // with this origin must queue behind the removal, not join that publish.
      q.queued = undefined;
      const tail = job.catch(() => undefined);
      q.tail = tail;
      void tail.then(() => {
        if (queues.get(origin) === q && q.tail === tail) queues.delete(origin);
      });
      await track(job);
    },
    async writeGenerated(origin, build) {
      const q = queueFor(origin);
      const job = q.tail.then(async () => {
        const journal = await readJournalState(snapshotsDir, origin);
        await writeFiles(origin, encodeSnapshot(await build()), (journal?.seq ?? 0) + 1);
        await notify(origin);
      });
      q.queued = undefined;
      q.tail = job.catch(() => undefined);
      await track(job);
    },
    async flush() {
      while (inflight.size > 0 || timers.size > 0) {
        await Promise.all([...inflight]);
        if (inflight.size === 0 && timers.size > 0) await new Promise((r) => setTimeout(r, debounceMs));
      }
    },
    async close() {
      closed = true;
      for (const t of [...timers.values(), ...retryTimers.values()]) clearTimeout(t);
      timers.clear();
      retryTimers.clear();
      await Promise.all([...inflight]);
    },
  };
}
