// Request counters for GET /metrics, rendered in the Prometheus text format (version 0.0.4).
import type { Services } from '../services.js';

export interface Metrics {
  /** Counts one finished request. */
  observe(method: string, route: string, status: number, seconds: number): void;
  /** The exposition text. */
  render(): string;
}

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** A fresh set of counters. */
export function createMetrics(): Metrics {
  const requests = new Map<string, number>();
  const buckets = new Array<number>(BUCKETS.length).fill(0);
  let count = 0;
  let sum = 0;
  return {
    observe(method, route, status, seconds) {
      const key = `method="${label(method)}",route="${label(route)}",status="${status}"`;
      requests.set(key, (requests.get(key) ?? 0) + 1);
      count++;
      sum += seconds;
      BUCKETS.forEach((b, i) => {
        if (seconds <= b) buckets[i]!++;
      });
    },
    render() {
      const lines = [
        '# HELP dnscove_http_requests_total HTTP requests by method, route and status.',
        '# TYPE dnscove_http_requests_total counter',
        ...[...requests].map(([k, v]) => `dnscove_http_requests_total{${k}} ${v}`),
        '# HELP dnscove_http_request_duration_seconds HTTP request durations.',
        '# TYPE dnscove_http_request_duration_seconds histogram',
        ...BUCKETS.map((b, i) => `dnscove_http_request_duration_seconds_bucket{le="${b}"} ${buckets[i]}`),
        `dnscove_http_request_duration_seconds_bucket{le="+Inf"} ${count}`,
        `dnscove_http_request_duration_seconds_sum ${sum}`,
        `dnscove_http_request_duration_seconds_count ${count}`,
      ];
      return lines.join('\n') + '\n';
    },
  };
}

// Keyed by the server's Services so the /metrics route finds the counters of its own server.
const registry = new WeakMap<Services, Metrics>();

/** The counters of the server that owns `services` (created on first use). */
export function metricsFor(services: Services): Metrics {
  let m = registry.get(services);
  if (m === undefined) {
    m = createMetrics();
    registry.set(services, m);
  }
  return m;
}
