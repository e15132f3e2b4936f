// What an edge process tells the control plane of the serials it serves: everything once, then
// what changed, in reports that fit a body from an edge (16 KiB), and again whatever did not get through.
import { describe, expect, it } from 'vitest';
import { mergeServedSerials } from '../../../../edge/edge-cluster.js';
import { ZoneSerialReports } from '../../../../edge/remote/zone-serial-reports.js';
import type { ZoneSerial } from '../../../../shared/schemas/edges.js';

const zones = (n: number, serial = 1, label = 'z'): ZoneSerial[] => Array.from({ length: n }, (_, i) => ({ zone: `${label}${i}.${'x'.repeat(200)}.example.`, serial }));

describe('ZoneSerialReports', () => {
  it('first reports every zone served, with reset, in reports whose JSON fits the control plane’s limit', () => {
    const reports = new ZoneSerialReports(zones(300));
    const chunks = reports.chunks();
    expect(reports.reset).toBe(true);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flat()).toEqual(zones(300));
    for (const chunk of chunks) expect(JSON.stringify({ served_seq: 9007199254740991, instance: 'f'.repeat(32), name: 'n'.repeat(63), zones: 300, zone_serials: chunk, zone_serials_reset: true }).length).toBeLessThan(16 * 1024);
  });

  it('then only the zones changed since the last report that got through', () => {
    const reports = new ZoneSerialReports(zones(3));
    reports.sent(reports.chunks());
    expect(reports.reset).toBe(false);
    expect(reports.chunks()).toEqual([[]]);
    reports.changed([{ zone: 'a.example.', serial: 7 }, { zone: 'gone.example.', serial: null }]);
    reports.changed([{ zone: 'a.example.', serial: 8 }]);
    expect(reports.chunks()).toEqual([[{ zone: 'a.example.', serial: 8 }, { zone: 'gone.example.', serial: null }]]);
  });

  it('keeps what a failed report carried, reset included, and what changed after a report was cut', () => {
    const reports = new ZoneSerialReports(zones(2));
    const failed = reports.chunks();
    reports.changed([{ zone: 'b.example.', serial: 3 }]);
    expect(reports.reset, 'nothing got through yet').toBe(true);
    expect(reports.chunks().flat()).toEqual([...failed.flat(), { zone: 'b.example.', serial: 3 }]);
    const cut = reports.chunks();
    reports.changed([{ zone: 'b.example.', serial: 4 }]);
    reports.sent(cut);
    expect(reports.chunks()).toEqual([[{ zone: 'b.example.', serial: 4 }]]);
  });
});

describe('mergeServedSerials', () => {
  it('counts the lowest serial among the workers, and a zone one worker does not serve as not served', () => {
    expect(
      mergeServedSerials([
        [{ zone: 'a.', serial: 5 }, { zone: 'b.', serial: 9 }, { zone: 'c.', serial: 2 }],
        [{ zone: 'a.', serial: 4 }, { zone: 'b.', serial: null }, { zone: 'c.', serial: 2 }],
      ]),
    ).toEqual([
      { zone: 'a.', serial: 4 },
      { zone: 'b.', serial: null },
      { zone: 'c.', serial: 2 },
    ]);
  });
});
