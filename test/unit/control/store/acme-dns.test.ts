// The acme-dns store over a real SQLite file: registrations, values with expiry, and cascade on delete.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  deleteAcmeDnsRegistration,
  deleteAcmeDnsValue,
  findAcmeDnsRegistration,
  insertAcmeDnsRegistration,
  listAcmeDnsRegistrations,
  listAcmeDnsValues,
  listExpiredAcmeDnsValues,
  putAcmeDnsValue,
} from '../../../../control/store/acme-dns.js';
import type { AcmeDnsRegistrationRow } from '../../../../control/store/acme-dns.js';
import { openDatabase } from '../../../../control/store/database.js';

let dir: string;
let db: Database;

const registration = (n: number, tenantId = 't1'): AcmeDnsRegistrationRow => ({
  username: `user-${n}`,
  tenantId,
  subdomain: `sub-${n}`,
  passwordHash: 'ab'.repeat(32),
  allowfrom: n % 2 === 0 ? [] : ['192.0.2.0/24'],
  createdAt: `2026-01-0${n}T00:00:00.000Z`,
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dnscove-acme-dns-store-'));
  db = openDatabase(join(dir, 'db.sqlite'));
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('acme-dns store', () => {
  it('stores registrations and lists them per tenant, oldest first', () => {
    for (const r of [registration(3), registration(1), registration(2, 't2')]) insertAcmeDnsRegistration(db, r);
    expect(findAcmeDnsRegistration(db, 'user-1')).toEqual(registration(1));
    expect(findAcmeDnsRegistration(db, 'nobody')).toBeUndefined();
    expect(listAcmeDnsRegistrations(db, 't1').map((r) => r.username)).toEqual(['user-1', 'user-3']);
    expect(listAcmeDnsRegistrations(db, 't2').map((r) => r.allowfrom)).toEqual([[]]);
  });

  it('refuses a duplicate username or subdomain', () => {
    insertAcmeDnsRegistration(db, registration(1));
    expect(() => insertAcmeDnsRegistration(db, { ...registration(1), subdomain: 'other' })).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insertAcmeDnsRegistration(db, { ...registration(2), subdomain: 'sub-1' })).toThrow(/UNIQUE/);
  });

  it('keeps one row per value, moves its expiry on a repeat, and lists expired values', () => {
    insertAcmeDnsRegistration(db, registration(1));
    putAcmeDnsValue(db, { username: 'user-1', txt: 'a', expiresAt: 1000 });
    putAcmeDnsValue(db, { username: 'user-1', txt: 'b', expiresAt: 2000 });
    putAcmeDnsValue(db, { username: 'user-1', txt: 'a', expiresAt: 3000 });
    expect(listAcmeDnsValues(db, 'user-1')).toEqual([
      { username: 'user-1', txt: 'b', expiresAt: 2000 },
      { username: 'user-1', txt: 'a', expiresAt: 3000 },
    ]);
    expect(listExpiredAcmeDnsValues(db, 1999).map((v) => v.txt)).toEqual([]);
    expect(listExpiredAcmeDnsValues(db, 2000).map((v) => v.txt)).toEqual(['b']);
    expect(deleteAcmeDnsValue(db, 'user-1', 'b')).toBe(true);
    expect(deleteAcmeDnsValue(db, 'user-1', 'b')).toBe(false);
  });

  it('deleting a registration deletes its values', () => {
    insertAcmeDnsRegistration(db, registration(1));
    putAcmeDnsValue(db, { username: 'user-1', txt: 'a', expiresAt: 1000 });
    expect(deleteAcmeDnsRegistration(db, 'user-1')).toBe(true);
    expect(deleteAcmeDnsRegistration(db, 'user-1')).toBe(false);
    expect(listAcmeDnsValues(db, 'user-1')).toEqual([]);
    expect(listExpiredAcmeDnsValues(db, Number.MAX_SAFE_INTEGER)).toEqual([]);
  });

  it('refuses a value for an unknown registration', () => {
    expect(() => putAcmeDnsValue(db, { username: 'nobody', txt: 'a', expiresAt: 1 })).toThrow(/FOREIGN KEY/);
  });
});
