// NOTIFY to every secondary of a zone after each publish, retried with backoff until answered,
// and what the last attempt gave, per secondary and zone (kept in memory: after a restart the
// secondaries are notified again and their SOA refresh covers the gap).
import type { Database } from 'better-sqlite3';
import type { Name } from '../../shared/dns/name.js';
import type { Logger } from '../../shared/log.js';
import { parseTsigSecret } from '../../shared/dns/tsig.js';
import type { TsigKey } from '../../shared/dns/tsig.js';
import { formatServer } from '../checks/server-address.js';
import { findSecondary, secondariesOfZone, tenantsWithSecondaries, tenantWideSecondaries } from '../store/secondaries.js';
import { OPERATOR_KEY_ID, operatorRows } from './operator-secondaries.js';
import type { OperatorSecondaries } from './operator-secondaries.js';
import type { ZoneRow } from '../store/zones.js';
import { catalogOrigin, tenantOfCatalog } from './catalog-zone.js';
import type { SecondaryRow } from '../store/secondaries.js';
import { findTsigKey } from '../store/tsig-keys.js';
import { findZone, findZoneByOrigin, listAllZones } from '../store/zones.js';
import { sendNotify } from './ask-secondary.js';

/** The last NOTIFY to one secondary for one zone. */
export interface NotifyState {
  readonly serial: number;
  /** Whether the secondary answered it (NOERROR, signed back). */
  readonly answered: boolean;
  readonly lastError: string | null;
  readonly at: Date;
}

export interface SecondaryNotifier {
  /** NOTIFY every secondary of these zones (all zones that have secondaries when undefined); returns at once. */
  published(origins?: readonly Name[]): void;
  /** A newly added secondary: NOTIFY it of its zones now. */
  added(secondary: SecondaryRow): void;
  state(secondaryId: string, origin: Name): NotifyState | undefined;
  close(): void;
}

export interface NotifierOptions {
  readonly db: Database;
  /** The operator's secondaries of every zone (config). */
  readonly operator?: OperatorSecondaries | undefined;
  readonly log: Logger;
  now(): Date;
  /** First retry after this long, doubling up to a minute (tests shorten it). */
  readonly retryBaseMs?: number;
}

const ATTEMPT_TIMEOUT_MS = 2_000;
const MAX_RETRY_MS = 60_000;
/** Past this, the secondary is left to its SOA refresh timer; the last error stays visible. */
const GIVE_UP_AFTER_MS = 3_600_000;
/** NOTIFYs in flight at once (a publish of every zone must not open thousands of sockets). */
const CONCURRENCY = 16;

export function keyOfSecondary(db: Database, operator: OperatorSecondaries | undefined, secondary: SecondaryRow): TsigKey | undefined {
  if (secondary.tsigKeyId === OPERATOR_KEY_ID) return operator?.key;
  const row = findTsigKey(db, secondary.tsigKeyId);
  return row === undefined ? undefined : { name: row.name, algorithm: row.algorithm, secret: parseTsigSecret(row.secret) };
}

/** A zone's own secondaries, the tenant's for every zone, then the operator's. */
export function allSecondariesOfZone(db: Database, operator: OperatorSecondaries | undefined, zone: ZoneRow): SecondaryRow[] {
  return [...secondariesOfZone(db, zone.tenantId, zone.id), ...operatorRows(operator)];
}

