// TSIG keys as the API sees them: mint (the secret shown once), list, delete; audited.
import { randomBytes } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import { actorOf } from '../auth/principal.js';
import { recordAudit } from '../audit/record-audit.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors/catalogue.js';
import type { Services } from '../services.js';
import { deleteTsigKey, findTsigKey, insertTsigKey, listTsigKeys } from '../store/tsig-keys.js';
import type { TsigKeyRow, TsigScope } from '../store/tsig-keys.js';
import { findZone } from '../store/zones.js';
import { keyHasSecondaries } from '../store/secondaries.js';
import { updateTransferKeys } from './transfer-keys-writer.js';
import { refreshCatalog } from '../secondaries/catalog-zone.js';
import { NameError, parseName } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import type { TsigAlgorithm } from '../../shared/dns/tsig.js';
import type { MintedTsigKeyJson, TsigKeyJson } from '../../shared/schemas/tsig-keys.js';

/** Secret bytes per algorithm: the hash's own length (RFC 2104 §3: no less, more adds nothing). */
const SECRET_BYTES: Record<TsigAlgorithm, number> = { 'hmac-sha1': 20, 'hmac-sha256': 32, 'hmac-sha384': 48, 'hmac-sha512': 64 };

export interface TsigKeyRequest {
  readonly name: string;
  readonly algorithm: TsigAlgorithm;
  readonly scope: TsigScope;
  readonly zoneId: string | undefined;
}

/** A transfer key for every zone: the tenant's catalog zone exists while it has one. */
const coversTenant = (k: TsigKeyRow): boolean => k.scope === 'transfer' && k.zoneId === null;

export function tsigKeyToJson(k: TsigKeyRow): TsigKeyJson {
  return { id: k.id, name: k.name, algorithm: k.algorithm, scope: k.scope, zone_id: k.zoneId, created_at: k.createdAt };
}

/** A key name as a domain name (a trailing dot optional); ValidationError naming `field` otherwise. */
export function parseKeyName(text: string, field = '/name'): Name {
  try {
    const name = parseName(text.endsWith('.') ? text : `${text}.`);
    if (name === '.') throw new NameError('the root');
    return name;
  } catch (err) {
    throw new ValidationError(field, text, `name must be a domain name such as xfr.example.com: ${(err as Error).message}`);
  }
}

/**
 * Mints a key for the principal's tenant and returns it with its secret, which is shown only
 * here. zone-admin and acme-dns01 keys need a zone of the tenant (400 without, 404 for one not
 * the tenant's); a transfer key without one covers every zone of the tenant. A name in use
 * anywhere on the server is 409: a transfer request names its key, not its tenant.
 */
export async function mintTsigKey(services: Services, principal: Principal, req: TsigKeyRequest): Promise<MintedTsigKeyJson> {
  const { db } = services;
  const name = parseKeyName(req.name);
  let zoneId: string | null = null;
  if (req.zoneId !== undefined && req.zoneId !== '') {
    const zone = findZone(db, req.zoneId);
    if (zone === undefined || zone.tenantId !== principal.tenantId) throw new NotFoundError(`Zone ${req.zoneId}`);
    zoneId = zone.id;
  } else if (req.scope !== 'transfer') {
    throw new ValidationError('/zone_id', null, `zone_id is required for scope ${req.scope}.`);
  }
  if (services.config.operatorSecondaries?.key.name === name) throw new ConflictError(`A TSIG key named ${name} exists already on this server; choose another name.`);
  const now = services.now();
  const row: TsigKeyRow = {
    id: randomBytes(8).toString('hex'),
    tenantId: principal.tenantId,
    name,
    algorithm: req.algorithm,
    scope: req.scope,
    zoneId,
    secret: randomBytes(SECRET_BYTES[req.algorithm]).toString('base64'),
    createdAt: now.toISOString(),
  };
  db.transaction(() => {
    if (!insertTsigKey(db, row)) throw new ConflictError(`A TSIG key named ${name} exists already on this server; choose another name.`);
    recordAudit(db, {
      tenantId: principal.tenantId,
      actor: actorOf(principal),
      action: 'tsig-key.create',
      target: row.id,
      after: { name: row.name, algorithm: row.algorithm, scope: row.scope, zone_id: row.zoneId },
      at: now,
    });
  })();
  updateTransferKeys(services);
  if (coversTenant(row)) await refreshCatalog(services, row.tenantId);
  return { ...tsigKeyToJson(row), secret: row.secret };
}

export function listTsigKeyJson(services: Services, tenantId: string): TsigKeyJson[] {
  return listTsigKeys(services.db, tenantId).map(tsigKeyToJson);
}

/** Deletes one of the tenant's keys: every edge refuses it from then on. Another tenant's or an unknown id is a 404; a key a secondary uses, 409. */
export async function removeTsigKey(services: Services, principal: Principal, id: string): Promise<void> {
  const { db } = services;
  const key = findTsigKey(db, id);
  if (key === undefined || key.tenantId !== principal.tenantId) throw new NotFoundError(`TSIG key ${id}`);
  if (keyHasSecondaries(db, id)) throw new ConflictError(`TSIG key ${key.name} is the key of a configured secondary; remove the secondary first.`);
  const now = services.now();
  db.transaction(() => {
    deleteTsigKey(db, id, principal.tenantId);
    recordAudit(db, {
      tenantId: principal.tenantId,
      actor: actorOf(principal),
      action: 'tsig-key.delete',
      target: id,
      before: { name: key.name, algorithm: key.algorithm, scope: key.scope, zone_id: key.zoneId },
      at: now,
    });
  })();
  updateTransferKeys(services);
  if (coversTenant(key)) await refreshCatalog(services, key.tenantId);
}
