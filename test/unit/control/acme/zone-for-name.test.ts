// Table tests of zoneForName: hosted origins in, the closest enclosing zone of a name out.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zoneForName } from '../../../../control/acme/zone-for-name.js';
import { openDatabase } from '../../../../control/store/database.js';
import { insertZone } from '../../../../control/store/zones.js';
import { parseName } from '../../../../shared/dns/name.js';

let dir: string;
let db: Database;

const hosted = ['example.com.', 'sub.example.com.', 'example.net.'];

const cases: { name: string; zone: string | undefined }[] = [
  { name: 'example.com.', zone: 'example.com.' },
  { name: '_acme-challenge.example.com.', zone: 'example.com.' },
  { name: '_acme-challenge.www.example.com.', zone: 'example.com.' },
  { name: 'sub.example.com.', zone: 'sub.example.com.' },
  { name: '_acme-challenge.a.sub.example.com.', zone: 'sub.example.com.' },
  { name: '_acme-challenge.example.net.', zone: 'example.net.' },
  { name: '_acme-challenge.example.org.', zone: undefined },
  { name: 'com.', zone: undefined },
  { name: '.', zone: undefined },
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dnscove-zone-for-name-'));
  db = openDatabase(join(dir, 'db.sqlite'));
  const now = new Date().toISOString();
  hosted.forEach((origin, i) =>
    insertZone(db, { id: `Z${i}`, tenantId: `t${i}`, origin: parseName(origin), status: 'ACTIVE', serial: 1, publishedSerial: 1, autoPublish: true, nameservers: null, createdAt: now, updatedAt: now }),
  );
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('zoneForName', () => {
  it.each(cases)('$name → $zone', ({ name, zone }) => {
    expect(zoneForName(db, parseName(name))?.origin).toBe(zone);
  });
});
