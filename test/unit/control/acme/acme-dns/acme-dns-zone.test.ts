// The acme-dns zone at start: created once for the system tenant, published, and left alone when a customer hosts the origin.
import { afterEach, describe, expect, it } from 'vitest';
import { acmeDnsZone, ensureAcmeDnsZone, fulldomainOf } from '../../../../../control/acme/acme-dns/acme-dns-zone.js';
import { SYSTEM_TENANT } from '../../../../../control/store/tenants.js';
import { NotFoundError } from '../../../../../control/errors/catalogue.js';
import { createLogger } from '../../../../../shared/log.js';
import { createZone } from '../../../../../control/zones/create-zone.js';
import { parseName } from '../../../../../shared/dns/name.js';
import { RRType } from '../../../../../shared/dns/rr-type.js';
import { createTestServices } from '../../../../helpers/acme-services.js';
import type { TestServices } from '../../../../helpers/acme-services.js';

const origin = parseName('acme.example.net.');
let env: TestServices | undefined;

afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('ensureAcmeDnsZone', () => {
  it('creates and publishes the configured zone for the system tenant, once', async () => {
    env = createTestServices({ acmeDnsZone: origin });
    const zone = await ensureAcmeDnsZone(env.services);
    expect(zone).toMatchObject({ origin, tenantId: SYSTEM_TENANT });
    expect((await ensureAcmeDnsZone(env.services))?.id).toBe(zone?.id);
    expect(acmeDnsZone(env.services).id).toBe(zone?.id);
    expect((await env.snapshot(origin)).rrsets.map((s) => s.type)).toContain(RRType.SOA);
    expect(fulldomainOf(env.services, 'abc-123')).toBe('abc-123.acme.example.net.');
  });

  it('stays off, logging why, when a customer already hosts the origin', async () => {
    const lines: string[] = [];
    env = createTestServices({ acmeDnsZone: origin }, createLogger({ write: (line) => void lines.push(line) }));
    await createZone(env.services, { tenantId: 'customer', actor: 'user:c@example.com', origin: 'acme.example.net' });
    expect(await ensureAcmeDnsZone(env.services)).toBeUndefined();
    expect(lines.join('\n')).toMatch(/acme-dns is off/);
    expect(() => acmeDnsZone(env!.services)).toThrow(NotFoundError);
  });
});
