// Round trip: a recorded Route 53 listing is imported, exported as a master file, served by NSD,
// and NSD answers exactly what our edge answers, RRset by RRset: the in-process edge from the
// imported content, and the CLI edge (`snapshot build` of the exported file, then `edge`).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange } from '../../control/checks/dns-exchange.js';
import type { DnsMessage, ResourceRecord } from '../../shared/dns/message.js';
import { exportZoneFile } from '../../control/export/export-zone-file.js';
import type { RRsetData } from '../../control/records/rrset-change.js';
import { importRoute53 } from '../../control/import/route53/import-route53.js';
import { startEdge } from '../../edge/edge-server.js';
import type { EdgeServer } from '../../edge/edge-server.js';
import { silentLogger } from '../../shared/log.js';
import { rrTypeToText } from '../../shared/dns/rr-type.js';
import { writeSnapshotFile } from '../../shared/snapshot/snapshot-file.js';
import { startEdge as startCliEdge } from '../helpers/edge-server.js';
import type { EdgeServer as CliEdge } from '../helpers/edge-server.js';
import { freePort } from '../helpers/free-port.js';
import { startMigrationNsd } from '../helpers/migration-nsd.js';
import type { MigrationNsd } from '../helpers/migration-nsd.js';
import { dnscoveApex, zoneContentOf } from '../helpers/migration-zone.js';

const imported = importRoute53(fs.readFileSync('test/fixtures/route53/list-resource-record-sets.json', 'utf8'));
const origin = imported.origin;
const rrsets: RRsetData[] = [...dnscoveApex(origin, ['ns1.dnscove.test.', 'ns2.dnscove.test.'], 42), ...imported.rrsets];
const exported = exportZoneFile({ origin, rrsets });

let nsd: MigrationNsd | undefined;
let edge: EdgeServer | undefined;
let cliEdge: CliEdge | undefined;
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-migration-roundtrip-'));
  await writeFile(join(dir, 'example.com.zone'), exported);
  nsd = await startMigrationNsd('127.0.0.1', await freePort(), [{ origin, text: exported }]);
  const snapshots = join(dir, 'snapshots');
  fs.mkdirSync(snapshots);
  await writeSnapshotFile(snapshots, zoneContentOf(origin, rrsets));
  edge = await startEdge({ snapshotsDir: snapshots, host: '127.0.0.1', port: 0, log: silentLogger });
  cliEdge = await startCliEdge([{ origin, file: join(dir, 'example.com.zone') }]);
}, 60_000);

afterAll(async () => {
  await edge?.close();
  await cliEdge?.stop();
  await nsd?.stop();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

function section(records: readonly ResourceRecord[]): string[] {
  return records.map((r) => `${r.name} ${r.ttl} ${rrTypeToText(r.type)} ${r.rdata.toString('hex')}`).sort();
}

function summary(m: DnsMessage): object {
  return { rcode: m.rcode, aa: m.aa, answer: section(m.answer), authority: section(m.authority) };
}

describe('Route 53 import → export → NSD', () => {
  it('is a master file NSD accepts (nsd-checkzone)', async () => {
    const { stdout } = await promisify(execFile)('nsd-checkzone', [origin, join(dir, 'example.com.zone')]);
    expect(stdout).toMatch(/zone example\.com\. is ok/);
  });

  const questions = rrsets.map((s) => [s.name, rrTypeToText(s.type), s.type] as const);
  it.each(questions)('NSD and both edges answer %s %s the same', async (name, _text, type) => {
    const theirs = await exchange({ host: '127.0.0.1', port: nsd!.port }, name, type, 2000);
    const imported = await exchange({ host: '127.0.0.1', port: edge!.udpPort }, name, type, 2000);
    const fromFile = await exchange({ host: '127.0.0.1', port: cliEdge!.port }, name, type, 2000);
    expect([theirs.kind, imported.kind, fromFile.kind]).toEqual(['response', 'response', 'response']);
    if (theirs.kind !== 'response' || imported.kind !== 'response' || fromFile.kind !== 'response') return;
    expect(theirs.message.answer.length + theirs.message.authority.length).toBeGreaterThan(0);
    expect(summary(imported.message)).toEqual(summary(theirs.message));
    expect(summary(fromFile.message)).toEqual(summary(theirs.message));
  });
});
