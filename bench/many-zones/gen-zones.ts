// CLI: writes N small zones for the many-zones benchmark as zone files, NSD and Knot zone lists, snapshots and a query file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlags } from '../../bin/cli/flags.js';
import { parseName } from '../../shared/dns/name.js';
import { encodeSnapshot } from '../../shared/snapshot/codec.js';
import { snapshotFileName } from '../../shared/snapshot/snapshot-file.js';
import { parseZoneFile } from '../../shared/zonefile/parse-zone-file.js';
import { zoneFromRecords } from '../../shared/zonefile/zone-from-records.js';
import { LineWriter } from '../edge/line-writer.js';
import { seededInt } from '../edge/prng.js';
import { changeTargets, loadQuestion, probeQuestion, zoneName, zoneText } from './zone-model.js';

const USAGE = 'usage: gen-zones --zones N --out DIR [--queries LINES] [--seed S]';

/** The zone file name both NSD (`%s.zone` in its pattern) and Knot (`file: %s.zone`) use. */
function zoneFileName(i: number): string {
  return `${zoneName(i).slice(0, -1)}.zone`;
}

/** Compiles zone-file text into snapshot bytes, as `dnscove snapshot build` does (parse, check, encode). */
function snapshotOf(text: string): { file: string; bytes: Buffer } {
  const parsed = parseZoneFile(text);
  const zone = zoneFromRecords(parsed.origin, parsed.records);
  return { file: snapshotFileName(parseName(parsed.origin)), bytes: encodeSnapshot(zone) };
}

/**
 * Writes under DIR: zones/ (zone files 1..N), snap/ (their snapshots, written directly: the
 * edge has not started, so no temp-and-rename is needed), stage/ (the zone to add, zone
 * `change` in versions 0 and 1 and the zone to remove, as zone file and snapshot, to reset
 * between servers), nsd-zone.list (every zone, in NSD's zone-list format, pattern "many"),
 * knot-zones.conf (every zone, for Knot's `include:`), queries.txt (seeded dnsperf questions over
 * random zones) and meta (key value lines the shell reads). Deterministic for a given N and seed.
 */
function main(argv: readonly string[]): void {
  const { values } = parseFlags(argv, ['zones', 'out', 'queries', 'seed']);
  const zones = Number(values.get('zones')?.at(-1));
  const out = values.get('out')?.at(-1);
  const lines = Number(values.get('queries')?.at(-1) ?? 100_000);
  const seed = Number(values.get('seed')?.at(-1) ?? 12);
  if (!Number.isInteger(zones) || zones < 2 || zones > 999_998 || out === undefined || !Number.isInteger(lines) || lines < 1) {
    throw new Error(USAGE);
  }
  for (const sub of ['zones', 'snap', 'stage']) mkdirSync(join(out, sub), { recursive: true });
  const started = performance.now();
  let zoneBytes = 0;
  let snapBytes = 0;
  // NSD keeps zones added at run time in its zone list (nsd-control delzone refuses zones named
  // in nsd.conf), so every zone starts there, in the file's own format.
  const nsd = new LineWriter(join(out, 'nsd-zone.list'));
  nsd.line('# NSD zone list');
  nsd.line('# name pattern');
  const knot = new LineWriter(join(out, 'knot-zones.conf'));
  knot.line('zone:');
  for (let i = 1; i <= zones; i++) {
    const text = zoneText(i, 0);
    writeFileSync(join(out, 'zones', zoneFileName(i)), text);
    const snap = snapshotOf(text);
    writeFileSync(join(out, 'snap', snap.file), snap.bytes);
    zoneBytes += text.length;
    snapBytes += snap.bytes.length;
    nsd.line(`add ${zoneName(i).slice(0, -1)} many`);
    knot.line(`  - domain: "${zoneName(i)}"`);
  }
  nsd.close();
  knot.close();
  const generateMs = performance.now() - started;

  const targets = changeTargets(zones);
  const stage = (label: string, i: number, version: number): void => {
    const text = zoneText(i, version);
    writeFileSync(join(out, 'stage', `${label}.zone`), text);
    writeFileSync(join(out, 'stage', `${label}.snap`), snapshotOf(text).bytes);
  };
  stage('add', targets.add, 0);
  stage('change-v0', targets.change, 0);
  stage('change-v1', targets.change, 1);
  stage('remove', targets.remove, 0);

  const next = seededInt(seed);
  const queries = new LineWriter(join(out, 'queries.txt'));
  for (let n = 0; n < lines; n++) {
    const q = loadQuestion(1 + next(zones), next(1 << 20));
    queries.line(`${q.name} ${q.type}`);
  }
  queries.close();

  const last = probeQuestion(zones, 0);
  const add = probeQuestion(targets.add, 0);
  const changed = probeQuestion(targets.change, 1);
  const removed = probeQuestion(targets.remove, 0);
  const meta = [
    `zones ${zones}`,
    `generate_ms ${Math.round(generateMs)}`,
    `zone_bytes ${zoneBytes}`,
    `snapshot_bytes ${snapBytes}`,
    `last_name ${last.name}`,
    `last_value ${last.value}`,
    `add_zone ${zoneName(targets.add)}`,
    `add_file ${zoneFileName(targets.add)}`,
    `add_snap ${snapshotOf(zoneText(targets.add, 0)).file}`,
    `add_name ${add.name}`,
    `add_value ${add.value}`,
    `change_zone ${zoneName(targets.change)}`,
    `change_file ${zoneFileName(targets.change)}`,
    `change_snap ${snapshotOf(zoneText(targets.change, 0)).file}`,
    `change_name ${changed.name}`,
    `change_value ${changed.value}`,
    `remove_zone ${zoneName(targets.remove)}`,
    `remove_file ${zoneFileName(targets.remove)}`,
    `remove_snap ${snapshotOf(zoneText(targets.remove, 0)).file}`,
    `remove_name ${removed.name}`,
  ];
  writeFileSync(join(out, 'meta'), `${meta.join('\n')}\n`);
  process.stdout.write(`generated ${zones} zones in ${Math.round(generateMs)} ms\n`);
}

try {
  main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`gen-zones: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
