// The publisher: writes zones' snapshots and journal deltas from committed rows, one publish
// per zone at a time.
//
// A publish costs what changed: the RRsets written since the last publish (rrset_changes) go
// into a delta appended to the zone's journal; the snapshot is rebuilt from all rows only for
// a new zone or a change too big for a delta (publish-policy.ts).
import { mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { Database } from 'better-sqlite3';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { RRset, ZoneContent } from '../../shared/dns/rrset.js';
import { encodeSnapshot } from '../../shared/snapshot/codec.js';
import { JOURNAL_SUFFIX } from '../../shared/snapshot/journal.js';
import { journalFileName, snapshotFileName, SNAPSHOT_SUFFIX, stemOfOrigin, TEMP_PREFIX } from '../../shared/snapshot/snapshot-file.js';
import { zoneFileState } from '../../shared/snapshot/zone-file-state.js';
import type { WrittenZone } from '../../shared/snapshot/zone-file-state.js';
import type { Logger } from '../../shared/log.js';
import { parseRdata } from '../../shared/dns/rdata.js';
import { clearZoneChanges, readZoneChanges } from '../store/rrset-changes.js';
import { findRRset, iterateRRsets, listRRsetsAtNames } from '../store/rrsets.js';
import type { RRsetRow } from '../store/rrsets.js';
import { bumpSerial, findZone, listAllZones, setPublishedSerial } from '../store/zones.js';
import type { ZoneRow } from '../store/zones.js';
import { rrsetFromRow, withSerial } from './build-zone-content.js';
import type { RdataParser } from './build-zone-content.js';
import { readPublishedContent, sameRecords, withRRsets } from '../../shared/snapshot/published-content.js';
import { soaSerial } from '../../shared/snapshot/zone-history.js';
import { SMALL_ZONE_ROWS, snapshotFromRows, streamSnapshotFromRows } from './snapshot-from-rows.js';
import type { SignerFor } from './snapshot-from-rows.js';
import { RENEW_AHEAD, signChanges, systemClock, WholeZoneSigner } from '../dnssec/zone-signer.js';
import type { SigningClock } from '../dnssec/zone-signer.js';
import { signaturesDue } from '../store/dnssec-state.js';
import { APEX_KEY_TYPES, apexKeyRRsets, unsignedContent } from '../../shared/dnssec/sign-zone.js';
import type { ZoneKeys } from '../../shared/dnssec/sign-zone.js';
import type { JournalState } from './zone-journal.js';
import { MAX_DELTA_RRSETS, mustFold, publishesByDelta, RebuildThrottle, renewsByDelta } from './publish-policy.js';
import { createPublishQueue } from './publish-queue.js';
import { ZoneFilesWriter } from './zone-files-writer.js';

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
  /**
   * Called after every snapshot write or removal with the zones written and their files as
   * written (the feed records them without reading headers back), e.g. the embedded edge's
   * reload(); without zones after the startup reconciliation.
   */
  readonly onPublished?: (written?: readonly WrittenZone[]) => Promise<void>;
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

/**
 * Creates the publisher and starts reconciling the snapshot directory with the database:
 * zones whose published_serial is behind their serial, or whose file is missing, are
 * published; snapshot files of zones that no longer exist and leftover temp files are
 * removed. So a crash between a commit and its publish loses nothing. `flush()` waits for it.
 *
 * The work is in three parts: the queue (publish-queue.ts: one chain per origin, shared
 * publishes, debounce, retries), the policy (publish-policy.ts: delta or rebuild, fold,
 * throttle) and the writer (zone-files-writer.ts: files and journal state). This function
 * reads the rows and signs. A publish reads the rows when it starts, so a queued publish
 * always carries every change committed before it began. published_serial moves, and the
 * changes a publish carried are forgotten, only after its files were written and synced.
 */
export function createPublisher(options: PublisherOptions): Publisher {
  const { db, snapshotsDir, log } = options;
  const withheld = options.withheld ?? (() => null);
  const files = new ZoneFilesWriter(snapshotsDir, log);
  const throttle = new RebuildThrottle();
  const zoneOfOrigin = new Map<Name, string>();

  const cleaning = removeStaleFiles().catch((err: unknown) => log.error('publish: cleaning the snapshot directory failed', { err }));
  // Stale files are removed before any job may start, so the cleanup can never delete the
  // file (or temp file) of a publish that is under way.
  const queue = createPublishQueue({
    originOf: (zoneId) => findZone(db, zoneId)?.origin,
    publish: publishOnce,
    failed: (origin) => files.forget(origin),
    before: cleaning,
    log,
    debounceMs: options.debounceMs,
  });
  queue.track(cleaning);

  const notify = async (origin?: Name): Promise<void> => {
    if (options.onPublished !== undefined) await options.onPublished(origin === undefined ? undefined : [files.written(origin)]);
  };

  /** The zone's journal, folded into its snapshot first when it is full. */
  async function journalWithRoom(origin: Name): Promise<JournalState | undefined> {
    const journal = await files.journal(origin);
    return mustFold(journal) ? files.fold(origin, journal) : journal;
  }

  /** One publish. `throttled` (auto-publish and retries): a rebuild waits behind the last one (RebuildThrottle). */
  async function publishOnce(zoneId: string, origin: Name, throttled: boolean): Promise<number> {
    const started = performance.now();
    const journal = await journalWithRoom(origin);
    const read = db.transaction(() => {
      const zone = findZone(db, zoneId);
      if (zone === undefined) return undefined;
      const changes = readZoneChanges(db, zoneId, MAX_DELTA_RRSETS);
      if (publishesByDelta(journal, changes)) {
        const keys = changes.rrsets.some((c) => c.type === RRType.SOA && c.name === origin) ? changes.rrsets : [...changes.rrsets, { name: origin, type: RRType.SOA }];
        const rows = keys.map((c) => findRRset(db, zoneId, c.name, c.type) ?? { zoneId, name: c.name, type: c.type, ttl: 0, records: [] });
        return { zone, upTo: changes.upTo, delta: { journal, rows } };
      }
      return { zone, upTo: changes.upTo, rows: rowsForRebuild(zoneId) };
    });
    let state = read();
    const reason = state === undefined ? null : withheld(state.zone);
    if (state !== undefined && reason !== null) return withhold(zoneId, origin, state.zone.publishedSerial, reason);
    const wait = throttled && state?.delta === undefined ? throttle.waitMs(zoneId, performance.now()) : 0;
    if (wait > 0) {
      await sleep(wait);
      state = read();
    }
    if (state === undefined || state.zone.origin !== origin) throw new Error(`publish: zone ${zoneId} no longer exists`);
    let written: JournalState | undefined;
    let serial = state.zone.serial;
    if (state.delta !== undefined) {
      const rrsets = deltaRRsets(zoneId, state.zone, state.delta.journal, state.delta.rows);
      if (rrsets !== undefined) written = await files.append(origin, state.delta.journal, state.zone.serial, rrsets);
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
      await files.remove(origin);
      throw new Error(`publish: zone ${zoneId} was deleted during the publish`);
    }
    zoneOfOrigin.set(origin, zoneId);
    const { upTo } = state;
    db.transaction(() => {
      clearZoneChanges(db, zoneId, upTo);
      setPublishedSerial(db, zoneId, serial);
    })();
    await notify(origin);
    const end = performance.now();
    if (rebuiltWhole) throttle.rebuilt(zoneId, started, end);
    log.debug('publish: zone published', { zoneId, origin, serial, seq: written.seq, delta: !rebuiltWhole, ms: Math.round(end - started) });
    return serial;
  }

  /**
   * A withheld zone is not served: its files go (the edges answer REFUSED) and its changes stay
   * marked, so it is published whole again once it may be served.
   */
  async function withhold(zoneId: string, origin: Name, publishedSerial: number, reason: string): Promise<number> {
    throttle.forget(zoneId);
    await files.remove(origin);
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

  /**
   * Rebuilds the zone's snapshot from `rows` (read with the zone at `serial`), or, for a big
   * zone (no rows given), from rows streamed in a read of their own, whose serial it returns.
   * Undefined when the zone is gone by then.
   */
  async function rebuildSnapshot(zoneId: string, origin: Name, serial: number, rows: readonly RRsetRow[] | undefined, seq: number): Promise<{ written: JournalState; serial: number } | undefined> {
    // Every value is parsed again: keeping the last snapshot's values to skip that cost a
    // million-record zone 360 MB between rebuilds and made each rebuild twice as slow.
    const parse: RdataParser = (type, text) => parseRdata(type, text, origin);
    const sign = signerFor(zoneId, origin, seq);
    const built = rows !== undefined ? { snapshot: snapshotFromRows(origin, serial, rows, parse, sign), serial } : await streamSnapshotFromRows(db.name, zoneId, origin, parse, sign);
    if (built === undefined) return undefined;
    const written = await files.write(origin, built.snapshot, seq);
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
    const written = await files.append(origin, journal, serial, rrsets);
    setPublishedSerial(db, zone.id, serial);
    return written;
  }

  /** The published content signed again whole with its SOA serial moved on; staged changes stay staged, with a serial above it. */
  async function renewWhole(zone: ZoneRow, key: ZoneKeys, journal: JournalState | undefined, clock: SigningClock): Promise<void> {
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
    await files.write(zone.origin, encodeSnapshot(signWhole(zone.id, key, { origin: zone.origin, rrsets }, seq)), seq);
    setPublishedSerial(db, zone.id, serial);
  }

  /** A patch appended as a delta of what it changed, signed when the zone is; undefined when the zone must be signed whole instead. */
  async function patchByDelta(zoneId: string, origin: Name, key: ZoneKeys | undefined, journal: JournalState, patch: PublishedPatch): Promise<JournalState | undefined> {
    const index = await files.index(origin, journal);
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
    return rrsets === undefined ? undefined : files.append(origin, journal, soaSerial(soa.rdata[0]!), rrsets);
  }

  /** A patch written as a new snapshot of the whole published content (a full journal, or a change the signer cannot sign alone). */
  async function patchWhole(zoneId: string, origin: Name, key: ZoneKeys | undefined, journal: JournalState | undefined, patch: PublishedPatch): Promise<void> {
    const published = await readPublishedContent(snapshotsDir, origin);
    const byKey = new Map(published.rrsets.map((r) => [`${r.name} ${r.type}`, r]));
    const patched = withRRsets(published, await patch({ rrset: async (name, type) => byKey.get(`${name} ${type}`) }));
    const seq = (journal?.seq ?? 0) + 1;
    await files.write(origin, encodeSnapshot(key === undefined ? patched : signWhole(zoneId, key, patched, seq)), seq);
  }

  /** Published content signed again whole as publication `seq` (its previous signer's records dropped). */
  function signWhole(zoneId: string, key: ZoneKeys, content: ZoneContent, seq: number): ZoneContent {
    const delegations = new Set(content.rrsets.filter((r) => r.type === RRType.NS && r.name !== content.origin).map((r) => r.name));
    const signer = new WholeZoneSigner(db, zoneId, key, delegations, options.signingClock);
    const rrsets = content.rrsets.flatMap((r) => signer.add({ name: r.name, type: r.type, ttl: r.ttl, rdata: r.rdata }) ?? []);
    return { origin: content.origin, rrsets: [...rrsets, ...signer.finish(seq)] };
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
    await cleaning;
    const present = new Set(await readdir(snapshotsDir));
    const behind: ZoneRow[] = [];
    for (const [i, z] of servedZones().entries()) {
      // A snapshot of an older format version counts as missing: it is rebuilt.
      if (z.publishedSerial < z.serial || !present.has(snapshotFileName(z.origin)) || zoneFileState(snapshotsDir, stemOfOrigin(z.origin)).snapshot === null) behind.push(z);
      if (i % 1000 === 999) await nextTurn();
    }
    await Promise.all(behind.map((z) => queue.publish(z.id).catch(() => undefined)));
    if (behind.length === 0) await notify();
  }

  queue.track(publishBacklog().catch((err: unknown) => log.error('publish: publishing the backlog failed', { err })));

  return {
    schedule: (zoneId) => queue.schedule(zoneId),
    async publishNow(zoneId) {
      return { publishedSerial: await queue.publish(zoneId) };
    },
    async patchPublished(zoneId, patch) {
      const zone = findZone(db, zoneId);
      if (zone === undefined) throw new Error(`publish: no zone ${zoneId}`);
      const { origin } = zone;
      await queue.exclusive(origin, async () => {
        const journal = await journalWithRoom(origin);
        const key = options.signingKey?.(zoneId, origin);
        if ((journal === undefined || (await patchByDelta(zoneId, origin, key, journal, patch)) === undefined)) await patchWhole(zoneId, origin, key, journal, patch);
        await notify(origin);
      });
    },
    async resignWhole(zoneId) {
      const zone = findZone(db, zoneId);
      if (zone === undefined) return;
      await queue.exclusive(zone.origin, async () => {
        const current = findZone(db, zoneId);
        const key = current === undefined || withheld(current) !== null ? undefined : options.signingKey?.(zoneId, current.origin);
        if (current === undefined || key === undefined) return;
        const journal = await files.journal(current.origin);
        // Not published yet: its first publish signs it with these keys.
        if (journal === undefined) return;
        await renewWhole(current, key, journal, options.signingClock ?? systemClock);
        await notify(current.origin);
      });
    },
    async resign(zoneId) {
      const zone = findZone(db, zoneId);
      if (zone === undefined) return 0;
      return queue.exclusive(zone.origin, async () => {
        const current = findZone(db, zoneId);
        const key = current === undefined || withheld(current) !== null ? undefined : options.signingKey?.(zoneId, current.origin);
        if (current === undefined || key === undefined) return 0;
        const clock = options.signingClock ?? systemClock;
        const due = signaturesDue(db, zoneId, clock.now() + RENEW_AHEAD, MAX_DELTA_RRSETS);
        if (due.length === 0) return 0;
        const journal = await files.journal(current.origin);
        const pending = readZoneChanges(db, zoneId, 1).rrsets.length > 0 || current.publishedSerial < current.serial;
        // An auto-published zone with changes pending renews with the publish about to run... or the next round.
        if (pending && current.autoPublish) return 0;
        const small = renewsByDelta(journal, due.length, pending);
        if (!small || (await renewByDelta(current, key, journal, due, clock)) === undefined) await renewWhole(current, key, journal, clock);
        await notify(current.origin);
        log.info('dnssec: signatures renewed', { zoneId, origin: current.origin, rrsets: due.length, whole: !small });
        return due.length;
      });
    },
    async remove(origin) {
      // A publish queued before the removal belongs to the deleted zone; a zone created again
      // with this origin queues behind the removal, never joining that publish.
      await queue.removal(origin, async () => {
        const zoneId = zoneOfOrigin.get(origin);
        if (zoneId !== undefined) {
          zoneOfOrigin.delete(origin);
          throttle.forget(zoneId);
        }
        await files.remove(origin);
        await notify(origin);
      });
    },
    async writeGenerated(origin, build) {
      await queue.exclusive(origin, async () => {
        const journal = await files.journal(origin);
        await files.write(origin, encodeSnapshot(await build()), (journal?.seq ?? 0) + 1);
        await notify(origin);
      });
    },
    flush: () => queue.flush(),
    close: () => queue.close(),
  };
}
