// The control plane's Prometheus metrics on prom-client: HTTP requests by route and status,
// their durations, Node's process and event-loop metrics, and the exposition text of any
// source given beside them (the edge's under `dnscove start`, from its own process).
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export interface Metrics {
  /** Counts one finished request. */
  observe(method: string, route: string, status: number, seconds: number): void;
  /** The exposition text of every metric. */
  render(): Promise<string>;
  /** The exposition's media type (Prometheus text format 0.0.4). */
  readonly contentType: string;
}

/** Metrics in the Prometheus text format from elsewhere (another registry, another process); never the names of this process's default metrics. */
export type MetricsSource = () => Promise<string>;

/** A fresh set of metrics for one server, shown together with those of `beside`. */
export function createMetrics(beside: readonly MetricsSource[] = []): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'dnscove_http_requests_total', help: 'HTTP requests by method, route and status.', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const durations = new Histogram({
    name: 'dnscove_http_request_duration_seconds',
    help: 'HTTP request durations.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return {
    observe(method, route, status, seconds) {
      requests.inc({ method, route, status });
      durations.observe(seconds);
    },
    async render() {
      const texts = await Promise.all([registry.metrics(), ...beside.map((source) => source())]);
      return texts.map((t) => (t.endsWith('\n') || t === '' ? t : `${t}\n`)).join('');
    },
    contentType: registry.contentType,
  };
}
