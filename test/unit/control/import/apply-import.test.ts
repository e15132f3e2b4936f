// Tests control/import/apply-import.ts on a real control plane (SQLite file, publisher, audit).
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyImport, localPlanner } from '../../../../control/import/apply-import.js';
import { importZoneFile } from '../../../../control/import/zonefile/import-zone-file.js';
import { ConflictError } from '../../../../control/errors/catalogue.js';
import { listRRsets } from '../../../../control/store/rrsets.js';
import { findZoneByOrigin } from '../../../../control/store/zones.js';
import { parseName } from '../../../../shared/dns/name.js';
import { rrTypeToText } from '../../../../shared/dns/rr-type.js';
import { snapshotFileName } from '../../../../shared/snapshot/snapshot-file.js';
import { startTestControl } from '../../../helpers/control-harness.js';
import type { TestControl } from '../../../helpers/control-harness.js';

let control: TestControl;
const who = { tenantId: 'T-import-a', actor: 'user:a@example.com', source: 'zonefile' };

beforeAll(async () => {
  control = await startTestControl();
  for (const id of ['T-import-a', 'T-import-b']) {
    control.services.db.prepare('INSERT INTO tenants (id, created_at) VALUES (?, ?)').run(id, new Date().toISOString());
  }
});

afterAll(async () => {
  await control.close();
});

function content(origin: string): string[] {
  const zone = findZoneByOrigin(control.services.db, parseName(origin));
  if (zone === undefined) return [];
  return listRRsets(control.services.db, zone.id)
    .map((r) => `${r.name} ${rrTypeToText(r.type)} ${r.ttl} ${[...r.records].sort().join(',')}`)
    .sort();
}

const ZONE = `$ORIGIN shop.test.
$TTL 300
@ IN SOA ns.old.test. h.old.test. 1 2 3 4 5
@ IN NS ns.old.test.
www IN A 192.0.2.1
sub IN NS ns.elsewhere.test.
txt.sub IN TXT "hidden below the delegation"
app IN NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:info@example.com!" .
odd IN TYPE65280 \\# 1 00
`;

describe('applyImport', () => {
  it('creates the zone, keeps our SOA and NS, skips what the zone rules refuse, and publishes', async () => {
    const outcome = await applyImport(control.services, { ...who, planner: localPlanner(importZoneFile(ZONE)), replace: false });
    expect(outcome).toMatchObject({ imported: 3, published: true, publishError: null, zone: { origin: 'shop.test.', status: 'PENDING_VERIFICATION' } });
    expect(outcome.skipped.map((s) => `${s.name} ${s.type}`)).toEqual(['shop.test. SOA', 'shop.test. NS', 'odd.shop.test. TYPE65280', 'txt.sub.shop.test. TXT']);
    expect(outcome.skipped[3]!.reason).toMatch(/below the delegation sub\.shop\.test\./);
    expect(content('shop.test.').filter((l) => !/ (SOA|NS) /.test(l) || l.startsWith('sub.'))).toEqual([
      'app.shop.test. NAPTR 300 100 10 "u" "E2U+sip" "!^.*$!sip:info@example.com!" .',
      'sub.shop.test. NS 300 ns.elsewhere.test.',
      'www.shop.test. A 300 192.0.2.1',
    ]);
    expect(content('shop.test.').some((l) => l.startsWith('shop.test. NS 3600 ns1.dnscove.invalid.'))).toBe(true);
    expect(fs.existsSync(`${control.services.config.snapshotsDir}/${snapshotFileName(parseName('shop.test.'))}`)).toBe(true);
    const audit = control.services.db.prepare("SELECT action FROM audit WHERE target = 'shop.test.' ORDER BY id").all();
    expect(audit).toEqual([{ action: 'zone.create' }, { action: 'zone.import' }]);
  });

  it('refuses a second import without replace, and another tenant always', async () => {
    await expect(applyImport(control.services, { ...who, planner: localPlanner(importZoneFile(ZONE)), replace: false })).rejects.toThrow(ConflictError);
    await expect(applyImport(control.services, { ...who, tenantId: 'T-import-b', planner: localPlanner(importZoneFile(ZONE)), replace: true })).rejects.toThrow(/another account/);
  });

  it('replaces every RRset but our SOA and NS with replace: true', async () => {
    const next = importZoneFile('$ORIGIN shop.test.\n$TTL 60\nmail IN A 192.0.2.25\n');
    const outcome = await applyImport(control.services, { ...who, planner: localPlanner(next), replace: true });
    expect(outcome.imported).toBe(1);
    expect(content('shop.test.').filter((l) => !/^shop\.test\. (SOA|NS) /.test(l))).toEqual(['mail.shop.test. A 60 192.0.2.25']);
  });

  it('refuses an origin that is not a zone we can host, creating nothing', async () => {
    const tld = importZoneFile('$ORIGIN tld.\n$TTL 60\nwww IN A 192.0.2.1\n');
    await expect(applyImport(control.services, { ...who, planner: localPlanner(tld), replace: false })).rejects.toThrow(/two labels/);
    expect(findZoneByOrigin(control.services.db, parseName('tld.'))).toBeUndefined();
  });
});
