// The zone fixtures the differential test serves, and their records as NSD itself reads them.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseName } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { rrTypeFromText } from '../../shared/dns/rr-type.js';
import type { ZoneFixture } from '../helpers/zone-fixture.js';

const ZONES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'zones');

/** Every fixture zone: independent zones, one with escaped names, and a parent + child pair, all served together. */
export const FIXTURE_ZONES: readonly ZoneFixture[] = ['example.com.', 'example.org.', 'escapes.test.', 'parent.test.', 'child.parent.test.'].map((origin) => ({
  origin,
  file: join(ZONES_DIR, `${origin.slice(0, -1)}.zone`),
}));

/** One owner name and type present in a zone. */
export interface ZoneEntry {
  readonly owner: Name;
  readonly type: number;
}

/** A fixture zone as loaded: its origin and the (owner, type) pairs it holds. */
export interface LoadedZone {
  readonly origin: Name;
  readonly entries: readonly ZoneEntry[];
}

/**
 * Reads a zone the way NSD does, by running `nsd-checkzone -p` and parsing its canonical
 * printout (tab-separated, `$ORIGIN` lines, a blank owner repeating the previous one, the
 * SOA continued on a second line). Deriving the corpus from NSD's own view keeps the test
 * independent of our zone-file parser. Throws if the zone does not check.
 */
export async function loadZoneEntries(zone: ZoneFixture): Promise<LoadedZone> {
  const origin = parseName(zone.origin);
  const { stdout } = await promisify(execFile)('nsd-checkzone', ['-p', zone.origin, zone.file], { maxBuffer: 16 * 1024 * 1024 });
  const entries: ZoneEntry[] = [];
  let currentOrigin = origin;
  let owner: Name | null = null;
  for (const line of stdout.split('\n')) {
    if (line.startsWith(';') || line.trim() === '') continue;
    if (line.startsWith('$ORIGIN')) {
      currentOrigin = parseName(line.split(/\s+/)[1] ?? '');
      continue;
    }
    const fields = line.split('\t');
    // An RR line has owner, TTL, class and type as its first four fields; anything else
    // (the SOA's second line) continues the previous record.
    if (fields.length < 4 || !/^[0-9]+$/.test(fields[1] ?? '') || fields[2] !== 'IN') continue;
    if (fields[0] !== '') owner = parseName(fields[0]!, currentOrigin);
    // NSD prints some types in RFC 3597 form with a blank, not a tab, after the type ("LOC \\# 16 …").
    const type = rrTypeFromText((fields[3] ?? '').split(' ')[0]!);
    if (owner === null || type === undefined) throw new Error(`fixture ${zone.file}: cannot read "${line}" from nsd-checkzone`);
    entries.push({ owner, type });
  }
  if (!entries.some((e) => e.owner === origin && e.type === 6)) throw new Error(`fixture ${zone.file}: no SOA at ${origin}`);
  return { origin, entries };
}
