// The zone serials an edge process owes the control plane in its status reports: every zone's
// at first, then those of the zones changed since the last report that got through, cut into
// reports that fit the control plane's limit for a body from an edge.
import type { ZoneSerial } from '../../shared/schemas/edges.js';

/** JSON bytes of serials per report: the control plane reads at most 16 KiB from an edge. */
const REPORT_BYTES = 12_000;
/** The most serials one report may carry (edgeStatusRequestSchema). */
const REPORT_ITEMS = 1000;

export class ZoneSerialReports {
  readonly #pending = new Map<string, number | null>();
  #reset = true;

  /** Starts with `served`, every zone served now; the first report tells the control plane to forget what this process said before. */
  constructor(served: readonly ZoneSerial[]) {
    this.changed(served);
  }

  /** Whether the next report must start with zone_serials_reset. */
  get reset(): boolean {
    return this.#reset;
  }

  /** Zones reloaded since: their serials now (null: no longer served). */
  changed(serials: readonly ZoneSerial[]): void {
    for (const { zone, serial } of serials) this.#pending.set(zone, serial);
  }

  /** The serials owed, in reports of at most REPORT_BYTES of JSON and REPORT_ITEMS each; one empty report when none are. */
  chunks(): ZoneSerial[][] {
    const chunks: ZoneSerial[][] = [[]];
    let bytes = 0;
    for (const [zone, serial] of this.#pending) {
      const item = { zone, serial };
      const size = JSON.stringify(item).length + 1;
      const current = chunks[chunks.length - 1]!;
      if (current.length > 0 && (bytes + size > REPORT_BYTES || current.length >= REPORT_ITEMS)) {
        chunks.push([item]);
        bytes = size;
      } else {
        current.push(item);
        bytes += size;
      }
    }
    return chunks;
  }

  /** These reports got through: their serials are no longer owed (unless a zone changed again since). */
  sent(chunks: readonly (readonly ZoneSerial[])[]): void {
    for (const chunk of chunks) for (const { zone, serial } of chunk) if (this.#pending.get(zone) === serial) this.#pending.delete(zone);
    this.#reset = false;
  }
}
