// The edge's metrics as an operator scrapes them: `dnscove edge --metrics` summed over its
// workers, and `dnscove start`'s /metrics with its edge's (from the edge's own process) beside the control plane's.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSnapshots, REPO_ROOT } from '../helpers/edge-server.js';
import { startChild } from '../helpers/child-server.js';
import type { ChildServer } from '../helpers/child-server.js';
import { startDnscove } from '../helpers/dnscove-process.js';
import { exchange } from '../helpers/dns-client.js';
import { encodeQuery } from '../../shared/dns/message.js';
import { freePort } from '../helpers/free-port.js';
import { waitUntil } from '../helpers/wait-until.js';
import { FIXTURE_ZONES } from '../interop/fixture-zones.js';

/** The value of one sample line (`name{labels} value`), or undefined when the metric has no such line. */
function sample(text: string, line: string): number | undefined {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describe('dnscove edge --metrics, two workers', () => {
  let dir: string;
  let edge: ChildServer;
  let dnsPort: number;
  let metricsUrl: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dnscove-edge-metrics-'));
    await buildSnapshots(FIXTURE_ZONES, dir);
    // A file that does not verify: refused, and counted.
    await writeFile(join(dir, 'broken.test.snap'), Buffer.from('not a snapshot'));
    dnsPort = await freePort();
    edge = await startChild('edge', process.execPath, ['bin/dnscove.js', 'edge', '--snapshots', dir, '--listen', `127.0.0.1:${dnsPort}`, '--workers', '2', '--metrics', '127.0.0.1:0'], REPO_ROOT);
    await waitUntil(() => edge.exitStatus() !== null || /metrics at (http:\S+)/.test(edge.stdout()), { what: 'the edge to print its metrics address', timeoutMs: 30_000 });
    metricsUrl = /metrics at (http:\S+)/.exec(edge.stdout())?.[1] ?? '';
    expect(metricsUrl, edge.stdout() + edge.stderr()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
  }, 60_000);

  afterAll(async () => {
    await edge?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('counts every query, whichever worker answered, by transport, type and rcode, and the sizes sent', async () => {
    for (let i = 0; i < 20; i++) await exchange(dnsPort, encodeQuery({ id: i, qname: 'www.example.com.', qtype: 1 }), 'udp');
    for (let i = 0; i < 5; i++) await exchange(dnsPort, encodeQuery({ id: i, qname: 'nx.example.com.', qtype: 28 }), 'tcp');
    await exchange(dnsPort, encodeQuery({ id: 1, qname: 'www.example.net.', qtype: 16 }), 'udp');
    const text = await (await fetch(metricsUrl)).text();
    expect(sample(text, 'dnscove_dns_requests_total{transport="udp",qtype="A"}')).toBe(20);
    expect(sample(text, 'dnscove_dns_requests_total{transport="tcp",qtype="AAAA"}')).toBe(5);
    expect(sample(text, 'dnscove_dns_requests_total{transport="udp",qtype="TXT"}')).toBe(1);
    expect(sample(text, 'dnscove_dns_responses_total{rcode="NOERROR"}')).toBe(20);
    expect(sample(text, 'dnscove_dns_responses_total{rcode="NXDOMAIN"}')).toBe(5);
    expect(sample(text, 'dnscove_dns_responses_total{rcode="REFUSED"}')).toBe(1);
    expect(sample(text, 'dnscove_dns_response_size_bytes_count{transport="udp"}')).toBe(21);
    expect(sample(text, 'dnscove_dns_response_size_bytes_bucket{transport="udp",le="+Inf"}')).toBe(21);
    expect(sample(text, 'dnscove_dns_response_size_bytes_sum{transport="udp"}')).toBeGreaterThan(21 * 12);
    const hits = sample(text, 'dnscove_edge_answer_cache_hits_total')!;
    const misses = sample(text, 'dnscove_edge_answer_cache_misses_total')!;
    expect(hits + misses).toBe(26);
    expect(misses).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'dnscove_edge_internal_faults_total')).toBe(0);
  });

  it('says what each worker loaded and refused, the serial per zone, the UDP path, and the process metrics', async () => {
    const text = await (await fetch(metricsUrl)).text();
    expect(sample(text, 'dnscove_edge_snapshots_loaded_total')).toBe(2 * FIXTURE_ZONES.length);
    expect(sample(text, 'dnscove_edge_snapshots_refused_total')).toBe(2);
    expect(sample(text, 'dnscove_edge_zones')).toBe(FIXTURE_ZONES.length);
    expect(sample(text, 'dnscove_zone_serial{zone="example.com."}')).toBeGreaterThan(0);
    expect(sample(text, 'dnscove_edge_udp_implementation{implementation="native"}')).toBe(1);
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(text).toContain('# TYPE dnscove_edge_reload_duration_seconds histogram');
  });

  it('serves nothing but GET /metrics', async () => {
    expect((await fetch(metricsUrl.replace('/metrics', '/'))).status).toBe(404);
  });
});

describe('dnscove start: /metrics', () => {
  it('shows the control plane\'s HTTP metrics and the embedded edge\'s, with the UDP path in use', async () => {
    const dnscove = await startDnscove();
    try {
      await exchange(dnscove.dnsPort, encodeQuery({ id: 7, qname: 'nothing.test.', qtype: 1 }), 'udp');
      await fetch(`${dnscove.apiUrl}/healthz`);
      const res = await fetch(`${dnscove.apiUrl}/metrics`);
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const text = await res.text();
      expect(sample(text, 'dnscove_http_requests_total{method="GET",route="/healthz",status="200"}')).toBe(1);
      expect(sample(text, 'dnscove_edge_udp_implementation{implementation="native"}')).toBe(1);
      expect(sample(text, 'dnscove_dns_responses_total{rcode="REFUSED"}')).toBeGreaterThanOrEqual(1);
      expect(text).toMatch(/^process_resident_memory_bytes \d/m);
    } finally {
      await dnscove.stop();
    }
  });
});
