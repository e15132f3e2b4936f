// Secondaries as the API sees them: add (for one zone or every zone of the tenant), list with
// what each serves, remove; and the wait that makes "published" cover them.
import { randomBytes } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import { actorOf } from '../auth/principal.js';
import { recordAudit } from '../audit/record-audit.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors/catalogue.js';
import type { Services } from '../services.js';
import { formatServer, parseServerAddress } from '../checks/server-address.js';
import type { ServerAddress } from '../checks/server-address.js';
import { deleteSecondary, findSecondary, insertSecondary, tenantWideSecondaries } from '../store/secondaries.js';
import type { SecondaryRow } from '../store/secondaries.js';
import { findTsigKey } from '../store/tsig-keys.js';
import type { ZoneRow } from '../store/zones.js';
import { findZone } from '../store/zones.js';
import type { SecondaryJson, SecondaryListJson, SecondaryStatusJson, ZoneSecondariesJson } from '../../shared/schemas/secondaries.js';
import { catalogOrigin, catalogTenants } from './catalog-zone.js';
import { servedSerial } from './ask-secondary.js';
import { allSecondariesOfZone } from './secondary-notifier.js';
import { OPERATOR_KEY_ID } from './operator-secondaries.js';

/** How long one SOA question to a secondary may take when the list is asked for. */
const STATUS_TIMEOUT_MS = 1_500;
const WAIT_POLL_MS = 250;

/** RFC 1982: whether serial `a` is `b` or later. */
export function serialAtLeast(a: number, b: number): boolean {
  return ((a - b) >>> 0) < 0x80000000;
}

export function secondaryToJson(s: SecondaryRow): SecondaryJson {
  if (s.tsigKeyId === OPERATOR_KEY_ID) return { id: s.id, address: formatServer(s), tsig_key_id: null, zone_id: null, created_at: null, operator: true };
  return { id: s.id, address: formatServer(s), tsig_key_id: s.tsigKeyId, zone_id: s.zoneId, created_at: s.createdAt, operator: false };
}

/**
 * Adds a secondary of `zone` (every zone of the tenant when null). The key must be the
 * tenant's and cover what the secondary carries: a tenant-wide transfer key, or for one zone a
 * transfer or zone-admin key of that zone. The same address twice is 409. NOTIFY goes out at once.
 */
export function addSecondary(services: Services, principal: Principal, zone: ZoneRow | null, request: { address: string; tsigKeyId: string }): SecondaryJson {
  const { db } = services;
  const server = parseServerAddress(request.address, '/address');
  const key = findTsigKey(db, request.tsigKeyId);
  if (key === undefined || key.tenantId !== principal.tenantId) throw new NotFoundError(`TSIG key ${request.tsigKeyId}`);
  const covers = key.scope === 'transfer' ? key.zoneId === null || key.zoneId === zone?.id : key.scope === 'zone-admin' && zone !== null && key.zoneId === zone.id;
  if (!covers) {
    throw new ValidationError('/tsig_key_id', request.tsigKeyId, zone === null ? 'A secondary of every zone needs a transfer key without zone_id.' : `Key ${key.name} may not transfer ${zone.origin}: use a transfer key of the tenant or of this zone.`);
  }
  const now = services.now();
  const row: SecondaryRow = { id: randomBytes(8).toString('hex'), tenantId: principal.tenantId, zoneId: zone?.id ?? null, host: server.host, port: server.port, tsigKeyId: key.id, createdAt: now.toISOString() };
  db.transaction(() => {
    if (!insertSecondary(db, row)) throw new ConflictError(`${formatServer(server)} is already a secondary of ${zone === null ? 'every zone' : zone.origin}.`);
    recordAudit(db, { tenantId: principal.tenantId, actor: actorOf(principal), action: 'secondary.create', target: row.id, after: { address: formatServer(server), zone_id: row.zoneId, tsig_key: key.name }, at: now });
  })();
  services.secondaries.added(row);
  return secondaryToJson(row);
}

/** Removes one of the tenant's secondaries; through a zone's path only that zone's own (404 otherwise). */
export function removeSecondary(services: Services, principal: Principal, zone: ZoneRow | null, id: string): void {
  const { db } = services;
  const row = findSecondary(db, id);
  if (row === undefined || row.tenantId !== principal.tenantId || row.zoneId !== (zone?.id ?? null)) throw new NotFoundError(`Secondary ${id}`);
  const now = services.now();
  db.transaction(() => {
    deleteSecondary(db, id);
    recordAudit(db, { tenantId: principal.tenantId, actor: actorOf(principal), action: 'secondary.delete', target: id, before: { address: formatServer(row), zone_id: row.zoneId }, at: now });
  })();
}

export function listTenantSecondaries(services: Services, tenantId: string): SecondaryListJson {
  return {
    secondaries: tenantWideSecondaries(services.db, tenantId).map(secondaryToJson),
    catalog_zone: catalogTenants(services.db).includes(tenantId) ? catalogOrigin(tenantId) : null,
  };
}

/** The zone's secondaries, each asked for its SOA now (in parallel, 1.5 s at most). */
export async function zoneSecondariesStatus(services: Services, zone: ZoneRow): Promise<ZoneSecondariesJson> {
  const current = findZone(services.db, zone.id) ?? zone;
  const rows = allSecondariesOfZone(services.db, services.config.operatorSecondaries, zone);
  const secondaries = await Promise.all(
    rows.map(async (row): Promise<SecondaryStatusJson> => {
      const served = await servedSerial(row, zone.origin, STATUS_TIMEOUT_MS);
      const notify = services.secondaries.state(row.id, zone.origin);
      const inSync = served.ok && serialAtLeast(served.value, current.publishedSerial);
      const notifyError = notify !== undefined && !notify.answered ? `NOTIFY: ${notify.lastError ?? 'not answered'}` : null;
      return {
        ...secondaryToJson(row),
        serial_served: served.ok ? served.value : null,
        in_sync: inSync,
        last_error: inSync ? null : served.ok ? (notifyError ?? `serves serial ${served.value}, published is ${current.publishedSerial}`) : served.error,
        notified_serial: notify?.serial ?? null,
        notify_answered: notify?.answered ?? null,
      };
    }),
  );
  return { published_serial: current.publishedSerial, secondaries };
}

/**
 * Waits until every secondary of the zone serves `serial` (or later), `timeoutMs` at most, asking
 * each for its SOA until it does. Resolves with how many there are and the addresses that did not.
 */
export async function waitForSecondaries(services: Services, zone: ZoneRow, serial: number, timeoutMs: number): Promise<{ total: number; inSync: number; lagging: string[] }> {
  const rows = allSecondariesOfZone(services.db, services.config.operatorSecondaries, zone);
  let waiting = rows;
  const deadline = Date.now() + timeoutMs;
  while (waiting.length > 0) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    const answers = await Promise.all(waiting.map((row) => servedSerial(row, zone.origin, Math.min(STATUS_TIMEOUT_MS, left))));
    waiting = waiting.filter((_, i) => {
      const answer = answers[i]!;
      return !(answer.ok && serialAtLeast(answer.value, serial));
    });
    if (waiting.length > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(WAIT_POLL_MS, Math.max(0, deadline - Date.now()))));
  }
  return { total: rows.length, inSync: rows.length - waiting.length, lagging: waiting.map((row) => formatServer(row)) };
}
