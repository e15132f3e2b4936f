// Unit (real SQLite file): minting, verification, expiry, revocation and last_used_at of machine tokens.
import { createMetrics } from '../../../../control/http/metrics.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../../control/auth/principal.js';
import { loadControlConfig } from '../../../../control/config.js';
import { silentLogger } from '../../../../shared/log.js';
import { createLogMailer } from '../../../../control/mail/mailer.js';
import { createEdgeFeed } from '../../../../control/edges/edge-feed.js';
import { loadOrCreateSigningKey } from '../../../../control/edges/signing-key.js';
import { createPublisher } from '../../../../control/publish/publisher.js';
import { createSecondaryNotifier } from '../../../../control/secondaries/secondary-notifier.js';
import { createKeyVault } from '../../../../control/dnssec/key-vault.js';
import type { Services } from '../../../../control/services.js';
import { openDatabase } from '../../../../control/store/database.js';
import { insertTenant } from '../../../../control/store/tenants.js';
import { findToken } from '../../../../control/store/tokens.js';
import { listTokens, mintToken, revokeToken, verifyToken } from '../../../../control/tokens/token-service.js';

let dir: string;
let services: Services;
let clock = new Date('2030-01-01T00:00:00Z');
const owner: Principal = { kind: 'session', tenantId: 'Taaaaaaaaaaaaaa', email: 'o@example.com', role: 'owner', sessionId: '', sessionExpiresAt: 0 };
const stranger: Principal = { kind: 'session', tenantId: 'Tbbbbbbbbbbbbbb', email: 's@example.com', role: 'owner', sessionId: '', sessionExpiresAt: 0 };

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnscove-tokens-'));
  const config = loadControlConfig({}, { dataDir: dir });
  const db = openDatabase(path.join(dir, 'test.sqlite'));
  insertTenant(db, { id: owner.tenantId, createdAt: clock.toISOString() });
  const publisher = createPublisher({ db, snapshotsDir: config.snapshotsDir, log: silentLogger });
  services = { db, config, mailer: createLogMailer(silentLogger), publisher, edges: createEdgeFeed({ db, snapshotsDir: config.snapshotsDir, signingKey: loadOrCreateSigningKey(dir).privateKey, log: silentLogger, now: () => clock }), keyVault: createKeyVault(dir), secondaries: createSecondaryNotifier({ db, log: silentLogger, now: () => clock }), log: silentLogger, metrics: createMetrics(), now: () => clock };
});
afterAll(async () => {
  await services.publisher.close();
  services.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('token service', () => {
  it('stores only a hash, and the plaintext verifies as the tenant-admin principal', () => {
    const minted = mintToken(services, owner, { scope: 'tenant-admin', name: 'ci' });
    const row = findToken(services.db, minted.id)!;
    // The secret is everything after `dnsc_<id>_`; base64url may itself contain "_".
    const secret = minted.token.slice(`dnsc_${minted.id}_`.length);
    expect(secret.length).toBeGreaterThanOrEqual(27);
    expect(row.secretHash).not.toContain(secret);
    expect(JSON.stringify(row)).not.toContain(minted.token);
    expect(verifyToken(services, minted.token)).toEqual({
      kind: 'ok',
      principal: { kind: 'token', tenantId: owner.tenantId, tokenId: minted.id, scope: 'tenant-admin', zoneId: null },
    });
  });

  it('refuses a token whose secret is altered', () => {
    const minted = mintToken(services, owner, { scope: 'tenant-admin' });
    const last = minted.token.at(-1) === 'A' ? 'B' : 'A';
    expect(verifyToken(services, minted.token.slice(0, -1) + last)).toEqual({ kind: 'invalid', reason: 'unknown token' });
  });

  it('expires at expires_in_days', () => {
    const minted = mintToken(services, owner, { scope: 'tenant-admin', expiresInDays: 1 });
    expect(minted.expires_at).toBe('2030-01-02T00:00:00.000Z');
    const start = clock;
    clock = new Date(start.getTime() + 24 * 3600 * 1000 - 1);
    expect(verifyToken(services, minted.token).kind).toBe('ok');
    clock = new Date(start.getTime() + 24 * 3600 * 1000);
    expect(verifyToken(services, minted.token)).toEqual({ kind: 'invalid', reason: 'expired token' });
    clock = start;
  });

  it('revocation is effective at once, idempotent, and hidden from other tenants', () => {
    const minted = mintToken(services, owner, { scope: 'tenant-admin' });
    expect(() => revokeToken(services, stranger, minted.id)).toThrow(/not found/);
    revokeToken(services, owner, minted.id);
    expect(verifyToken(services, minted.token)).toEqual({ kind: 'invalid', reason: 'revoked token' });
    revokeToken(services, owner, minted.id);
    expect(listTokens(services, owner.tenantId).find((t) => t.id === minted.id)?.revoked).toBe(true);
    const audits = services.db.prepare("SELECT COUNT(*) AS n FROM audit WHERE action = 'token.revoke' AND target = ?").get(minted.id) as { n: number };
    expect(audits.n).toBe(1);
  });

  it('updates last_used_at on use, at most once a minute', () => {
    const minted = mintToken(services, owner, { scope: 'tenant-admin' });
    const lastUsed = (): string | null => findToken(services.db, minted.id)!.lastUsedAt;
    expect(lastUsed()).toBeNull();
    verifyToken(services, minted.token);
    expect(lastUsed()).toBe(clock.toISOString());
    const first = clock;
    clock = new Date(first.getTime() + 30_000);
    verifyToken(services, minted.token);
    expect(lastUsed()).toBe(first.toISOString());
    clock = new Date(first.getTime() + 61_000);
    verifyToken(services, minted.token);
    expect(lastUsed()).toBe(clock.toISOString());
    clock = first;
  });

  it('a zone-bound scope needs a zone of the tenant', () => {
    expect(() => mintToken(services, owner, { scope: 'zone-admin' })).toThrow(/zone_id is required/);
    expect(() => mintToken(services, owner, { scope: 'acme-dns01', zoneId: 'Z00000000000000' })).toThrow(/not found/);
  });
});
