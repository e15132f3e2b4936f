// Cross-checks the zone-file parser and the RDATA formatter against NSD's own parser
// (`nsd-checkzone -p`, from the Debian nsd package that .ci/run installs).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseName } from '../../../../shared/dns/name.js';
import { formatRdata } from '../../../../shared/dns/rdata.js';
import { rrTypeToText } from '../../../../shared/dns/rr-type.js';
import { parseZoneFile, type ZoneFileRecord } from '../../../../shared/zonefile/parse-zone-file.js';

const run = promisify(execFile);
/** Debian's path; /usr/sbin is not on every user's PATH. */
const NSD_CHECKZONE = '/usr/sbin/nsd-checkzone';
const origin = parseName('parity.example.');
const fixture = new URL('../../../fixtures/zonefile/parity.example.zone', import.meta.url).pathname;

/** NSD's parse of a zone file, printed back as a zone file. */
async function nsdPrint(path: string): Promise<string> {
  const { stdout } = await run(NSD_CHECKZONE, ['-p', 'parity.example', path]);
  expect(stdout).toMatch(/; zone parity\.example is ok\n$/);
  return stdout;
}

/** Records as sorted "name ttl TYPE rdata-hex" lines, duplicates removed. */
function canonical(records: readonly ZoneFileRecord[]): string[] {
  return [...new Set(records.map((r) => `${r.name} ${r.ttl} ${rrTypeToText(r.type)} ${r.rdata.toString('hex')}`))].sort();
}

describe('parity with nsd-checkzone', () => {
  let dir = '';
  let ours: ZoneFileRecord[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dnscove-nsd-parity-'));
    ours = parseZoneFile(await readFile(fixture, 'utf8'), { origin, file: fixture }).records;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('the fixture covers every type with a presentation parser', () => {
    const types = new Set(ours.map((r) => rrTypeToText(r.type)));
    for (const t of ['A', 'AAAA', 'NS', 'CNAME', 'DNAME', 'PTR', 'SOA', 'MX', 'TXT', 'SPF', 'HINFO', 'SRV', 'NAPTR', 'CAA', 'DS', 'CDS', 'DNSKEY', 'CDNSKEY', 'SSHFP', 'TLSA', 'SMIMEA', 'OPENPGPKEY', 'URI', 'SVCB', 'HTTPS', 'RRSIG', 'NSEC', 'NSEC3', 'NSEC3PARAM', 'TYPE65280']) {
      expect(types).toContain(t);
    }
  });

  test('NSD reads the fixture into the same records as we do', async () => {
    const printed = await nsdPrint(fixture);
    const theirs = parseZoneFile(printed, { origin, file: 'nsd-checkzone output' }).records;
    expect(canonical(theirs)).toEqual(canonical(ours));
  });

  test('NSD reads our formatted records back into the same records', async () => {
    const text = ours.map((r) => `${r.name} ${r.ttl} IN ${rrTypeToText(r.type)} ${formatRdata(r.type, r.rdata)}`).join('\n') + '\n';
    const path = join(dir, 'formatted.zone');
    await writeFile(path, text);
    const theirs = parseZoneFile(await nsdPrint(path), { origin, file: 'nsd-checkzone output' }).records;
    expect(canonical(theirs)).toEqual(canonical(ours));
  });
});
