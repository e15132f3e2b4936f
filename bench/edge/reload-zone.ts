// The reload zone: one version per publish, where every RRset and the SOA serial encode the version number.
import type { LineWriter } from './line-writer.js';
import type { Question } from './question.js';

/** Origin of the reload zone. */
export const RELOAD_ORIGIN = 'reload.example.';
/** SOA serial of version v is SERIAL_BASE + v. */
export const SERIAL_BASE = 1000;
/** Records per index i: r{i} 2×A + TXT, c{i} CNAME, t{i}-v{v} A. */
export const RECORDS_PER_INDEX = 5;

/** Addresses of r{i} in version v: two, each carrying v and i, so a mixed RRset is visible. */
export function reloadAddresses(i: number, version: number): [string, string] {
  const tail = `${version}.${(i >> 8) & 255}.${i & 255}`;
  return [`10.${tail}`, `11.${tail}`];
}

/** Text of r{i}'s TXT in version v. */
export function reloadText(i: number, version: number): string {
  return `v=${version} i=${i}`;
}

/** Target of c{i}'s CNAME in version v (a name that exists only in that version). */
export function reloadAliasTarget(i: number, version: number): string {
  return `t${i}-v${version}.${RELOAD_ORIGIN}`;
}

/** Address of the alias target t{i}-v{v}. */
export function reloadTargetAddress(i: number, version: number): string {
  return `12.${version}.${(i >> 8) & 255}.${i & 255}`;
}

/** How many indexes a zone of about `records` records holds (at most 65,536, so i fits two octets). */
export function reloadIndexes(records: number): number {
  return Math.max(1, Math.min(65_536, Math.floor(records / RECORDS_PER_INDEX)));
}

/**
 * Writes version `version` of the reload zone with about `records` records. Versions differ in
 * the serial and in every RRset below the apex, and each alias points at a name that only its
 * own version has, so an answer mixing two versions (CNAME from one, target from another) fails.
 */
export function writeReloadZone(out: LineWriter, records: number, version: number): void {
  out.line(`$ORIGIN ${RELOAD_ORIGIN}`);
  out.line('$TTL 60');
  out.line(`@ IN SOA ns1 hostmaster ${SERIAL_BASE + version} 7200 3600 1209600 60`);
  out.line('@ IN NS ns1');
  out.line('ns1 IN A 192.0.2.53');
  out.line(`@ IN TXT "version ${version}"`);
  const n = reloadIndexes(records);
  for (let i = 0; i < n; i++) {
    const [a, b] = reloadAddresses(i, version);
    out.line(`r${i} IN A ${a}`);
    out.line(`r${i} IN A ${b}`);
    out.line(`r${i} IN TXT "${reloadText(i, version)}"`);
    out.line(`c${i} IN CNAME ${reloadAliasTarget(i, version)}`);
    out.line(`${reloadAliasTarget(i, version)} IN A ${reloadTargetAddress(i, version)}`);
  }
}

/** What a reload question asks, so its answer can be checked against every version. */
export type ReloadQuestionKind = 'addresses' | 'alias' | 'text' | 'soa' | 'nxdomain';

/** A question against the reload zone, with the index i it names (0 for the apex and NXDOMAIN). */
export interface ReloadQuestion extends Question {
  readonly kind: ReloadQuestionKind;
  readonly index: number;
}

/**
 * Draws a question whose answer shows which version served it: r{i} A (40 %), c{i} A through
 * the alias (20 %), r{i} TXT (20 %), the apex SOA (10 %) and an NXDOMAIN name (10 %, whose
 * authority SOA carries the serial). `int(n)` is uniform in [0, n).
 */
export function drawReloadQuestion(indexes: number, int: (n: number) => number): ReloadQuestion {
  const i = int(indexes);
  const r = int(10);
  if (r < 4) return { name: `r${i}.${RELOAD_ORIGIN}`, type: 'A', kind: 'addresses', index: i };
  if (r < 6) return { name: `c${i}.${RELOAD_ORIGIN}`, type: 'A', kind: 'alias', index: i };
  if (r < 8) return { name: `r${i}.${RELOAD_ORIGIN}`, type: 'TXT', kind: 'text', index: i };
  if (r < 9) return { name: RELOAD_ORIGIN, type: 'SOA', kind: 'soa', index: 0 };
  return { name: `nx${int(1_000_000)}.${RELOAD_ORIGIN}`, type: 'A', kind: 'nxdomain', index: 0 };
}
