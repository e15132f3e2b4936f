// Unit: the authorization predicates, in the order 404 → 403, for each kind of principal.
import { describe, expect, it } from 'vitest';
import { firstFailedPolicy } from '../../../../control/auth/policies.js';
import type { Principal } from '../../../../control/auth/principal.js';
import { actorOf } from '../../../../control/auth/principal.js';
import type { Credential } from '../../../../control/http/route.js';
import type { ZoneRow } from '../../../../control/store/zones.js';
import type { Name } from '../../../../shared/dns/name.js';

const zone = (id: string, tenantId: string): ZoneRow => ({
  id,
  tenantId,
  origin: 'example.com.' as Name,
  status: 'PENDING_VERIFICATION',
  serial: 1,
  publishedSerial: 1,
  autoPublish: true, nameservers: null,
  createdAt: '',
  updatedAt: '',
});

const Z1 = zone('Z1', 'TA');
const Z2 = zone('Z2', 'TA');
const ZB = zone('ZB', 'TB');
const session: Principal = { kind: 'session', tenantId: 'TA', email: 'a@example.com', role: 'owner', sessionId: '', sessionExpiresAt: 0 };
const admin: Principal = { kind: 'token', tenantId: 'TA', tokenId: 'aaaaaaaaaaaaaaaa', scope: 'tenant-admin', zoneId: null };
const zoneAdmin: Principal = { kind: 'token', tenantId: 'TA', tokenId: 'bbbbbbbbbbbbbbbb', scope: 'zone-admin', zoneId: 'Z1' };
const acme: Principal = { kind: 'token', tenantId: 'TA', tokenId: 'cccccccccccccccc', scope: 'acme-dns01', zoneId: 'Z1' };

const RECORDS: Credential[] = ['session', 'tenant-admin', 'zone-admin'];
const LIFECYCLE: Credential[] = ['session', 'tenant-admin'];

describe('route policies', () => {
  it.each([
    { who: 'session', p: session, accepts: LIFECYCLE, z: undefined, fails: undefined },
    { who: 'session, other tenant zone', p: session, accepts: RECORDS, z: ZB, fails: 'zone-owner' },
    { who: 'tenant-admin, any zone', p: admin, accepts: RECORDS, z: Z2, fails: undefined },
    { who: 'zone-admin, own zone', p: zoneAdmin, accepts: RECORDS, z: Z1, fails: undefined },
    { who: 'zone-admin, other zone', p: zoneAdmin, accepts: RECORDS, z: Z2, fails: 'zone-binding' },
    { who: 'zone-admin, lifecycle route', p: zoneAdmin, accepts: LIFECYCLE, z: Z1, fails: 'scope' },
    { who: 'zone-admin, other tenant zone (404 before 403)', p: zoneAdmin, accepts: LIFECYCLE, z: ZB, fails: 'zone-owner' },
    { who: 'acme-dns01, records', p: acme, accepts: RECORDS, z: Z1, fails: 'scope' },
    { who: 'acme-dns01, acme route, own zone', p: acme, accepts: [...RECORDS, 'acme-dns01'] as Credential[], z: Z1, fails: undefined },
    { who: 'acme-dns01, acme route, other zone', p: acme, accepts: [...RECORDS, 'acme-dns01'] as Credential[], z: Z2, fails: 'zone-binding' },
  ])('$who → $fails', ({ p, accepts, z, fails }) => {
    expect(firstFailedPolicy(p, accepts, z, 'GET')?.code).toBe(fails);
  });

  it('failures map to 404 for foreign zones and 403 otherwise', () => {
    expect(firstFailedPolicy(session, RECORDS, ZB, 'GET')?.status).toBe(404);
    expect(firstFailedPolicy(zoneAdmin, RECORDS, Z2, 'GET')?.status).toBe(403);
  });

  it('names actors for the audit log', () => {
    expect(actorOf(session)).toBe('user:a@example.com');
    expect(actorOf(acme)).toBe('token:cccccccccccccccc');
  });
});
