// The edge's Prometheus metrics (prom-client), named as CoreDNS and Knot users expect: the
// answer path's counters (dns-counters.ts) read at scrape time, snapshot loads and reloads,
// and the serial served per zone.
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Aggregator, Metric } from 'prom-client';
import type { ZoneTable } from '../index/zone-table.js';
import type { UdpImplementation } from '../server/native-udp.js';
import { dnsCounters, NO_QUESTION, SIZE_BUCKETS, TRANSPORT_NAMES } from './dns-counters.js';
import { rrTypeToText } from '../../shared/dns/rr-type.js';
import { rcodeToText } from '../../shared/dns/rcode.js';

/** How long reading and indexing one zone's changed files took. Observed by the loader; not on the answer path. */
const reloadDuration = new Histogram({
  name: 'dnscove_edge_reload_duration_seconds',
  help: 'Time to read, verify and index one zone after its files changed.',
  buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30],
  registers: [],
});

export function observeReload(seconds: number): void {
  reloadDuration.observe(seconds);
}

/** One sample: `metricName` names a histogram's _bucket, _sum and _count lines. */
type Values = { value: number; labels: Record<string, string | number>; metricName?: string }[];
type ScrapedType = 'counter' | 'gauge' | 'histogram';

/**
 * A metric whose values are computed when scraped, so counting costs nothing beyond
 * dns-counters. It has what prom-client's registry and cluster aggregator call: name, get()
 * (whose `type` is the exposition's word; prom-client's typings say an enum there) and
 * aggregator.
 */
class ScrapedMetric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: ScrapedType,
    readonly aggregator: Aggregator,
    private readonly values: () => Values,
  ) {}

  get(): { name: string; help: string; type: ScrapedType; aggregator: Aggregator; values: Values } {
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values: this.values() };
  }

  reset(): void {}
}

function requestValues(): Values {
  const values: Values = [];
  TRANSPORT_NAMES.forEach((transport, t) => {
    const counts = dnsCounters.requests[t as 0 | 1];
    for (let qtype = 0; qtype < counts.length; qtype++) {
      const n = counts[qtype]!;
      if (n > 0) values.push({ value: n, labels: { transport, qtype: qtype === NO_QUESTION ? 'none' : rrTypeToText(qtype) } });
    }
  });
  return values;
}

function sizeValues(): Values {
  const values: Values = [];
  TRANSPORT_NAMES.forEach((transport, t) => {
    const buckets = dnsCounters.sizeBuckets[t as 0 | 1];
    let cumulative = 0;
    SIZE_BUCKETS.forEach((le, b) => {
      cumulative += buckets[b]!;
      values.push({ metricName: 'dnscove_dns_response_size_bytes_bucket', value: cumulative, labels: { transport, le } });
    });
    cumulative += buckets[SIZE_BUCKETS.length]!;
    values.push({ metricName: 'dnscove_dns_response_size_bytes_bucket', value: cumulative, labels: { transport, le: '+Inf' } });
    values.push({ metricName: 'dnscove_dns_response_size_bytes_sum', value: dnsCounters.sizeSums[t]!, labels: { transport } });
    values.push({ metricName: 'dnscove_dns_response_size_bytes_count', value: cumulative, labels: { transport } });
  });
  return values;
}

/**
 * A registry of the edge's metrics, answering from the table `current()` returns when scraped.
 * Served on `dnscove edge --metrics HOST:PORT` (summed over the workers) and, under
 * `dnscove start`, beside the control plane's on its /metrics.
 */
export function createEdgeMetrics(current: () => ZoneTable, udp: UdpImplementation): Registry {
  const registry = new Registry();
  const scraped = (name: string, help: string, type: ScrapedType, aggregator: Aggregator, values: () => Values): void =>
    registry.registerMetric(new ScrapedMetric(name, help, type, aggregator, values) as unknown as Metric);
  scraped('dnscove_dns_requests_total', 'DNS requests answered or dropped, by transport and query type (none: no question).', 'counter', 'sum', requestValues);
  scraped('dnscove_dns_responses_total', 'DNS responses sent, by RCODE.', 'counter', 'sum', () =>
    [...dnsCounters.rcodes].flatMap((n, rcode) => (n > 0 ? [{ value: n, labels: { rcode: rcodeToText(rcode) } }] : [])),
  );
  scraped('dnscove_dns_response_size_bytes', 'Size of the DNS responses sent, by transport.', 'histogram', 'sum', sizeValues);
  scraped('dnscove_edge_answer_cache_hits_total', 'Answers copied from the answer cache.', 'counter', 'sum', () => [{ value: dnsCounters.cacheHits, labels: {} }]);
  scraped('dnscove_edge_answer_cache_misses_total', 'Answers looked up and encoded (then cached).', 'counter', 'sum', () => [{ value: dnsCounters.cacheMisses, labels: {} }]);
  scraped('dnscove_edge_internal_faults_total', 'Queries that met an internal fault (answered SERVFAIL or dropped, and logged).', 'counter', 'sum', () => [{ value: dnsCounters.faults, labels: {} }]);
  scraped('dnscove_edge_rrl_limited_total', 'UDP responses held back by response rate limiting: dropped, or sent truncated (TC) so a real client retries over TCP.', 'counter', 'sum', () => [
    { value: dnsCounters.rrlDropped, labels: { action: 'dropped' } },
    { value: dnsCounters.rrlTruncated, labels: { action: 'truncated' } },
  ]);
  scraped('dnscove_edge_snapshots_loaded_total', 'Zone snapshots (and journals) loaded.', 'counter', 'sum', () => [{ value: dnsCounters.snapshotsLoaded, labels: {} }]);
  scraped('dnscove_edge_snapshots_refused_total', 'Zone files refused (bad checksum, bad content); the zone kept serving what it had.', 'counter', 'sum', () => [{ value: dnsCounters.snapshotsRefused, labels: {} }]);
  scraped('dnscove_edge_zones', 'Zones served.', 'gauge', 'max', () => [{ value: current().size, labels: {} }]);
  // Every worker serves the same zones: the highest serial is the one to show, not a sum.
  scraped('dnscove_zone_serial', 'The SOA serial served, per zone.', 'gauge', 'max', () => [...current().served()].map((zone) => ({ value: zone.data.serial, labels: { zone: zone.origin } })));
  scraped('dnscove_edge_udp_implementation', 'The UDP path in use: native (the batching module) or dgram (node:dgram).', 'gauge', 'max', () => [{ value: 1, labels: { implementation: udp } }]);
  registry.registerMetric(reloadDuration);
  return registry;
}

/** The edge's metrics with Node's process and event-loop metrics beside them, for a listener of the edge's own. */
export function withProcessMetrics(edge: Registry): Registry {
  const process = new Registry();
  collectDefaultMetrics({ register: process });
  return Registry.merge([edge, process]);
}
