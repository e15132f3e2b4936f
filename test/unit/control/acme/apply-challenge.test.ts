// applyChallenge over a real SQLite file and snapshot directory: merging, idempotency, concurrency and the staged-zone path.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyChallenge, CHALLENGE_TTL } from '../../../../control/acme/apply-challenge.js';
import type { ChallengeInput } from '../../../../control/acme/apply-challenge.js';
import { NotFoundError, ValidationError } from '../../../../control/errors/catalogue.js';
import type { Services } from '../../../../control/services.js';
import { listAudit } from '../../../../control/store/audit.js';
import { findRRset, upsertRRset } from '../../../../control/store/rrsets.js';
import { bumpSerial, deleteZone, findZone, setAutoPublish } from '../../../../control/store/zones.js';
import type { ZoneRow } from '../../../../control/store/zones.js';
import { createZone } from '../../../../control/zones/create-zone.js';
import { parseName } from '../../../../shared/dns/name.js';
import type { Name } from '../../../../shared/dns/name.js';
import { RRType } from '../../../../shared/dns/rr-type.js';
import type { ZoneContent } from '../../../../shared/dns/rrset.js';
import { createTestServices } from '../../../helpers/acme-services.js';
import type { TestServices } from '../../../helpers/acme-services.js';

let env: TestServices;
let services: Services;
let zone: ZoneRow;
const owner = parseName('_acme-challenge.example.com.');

const input = (action: 'PRESENT' | 'CLEANUP', value: string, at: Name = owner): ChallengeInput => ({ zone, actor: 'user:t@example.com', action, owner: at, value, via: 'api' });

const snapshot = (): Promise<ZoneContent> => env.snapshot(zone.origin);

/** The TXT strings at `at` in the published snapshot, sorted. */
async function publishedValues(at: Name = owner): Promise<string[]> {
  const set = (await snapshot()).rrsets.find((s) => s.name === at && s.type === RRType.TXT);
  return (set?.rdata ?? []).map((r) => r.toString('latin1', 1)).sort();
}

const soaSerial = (content: ZoneContent): number => {
  const soa = content.rrsets.find((s) => s.type === RRType.SOA)!.rdata[0]!;
  return soa.readUInt32BE(soa.length - 20);
};

beforeEach(async () => {
  env = createTestServices();
  services = env.services;
  zone = await createZone(services, { tenantId: 't1', actor: 'test', origin: 'example.com' });
});

afterEach(async () => {
  await env.close();
});

describe('applyChallenge', () => {
  it('PRESENT publishes before resolving; values merge; repeats change nothing; CLEANUP removes one value', async () => {
    const first = await applyChallenge(services, input('PRESENT', 'one'));
    expect(first).toMatchObject({ changed: true, published: true });
    expect(await publishedValues()).toEqual(['one']);
    const second = await applyChallenge(services, input('PRESENT', 'two'));
    expect(second.serial).toBe(first.serial + 1);
    expect(await publishedValues()).toEqual(['one', 'two']);
    expect(await applyChallenge(services, input('PRESENT', 'two'))).toEqual({ changed: false, published: true, serial: second.serial, edges: { total: 0, in_sync: 0, lagging: [] } });
    expect(findRRset(services.db, zone.id, owner, RRType.TXT)).toMatchObject({ ttl: CHALLENGE_TTL, records: ['"one"', '"two"'] });
    expect(await applyChallenge(services, input('CLEANUP', 'one'))).toMatchObject({ changed: true });
    expect(await publishedValues()).toEqual(['two']);
    expect(await applyChallenge(services, input('CLEANUP', 'one'))).toMatchObject({ changed: false });
    await applyChallenge(services, input('CLEANUP', 'two'));
    expect(findRRset(services.db, zone.id, owner, RRType.TXT)).toBeUndefined();
    expect((await snapshot()).rrsets.some((s) => s.name === owner)).toBe(false);
    const actions = listAudit(services.db, 't1', 20).filter((a) => a.action.startsWith('acme.')).map((a) => a.action);
    expect(actions).toHaveLength(6);
  });

  it('twenty concurrent PRESENTs all land, and concurrent CLEANUPs leave exactly the others', async () => {
    const values = Array.from({ length: 20 }, (_, i) => `value${i}`);
    const results = await Promise.all(values.map((v) => applyChallenge(services, input('PRESENT', v))));
    expect(results.every((r) => r.changed && r.published)).toBe(true);
    expect(new Set(results.map((r) => r.serial)).size).toBe(20);
    expect(await publishedValues()).toEqual([...values].sort());
    const gone = values.filter((_, i) => i % 2 === 1);
    await Promise.all(gone.map((v) => applyChallenge(services, input('CLEANUP', v))));
    expect(await publishedValues()).toEqual(values.filter((_, i) => i % 2 === 0).sort());
  });

  it('on a zone with staged changes, patches the last published snapshot and leaves the staged work staged', async () => {
    setAutoPublish(services.db, zone.id, false, new Date().toISOString());
    const staged = parseName('staged.example.com.');
    upsertRRset(services.db, { zoneId: zone.id, name: staged, type: RRType.TXT, ttl: 300, records: ['"staged"'] });
    bumpSerial(services.db, zone.id, new Date().toISOString());
    const publishedSerial = findZone(services.db, zone.id)!.publishedSerial;

    await Promise.all(['a', 'b', 'c'].map((v) => applyChallenge(services, { ...input('PRESENT', v), zone: findZone(services.db, zone.id)! })));
    await applyChallenge(services, { ...input('CLEANUP', 'b'), zone: findZone(services.db, zone.id)! });
    const content = await snapshot();
    expect(await publishedValues()).toEqual(['a', 'c']);
    expect(content.rrsets.some((s) => s.name === staged)).toBe(false);
    expect(soaSerial(content)).toBe(publishedSerial);
    expect(findZone(services.db, zone.id)!.publishedSerial).toBe(publishedSerial);

    // The next real publish carries both the staged change and the challenge values.
    await services.publisher.publishNow(zone.id);
    expect(await publishedValues()).toEqual(['a', 'c']);
    expect(await publishedValues(staged)).toEqual(['staged']);
  });

  it('refuses a TXT beside a CNAME with ValidationError("name") and writes nothing', async () => {
    upsertRRset(services.db, { zoneId: zone.id, name: owner, type: RRType.CNAME, ttl: 60, records: ['elsewhere.example.net.'] });
    const auditBefore = listAudit(services.db, 't1', 100).length;
    const serialBefore = findZone(services.db, zone.id)!.serial;
    let caught: unknown;
    try {
      await applyChallenge(services, input('PRESENT', 'x'));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).field).toBe('name');
    expect(findRRset(services.db, zone.id, owner, RRType.TXT)).toBeUndefined();
    expect(findZone(services.db, zone.id)!.serial).toBe(serialBefore);
    expect(listAudit(services.db, 't1', 100)).toHaveLength(auditBefore);
  });

  it('rejects with NotFoundError once the zone is gone', async () => {
    deleteZone(services.db, zone.id);
    await expect(applyChallenge(services, input('PRESENT', 'x'))).rejects.toBeInstanceOf(NotFoundError);
  });
});
