// What the edge counts while it answers, kept as plain numbers in typed arrays: the answer path
// pays an array increment per query, and edge-metrics.ts turns them into Prometheus metrics
// only when scraped.

/** Index of each transport in the arrays below. */
export const UDP = 0;
export const TCP = 1;
export type Transport = typeof UDP | typeof TCP;
/** The requests slot of a message without a readable question. */
export const NO_QUESTION = 65536;
export const TRANSPORT_NAMES = ['udp', 'tcp'] as const;

/** Upper bounds of the response size buckets, in bytes (CoreDNS's dns_response_size_bytes buckets, plus our EDNS size). */
export const SIZE_BUCKETS = [100, 200, 300, 400, 511, 1023, 1232, 2047, 4095, 8291, 16000, 32000, 48000, 64000] as const;

export class DnsCounters {
  /** Requests by transport and QTYPE; index NO_QUESTION counts messages without a question. */
  readonly requests = [new Float64Array(65537), new Float64Array(65537)] as const;
  /** Responses by RCODE (the header's four bits). */
  readonly rcodes = new Float64Array(16);
  /** Response sizes by transport: a count per bucket (not cumulative), then their sum. */
  readonly sizeBuckets = [new Float64Array(SIZE_BUCKETS.length + 1), new Float64Array(SIZE_BUCKETS.length + 1)] as const;
  readonly sizeSums = new Float64Array(2);
  cacheHits = 0;
  cacheMisses = 0;
  faults = 0;
  /** UDP responses response rate limiting held back: dropped, or sent truncated instead (edge/rrl). */
  rrlDropped = 0;
  rrlTruncated = 0;
  snapshotsLoaded = 0;
  snapshotsRefused = 0;

  /**
   * Counts one request of `qtype` (NO_QUESTION when it had none the parser could read) and its
   * response (`length` bytes at `offset` of `out`; 0 = none sent).
   */
  countAnswer(transport: Transport, qtype: number, out: Buffer, offset: number, length: number): void {
    this.requests[transport][qtype]! += 1;
    if (length < 12) return;
    this.rcodes[out[offset + 3]! & 0x0f]! += 1;
    const buckets = this.sizeBuckets[transport];
    let b = 0;
    while (b < SIZE_BUCKETS.length && length > SIZE_BUCKETS[b]!) b++;
    buckets[b]! += 1;
    this.sizeSums[transport]! += length;
  }
}

/** This process's counters: one edge per process (a cluster worker is a process). */
export const dnsCounters = new DnsCounters();
