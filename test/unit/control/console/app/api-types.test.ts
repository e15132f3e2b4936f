// Unit: the console's readers of API answers (control/console/app/api-types.ts, decode.ts).
import { describe, expect, it } from 'vitest';
import { readImportResult, readMintedToken, readParity, readZone } from '../../../../../control/console/app/api-types.js';
import { DecodeError } from '../../../../../control/console/app/decode.js';

const zone = {
  id: 'Z0123456789abcd',
  tenant_id: 'T1',
  origin: 'example.com',
  origin_unicode: 'example.com',
  status: 'PENDING_VERIFICATION',
  ns: ['ns1.example.net'],
  serial: 3,
  published_serial: 1,
  auto_publish: false,
  withheld: null,
  edges: { total: 3, in_sync: 2, lagging: ['ns3'] },
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};

describe('readers', () => {
  it('reads a zone into camel-case fields', () => {
    expect(readZone(zone)).toEqual({
      id: zone.id,
      tenantId: 'T1',
      origin: 'example.com',
      originUnicode: 'example.com',
      status: 'PENDING_VERIFICATION',
      ns: ['ns1.example.net'],
      serial: 3,
      publishedSerial: 1,
      autoPublish: false,
      withheld: null,
      edges: { total: 3, inSync: 2, lagging: ['ns3'] },
      createdAt: zone.created_at,
      updatedAt: zone.updated_at,
    });
  });

  it.each<{ what: string; value: unknown; message: RegExp }>([
    { what: 'not an object', value: [], message: /zone: expected an object/ },
    { what: 'a missing field', value: { ...zone, serial: undefined }, message: /serial: expected a number/ },
    { what: 'a wrong type', value: { ...zone, ns: ['a', 1] }, message: /ns\[1\]: expected a string/ },
    { what: 'edges without in_sync', value: { ...zone, edges: { total: 1 } }, message: /in_sync: expected a number/ },
    { what: 'a status the schema does not list', value: { ...zone, status: 'SUSPENDED' }, message: /status: "SUSPENDED" is not one of PENDING_VERIFICATION, ACTIVE/ },
  ])('refuses $what with a DecodeError naming the field', ({ value, message }) => {
    expect(() => readZone(value)).toThrow(DecodeError);
    expect(() => readZone(value)).toThrow(message);
  });

  it('reads a minted token with its plaintext (token), and refuses an unknown scope', () => {
    const token = { id: '0123456789abcdef', zone_id: zone.id, scope: 'acme-dns01', name: 'certbot', created_at: zone.created_at, expires_at: null, revoked: false, last_used_at: null, token: 'dnsc_0123456789abcdef_secret' };
    expect(readMintedToken(token)).toMatchObject({ scope: 'acme-dns01', zoneId: zone.id, expiresAt: null, token: 'dnsc_0123456789abcdef_secret' });
    expect(() => readMintedToken({ ...token, scope: 'root' })).toThrow(/scope: "root" is not one of tenant-admin, zone-admin, acme-dns01/);
  });

  it('reads an import result, its skipped list and notes', () => {
    const result = readImportResult({
      zone,
      imported: 4,
      skipped: [{ name: 'example.com.', type: 'A', reason: 'alias record' }],
      notes: [{ name: 'legacy.example.com.', type: 'SPF', reason: 'imported as TXT' }],
      published: true,
      publish_error: null,
      ns: ['ns1.example.net'],
    });
    expect(result.skipped).toEqual([{ name: 'example.com.', type: 'A', reason: 'alias record' }]);
    expect(result.notes).toHaveLength(1);
    expect(result.publishError).toBeNull();
  });

  it('reads a parity answer, outcome included', () => {
    const parity = readParity({
      parity: { origin: 'example.com', checked_at: zone.created_at, matches: false, checked: 0, mismatched: 0, truncated: false, outcome: 'unreachable', detail: 'no answer', servers: [], mismatches: [] },
      safe_to_delete: false,
      status: 'PENDING_VERIFICATION',
    });
    expect(parity).toMatchObject({ parity: { outcome: 'unreachable', detail: 'no answer', mismatches: [] }, safeToDelete: false, status: 'PENDING_VERIFICATION' });
  });
});
