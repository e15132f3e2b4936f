// The many-zones benchmark's zones: names, contents and the answers that prove a zone is served, all from its index.
import type { Question } from '../edge/question.js';

/** Zone i (1-based) is z{i, six digits}.example.; zone count + 1 is the one the benchmark adds. */
export function zoneName(i: number): string {
  return `z${String(i).padStart(6, '0')}.example.`;
}

/** SOA serial of a zone's version v (0 as generated, 1 after the benchmark's change). */
export function zoneSerial(version: number): number {
  return 2026010100 + version;
}

/** Address of www.{zone i} in version v; the first octet carries v, the rest i, so versions differ. */
export function wwwAddress(i: number, version: number): string {
  return `${10 + version}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

/** The question whose answer shows zone i is served, and the value (wwwAddress) it must carry. */
export function probeQuestion(i: number, version: number): Question & { readonly value: string } {
  return { name: `www.${zoneName(i)}`, type: 'A', value: wwwAddress(i, version) };
}

/** Records per zone: SOA, 2 NS, apex A and AAAA, www A, mail A, MX, TXT and a CNAME. */
export const RECORDS_PER_ZONE = 10;

/**
 * Zone-file text of zone i in version v: the ten records above, relative to `$ORIGIN`. The
 * nameservers are outside the zone, so no glue is needed and every server accepts it as is.
 */
export function zoneText(i: number, version: number): string {
  const origin = zoneName(i);
  return [
    `$ORIGIN ${origin}`,
    '$TTL 3600',
    `@ IN SOA ns1.dnscove-bench.net. hostmaster ${zoneSerial(version)} 7200 3600 1209600 300`,
    '@ IN NS ns1.dnscove-bench.net.',
    '@ IN NS ns2.dnscove-bench.net.',
    `@ IN A 192.0.${i & 255}.${(i >> 8) & 255}`,
    `@ IN AAAA 2001:db8:${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}::1`,
    `www IN A ${wwwAddress(i, version)}`,
    `mail IN A 172.16.${(i >> 8) & 255}.${i & 255}`,
    '@ IN MX 10 mail',
    `@ IN TXT "v=spf1 mx -all" "zone ${i} version ${version}"`,
    `ftp IN CNAME www`,
    '',
  ].join('\n');
}

/** The kinds of question the load asks, each about a name every zone has. */
const LOAD_QUESTIONS: readonly ((origin: string) => Question)[] = [
  (o) => ({ name: `www.${o}`, type: 'A' }),
  (o) => ({ name: o, type: 'MX' }),
  (o) => ({ name: o, type: 'A' }),
  (o) => ({ name: `ftp.${o}`, type: 'A' }),
  (o) => ({ name: o, type: 'AAAA' }),
  (o) => ({ name: `mail.${o}`, type: 'A' }),
];

/** A load question about zone i; `kind` picks which (any integer, taken modulo the kinds). */
export function loadQuestion(i: number, kind: number): Question {
  return LOAD_QUESTIONS[kind % LOAD_QUESTIONS.length]!(zoneName(i));
}

/** Which zones the benchmark changes in a run of `zones` zones. */
export function changeTargets(zones: number): { readonly add: number; readonly change: number; readonly remove: number } {
  return { add: zones + 1, change: Math.max(1, Math.ceil(zones / 2)), remove: 1 };
}
