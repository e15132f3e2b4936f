// dnsperf's statistics block parsed into numbers (the one place its text output is read).

/** One dnsperf run: what it reports at the end under "Statistics:". */
export interface DnsperfResult {
  readonly sent: number;
  readonly completed: number;
  /** Queries whose reply did not come within dnsperf's timeout (5 s by default). */
  readonly lost: number;
  readonly qps: number;
  /** Seconds. */
  readonly avgLatency: number;
  /** Seconds. */
  readonly maxLatency: number;
}

function field(text: string, pattern: RegExp): number | undefined {
  const m = pattern.exec(text);
  return m === null ? undefined : Number(m[1]);
}

/**
 * Parses dnsperf 2.x output; null when the statistics block is missing (dnsperf failed),
 * e.g. "Queries per second:   17520.27" and "Average Latency (s):  0.005401 (min 0.000070, max 0.041156)".
 */
export function parseDnsperf(text: string): DnsperfResult | null {
  const sent = field(text, /Queries sent:\s+(\d+)/);
  const completed = field(text, /Queries completed:\s+(\d+)/);
  const lost = field(text, /Queries lost:\s+(\d+)/);
  const qps = field(text, /Queries per second:\s+([\d.]+)/);
  const latency = /Average Latency \(s\):\s+([\d.]+) \(min [\d.]+, max ([\d.]+)\)/.exec(text);
  if (sent === undefined || completed === undefined || lost === undefined || qps === undefined || latency === null) return null;
  return { sent, completed, lost, qps, avgLatency: Number(latency[1]), maxLatency: Number(latency[2]) };
}
