// The publisher's writer against a real directory: every write leaves the state it reports
// equal to what the files' headers say (the feed records that state without reading them),
// a fold keeps the content, and a failed write makes it read the files again.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseName } from '../../../../shared/dns/name.js';
import type { Name } from '../../../../shared/dns/name.js';
import { parseRdata } from '../../../../shared/dns/rdata.js';
import { RRType } from '../../../../shared/dns/rr-type.js';
import type { RRset } from '../../../../shared/dns/rrset.js';
import { silentLogger } from '../../../../shared/log.js';
import { encodeSnapshot } from '../../../../shared/snapshot/codec.js';
import { readPublishedContent } from '../../../../shared/snapshot/published-content.js';
import { stemOfOrigin } from '../../../../shared/snapshot/snapshot-file.js';
import { zoneFileState } from '../../../../shared/snapshot/zone-file-state.js';
import { ZoneFilesWriter } from '../../../../control/publish/zone-files-writer.js';

const origin = parseName('w.example.');
const soa = (serial: number): RRset => ({ name: origin, type: RRType.SOA, ttl: 3600, rdata: [parseRdata(RRType.SOA, `ns1.example.net. h.example.net. ${serial} 3600 900 1209600 300`, origin)] });
const host = (label: string, ip: string): RRset => ({ name: parseName(`${label}.w.example.`), type: RRType.A, ttl: 300, rdata: [parseRdata(RRType.A, ip, origin)] });
const sorted = (rrsets: readonly RRset[]): string[] => rrsets.map((r) => `${r.name} ${r.type} ${r.ttl} ${r.rdata.map((d) => d.toString('hex')).join(',')}`).sort();

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-writer-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const onDisk = (at: string, zone: Name) => zoneFileState(at, stemOfOrigin(zone));

describe('ZoneFilesWriter', () => {
  it('reports after every write exactly what the files say: snapshot, deltas, fold, removal', async () => {
    const writer = new ZoneFilesWriter(dir, silentLogger);
    expect(await writer.journal(origin)).toBeUndefined();
    let journal = await writer.write(origin, encodeSnapshot({ origin, rrsets: [soa(1), host('a', '192.0.2.1'), host('b', '192.0.2.2')] }), 1);
    expect(journal).toMatchObject({ seq: 1, deltas: 0 });
    expect(writer.filesOf(origin)).toEqual(onDisk(dir, origin));
    journal = await writer.append(origin, journal, 2, [soa(2), host('a', '198.51.100.1')]);
    journal = await writer.append(origin, journal, 3, [soa(3), { ...host('b', '0.0.0.0'), rdata: [] }, host('c', '192.0.2.3')]);
    expect(journal).toMatchObject({ seq: 3, deltas: 2 });
    expect(writer.filesOf(origin)).toEqual(onDisk(dir, origin));
    // The feed is told the delta the journal now ends with.
    const journalFile = await readFile(join(dir, 'w.example.journal'));
    const appended = writer.written(origin).appended;
    expect(appended !== undefined && appended.length > 0 && journalFile.subarray(journalFile.length - appended.length).equals(appended)).toBe(true);
    expect(await writer.journal(origin)).toEqual(journal);
    const served = sorted((await readPublishedContent(dir, origin)).rrsets);
    expect(served).toEqual(sorted([soa(3), host('a', '198.51.100.1'), host('c', '192.0.2.3')]));

    const folded = await writer.fold(origin, journal);
    expect(folded).toMatchObject({ seq: 3, deltas: 0 });
    expect(writer.written(origin).appended).toBeUndefined();
    expect(writer.filesOf(origin)).toEqual(onDisk(dir, origin));
    expect(sorted((await readPublishedContent(dir, origin)).rrsets)).toEqual(served);

    // A writer started afresh (a restart) reads the same state from the files.
    expect(await new ZoneFilesWriter(dir, silentLogger).journal(origin)).toEqual(folded);

    await writer.remove(origin);
    expect(writer.filesOf(origin)).toEqual({ snapshot: null, journal: null });
    expect(onDisk(dir, origin)).toEqual({ snapshot: null, journal: null });
    expect(await writer.journal(origin)).toBeUndefined();
  });

  it('reads RRsets through the index as the journal stands', async () => {
    const writer = new ZoneFilesWriter(dir, silentLogger);
    let journal = await writer.write(origin, encodeSnapshot({ origin, rrsets: [soa(1), host('a', '192.0.2.1')] }), 1);
    expect((await (await writer.index(origin, journal)).rrset(parseName('a.w.example.'), RRType.A))?.rdata).toEqual(host('a', '192.0.2.1').rdata);
    journal = await writer.append(origin, journal, 2, [soa(2), host('a', '198.51.100.7')]);
    expect((await (await writer.index(origin, journal)).rrset(parseName('a.w.example.'), RRType.A))?.rdata).toEqual(host('a', '198.51.100.7').rdata);
  });

  it('forgets what it wrote when a write fails, so the next one reads the files again', async () => {
    const snaps = join(dir, 'snaps');
    await mkdir(snaps);
    const writer = new ZoneFilesWriter(snaps, silentLogger);
    let journal = await writer.write(origin, encodeSnapshot({ origin, rrsets: [soa(1)] }), 1);
    await rm(snaps, { recursive: true });
    await expect(writer.append(origin, journal, 2, [soa(2)])).rejects.toThrow(/ENOENT/);
    // Not the state it held before the failure: what the (now missing) files say.
    expect(await writer.journal(origin)).toBeUndefined();
    await mkdir(snaps);
    journal = await writer.write(origin, encodeSnapshot({ origin, rrsets: [soa(1)] }), 1);
    // A stale state handed back is refused by the fold, which then reads the files again.
    await expect(writer.fold(origin, { ...journal, baseChecksum: Buffer.alloc(32) })).rejects.toThrow(/changed under its journal/);
    expect(await writer.journal(origin)).toEqual(journal);
  });
});
