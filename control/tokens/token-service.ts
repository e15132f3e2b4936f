// Machine tokens as the API sees them: mint, list, revoke, and verify a presented token.
import { timingSafeEqual } from 'node:crypto';
import type { Principal, Scope } from '../auth/principal.js';
import { actorOf } from '../auth/principal.js';
import type { AuthOutcome } from '../auth/auth-outcome.js';
import { recordAudit } from '../audit/record-audit.js';
import { NotFoundError, ValidationError } from '../errors/catalogue.js';
import type { Services } from '../services.js';
import { findToken, insertToken, listTokens as listTenantTokens, listZoneTokens, revokeToken as revokeStoredToken, touchToken } from '../store/tokens.js';
import type { TokenRow } from '../store/tokens.js';
import { findZone } from '../store/zones.js';
import type { MintedTokenJson, TokenJson } from '../../shared/schemas/tokens.js';
import { hashTokenText, mintTokenText, parseTokenText } from './token-format.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** last_used_at is written at most this often per token, so verification stays a read. */
const TOUCH_INTERVAL_MS = 60_000;

export interface MintRequest {
  readonly scope: Scope;
  /** Required for zone-admin and acme-dns01; ignored for tenant-admin. */
  readonly zoneId?: string | undefined;
  readonly name?: string | undefined;
  /** 0 or absent: no expiry. */
  readonly expiresInDays?: number | undefined;
}

/** The API form of a stored token (never the secret or its hash). */
export function tokenToJson(t: TokenRow): TokenJson {
  return {
    id: t.id,
    zone_id: t.zoneId,
    scope: t.scope,
    name: t.name,
    created_at: t.createdAt,
    expires_at: t.expiresAt,
    revoked: t.revokedAt !== null,
    last_used_at: t.lastUsedAt,
  };
}

/**
 * Mints a token for the principal's tenant and returns it with its plaintext, which exists
 * only in this return value (the store keeps a SHA-256 hash). A zone-bound scope needs a zone
 * of the tenant (400 naming zone_id when missing, 404 when not the tenant's). The insert and
 * its "token.create" audit entry are one transaction.
 */
export function mintToken(services: Services, principal: Principal, req: MintRequest): MintedTokenJson {
  const { db } = services;
  let zoneId: string | null = null;
  if (req.scope !== 'tenant-admin') {
    if (req.zoneId === undefined || req.zoneId === '') throw new ValidationError('/zone_id', req.zoneId ?? null, `zone_id is required for scope ${req.scope}.`);
    const zone = findZone(db, req.zoneId);
    if (zone === undefined || zone.tenantId !== principal.tenantId) throw new NotFoundError(`Zone ${req.zoneId}`);
    zoneId = zone.id;
  }
  const now = services.now();
  const days = req.expiresInDays ?? 0;
  const expiresAt = days > 0 ? new Date(now.getTime() + days * DAY_MS).toISOString() : null;
  refuseOutliving(services, principal, expiresAt, now);
  const minted = mintTokenText();
  const row: TokenRow = {
    id: minted.id,
    tenantId: principal.tenantId,
    zoneId,
    scope: req.scope,
    name: req.name ?? '',
    secretHash: minted.hash,
    createdAt: now.toISOString(),
    expiresAt,
    revokedAt: null,
    lastUsedAt: null,
  };
  db.transaction(() => {
    insertToken(db, row);
    recordAudit(db, {
      tenantId: principal.tenantId,
      actor: actorOf(principal),
      action: 'token.create',
      target: row.id,
      after: { scope: row.scope, zone_id: row.zoneId, name: row.name, expires_at: row.expiresAt },
      at: now,
    });
  })();
  return { ...tokenToJson(row), token: minted.text };
}

/**
 * A token may not mint one that outlives it: a credential that expires cannot be turned into
 * one that never does. ValidationError on expires_in_days naming the most it may ask for.
 */
function refuseOutliving(services: Services, principal: Principal, expiresAt: string | null, now: Date): void {
  if (principal.kind !== 'token') return;
  const own = findToken(services.db, principal.tokenId)?.expiresAt ?? null;
  if (own === null || (expiresAt !== null && expiresAt <= own)) return;
  const most = Math.floor((Date.parse(own) - now.getTime()) / DAY_MS);
  const asked = expiresAt === null ? 0 : Math.round((Date.parse(expiresAt) - now.getTime()) / DAY_MS);
  const remedy = most >= 1 ? `give expires_in_days from 1 to ${most}` : 'it expires within a day, so it can mint none';
  throw new ValidationError('/expires_in_days', asked, `this token expires at ${own}; a token it mints may not outlive it: ${remedy}`);
}

/** The tenant's tokens (all, or those bound to `zoneId`), oldest first, revoked ones included. */
export function listTokens(services: Services, tenantId: string, zoneId?: string): TokenJson[] {
  const rows = zoneId === undefined ? listTenantTokens(services.db, tenantId) : listZoneTokens(services.db, tenantId, zoneId);
  return rows.map(tokenToJson);
}

/**
 * Revokes one of the tenant's tokens; effective from the next request, since every request
 * reads the token row. Idempotent: revoking a revoked token succeeds without a second audit
 * entry. Another tenant's or an unknown id is a 404.
 */
export function revokeToken(services: Services, principal: Principal, tokenId: string): void {
  const { db } = services;
  const token = findToken(db, tokenId);
  if (token === undefined || token.tenantId !== principal.tenantId) throw new NotFoundError(`Token ${tokenId}`);
  const now = services.now();
  db.transaction(() => {
    if (!revokeStoredToken(db, tokenId, principal.tenantId, now.toISOString())) return;
    recordAudit(db, {
      tenantId: principal.tenantId,
      actor: actorOf(principal),
      action: 'token.revoke',
      target: tokenId,
      before: { scope: token.scope, zone_id: token.zoneId, name: token.name, revoked: false },
      after: { revoked: true },
      at: now,
    });
  })();
}

/**
 * Checks a presented `dnsc_…` token: shape, a stored row, the hash (compared in constant
 * time), not revoked, not expired. Updates last_used_at at most once a minute.
 */
export function verifyToken(services: Services, text: string): AuthOutcome {
  const parsed = parseTokenText(text);
  if (parsed === undefined) return { kind: 'invalid', reason: 'malformed token' };
  const row = findToken(services.db, parsed.id);
  const presented = Buffer.from(hashTokenText(parsed.text), 'hex');
  // Hash something even for unknown ids so both paths cost the same.
  const stored = Buffer.from(row?.secretHash ?? '0'.repeat(64), 'hex');
  const matches = stored.length === presented.length && timingSafeEqual(stored, presented);
  if (row === undefined || !matches) return { kind: 'invalid', reason: 'unknown token' };
  if (row.revokedAt !== null) return { kind: 'invalid', reason: 'revoked token' };
  const now = services.now();
  if (row.expiresAt !== null && Date.parse(row.expiresAt) <= now.getTime()) return { kind: 'invalid', reason: 'expired token' };
  if (row.lastUsedAt === null || now.getTime() - Date.parse(row.lastUsedAt) >= TOUCH_INTERVAL_MS) touchToken(services.db, row.id, now.toISOString());
  return { kind: 'ok', principal: { kind: 'token', tenantId: row.tenantId, tokenId: row.id, scope: row.scope, zoneId: row.zoneId } };
}