export function createSecondaryNotifier(options: NotifierOptions): SecondaryNotifier {
  const { db, log } = options;
  const retryBaseMs = options.retryBaseMs ?? 1_000;
  const states = new Map<string, NotifyState>();
  /** The serial each pair is being notified of: a newer publish supersedes a retry loop. */
  const wanted = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const queue: (() => Promise<void>)[] = [];
  let running = 0;
  let closed = false;

  const pairKey = (secondaryId: string, origin: Name): string => `${secondaryId} ${origin}`;

  function pump(): void {
    while (!closed && running < CONCURRENCY && queue.length > 0) {
      const job = queue.shift()!;
      running++;
      void job().finally(() => {
        running--;
        pump();
      });
    }
  }

  function later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    timers.add(timer);
  }

  function attempt(secondary: SecondaryRow, origin: Name, serial: number, started: number, delay: number): void {
    const pair = pairKey(secondary.id, origin);
    queue.push(async () => {
      // A secondary removed since (its row gone) is notified no more.
      if (closed || wanted.get(pair) !== serial || (secondary.tsigKeyId !== OPERATOR_KEY_ID && findSecondary(db, secondary.id) === undefined)) return;
      const key = keyOfSecondary(db, options.operator, secondary);
      if (key === undefined) return;
      const server = { host: secondary.host, port: secondary.port };
      const answer = await sendNotify(server, origin, key, ATTEMPT_TIMEOUT_MS, () => Math.floor(options.now().getTime() / 1000));
      if (closed || wanted.get(pair) !== serial) return;
      states.set(pair, { serial, answered: answer.ok, lastError: answer.ok ? null : answer.error, at: options.now() });
      if (answer.ok) {
        wanted.delete(pair);
        return;
      }
      if (Date.now() - started > GIVE_UP_AFTER_MS) {
        log.warn('secondaries: NOTIFY never answered; left to the secondary’s refresh timer', { zone: origin, secondary: formatServer(server), error: answer.error });
        wanted.delete(pair);
        return;
      }
      log.info('secondaries: NOTIFY not answered; retrying', { zone: origin, secondary: formatServer(server), error: answer.error, retry_in_ms: delay });
      later(delay, () => attempt(secondary, origin, serial, started, Math.min(delay * 2, MAX_RETRY_MS)));
    });
    pump();
  }

  /** A zone's own secondaries and the tenant's; a catalog zone's: the tenant's for every zone. */
  function notifyZone(origin: Name): void {
    const catalogOf = tenantOfCatalog(origin);
    const zone = catalogOf === undefined ? findZoneByOrigin(db, origin) : undefined;
    // A catalog's serial is its write time; only a later write supersedes a retry loop.
    const serial = zone?.publishedSerial ?? Math.floor(Date.now() / 1000);
    const secondaries = zone !== undefined ? allSecondariesOfZone(db, options.operator, zone) : catalogOf !== undefined ? tenantWideSecondaries(db, catalogOf) : [];
    for (const secondary of secondaries) start(secondary, origin, serial);
  }

  /** A new round of NOTIFY of `serial`: any older round for the pair stops at its next attempt. */
  function start(secondary: SecondaryRow, origin: Name, serial: number): void {
    wanted.set(pairKey(secondary.id, origin), serial);
    attempt(secondary, origin, serial, Date.now(), retryBaseMs);
  }

  return {
    published(origins) {
      if (closed) return;
      if (origins !== undefined) {
        origins.forEach(notifyZone);
        return;
      }
      const tenants = tenantsWithSecondaries(db);
      for (const zone of listAllZones(db)) if (options.operator !== undefined || tenants.has(zone.tenantId)) notifyZone(zone.origin);
      for (const tenantId of tenants) notifyZone(catalogOrigin(tenantId));
    },
    added(secondary) {
      const zones = secondary.zoneId === null ? listAllZones(db).filter((z) => z.tenantId === secondary.tenantId) : [findZone(db, secondary.zoneId)].filter((z) => z !== undefined);
      const origins = [...zones.map((z) => z.origin), ...(secondary.zoneId === null ? [catalogOrigin(secondary.tenantId)] : [])];
      for (const origin of origins) start(secondary, origin, zones.find((z) => z.origin === origin)?.publishedSerial ?? Math.floor(Date.now() / 1000));
    },
    state: (secondaryId, origin) => states.get(pairKey(secondaryId, origin)),
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      queue.length = 0;
    },
  };
}
