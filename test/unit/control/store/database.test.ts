// Unit: opening the SQLite store: WAL, foreign keys, versioned migrations applied once, downgrades refused.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MigrationError, openDatabase } from '../../../../control/store/database.js';
import { migrations } from '../../../../control/store/migrations/index.js';
import { findSignature } from '../../../../control/store/dnssec-state.js';
import type { Name } from '../../../../shared/dns/name.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function dbFile(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'dnscove-db-'));
  dirs.push(d);
  return path.join(d, 'nested', 'dnscove.sqlite');
}

describe('openDatabase', () => {
  it('creates every table of migration 001 in WAL mode with foreign keys on', () => {
    const db = openDatabase(dbFile());
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
      expect(tables).toEqual(expect.arrayContaining(['audit', 'magic_links', 'rrsets', 'schema_migrations', 'tenants', 'tokens', 'users', 'zones']));
      expect(() => db.prepare("INSERT INTO users (email, tenant_id, created_at) VALUES ('a@b.c', 'nope', 'x')").run()).toThrow(/FOREIGN KEY/);
    } finally {
      db.close();
    }
  });

  it('applies each migration once and keeps data across reopening', () => {
    const file = dbFile();
    const first = openDatabase(file);
    first.prepare("INSERT INTO tenants (id, created_at) VALUES ('T1', 'now')").run();
    first.close();
    const again = openDatabase(file);
    try {
      expect(again.prepare('SELECT version FROM schema_migrations').all()).toEqual(migrations.map((m) => ({ version: m.version })));
      expect(again.prepare('SELECT id FROM tenants').all()).toEqual([{ id: 'T1' }]);
    } finally {
      again.close();
    }
  });

  it('migration 4 keeps every RRset of a database from before it, clusters them by key, and marks later writes', () => {
    const file = dbFile();
    const old = openDatabase(file, migrations.filter((m) => m.version < 4));
    old.prepare("INSERT INTO zones (id, tenant_id, origin, status, serial, published_serial, auto_publish, created_at, updated_at) VALUES ('Z1', 'T1', 'a.example.', 'ACTIVE', 3, 3, 1, 'x', 'x')").run();
    old.prepare("INSERT INTO rrsets VALUES ('Z1', 'www.a.example.', 1, 300, '[\"192.0.2.1\"]'), ('Z1', 'a.example.', 6, 3600, '[\"ns. h. 1 2 3 4 5\"]')").run();
    old.close();
    const db = openDatabase(file);
    try {
      expect(db.prepare('SELECT zone_id, name, type, ttl, records FROM rrsets ORDER BY name').all()).toEqual([
        { zone_id: 'Z1', name: 'a.example.', type: 6, ttl: 3600, records: '["ns. h. 1 2 3 4 5"]' },
        { zone_id: 'Z1', name: 'www.a.example.', type: 1, ttl: 300, records: '["192.0.2.1"]' },
      ]);
      expect(String((db.prepare("SELECT sql FROM sqlite_master WHERE name = 'rrsets'").get() as { sql: string }).sql)).toMatch(/WITHOUT ROWID/);
      expect(db.prepare('SELECT count(*) AS n FROM rrset_changes').get()).toEqual({ n: 0 });
      db.prepare("UPDATE rrsets SET ttl = 60 WHERE name = 'www.a.example.'").run();
      expect(db.prepare('SELECT name, type FROM rrset_changes').all()).toEqual([{ name: 'www.a.example.', type: 1 }]);
      db.prepare("DELETE FROM zones WHERE id = 'Z1'").run();
      expect(db.prepare('SELECT count(*) AS n FROM rrsets').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('migration 19 keeps each stored signature of a database from before it, readable as the one signature of its RRset', () => {
    const file = dbFile();
    const old = openDatabase(file, migrations.filter((m) => m.version < 19));
    old.prepare("INSERT INTO zones (id, tenant_id, origin, status, serial, published_serial, auto_publish, created_at, updated_at) VALUES ('Z1', 'T1', 'a.example.', 'ACTIVE', 3, 3, 1, 'x', 'x')").run();
    const rrsig = Buffer.from('0001 0d03 0000012c'.replaceAll(' ', '') + 'ab'.repeat(300), 'hex');
    old.prepare("INSERT INTO dnssec_signatures VALUES ('Z1', 'www.a.example.', 1, x'00', ?, 99)").run(rrsig);
    old.close();
    const db = openDatabase(file);
    try {
      expect(findSignature(db, 'Z1', 'www.a.example.' as Name, 1)).toEqual({ digest: Buffer.from([0]), rrsigs: [rrsig], refreshAt: 99 });
    } finally {
      db.close();
    }
  });

  it('applies a new migration on the next open, and refuses a schema newer than the code', () => {
    const file = dbFile();
    openDatabase(file).close();
    const next = [...migrations, { version: 99, name: 'extra', sql: 'CREATE TABLE extra (x INTEGER)' }];
    const db = openDatabase(file, next);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'extra'").get()).toEqual({ name: 'extra' });
    db.close();
    expect(() => openDatabase(file)).toThrow(MigrationError);
  });

  it('rolls back a failing migration as a whole', () => {
    const file = dbFile();
    const latest = Math.max(...migrations.map((m) => m.version));
    const bad = [...migrations, { version: latest + 1, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); INSERT INTO nowhere VALUES (1);' }];
    expect(() => openDatabase(file, bad)).toThrow();
    const db = openDatabase(file);
    try {
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
      expect(db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: latest });
    } finally {
      db.close();
    }
  });
});
