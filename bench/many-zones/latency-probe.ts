// CLI: asks random zones at a fixed rate and reports the latency of every answer (percentiles and max) when stopped.
import { parseFlags } from '../../bin/cli/flags.js';
import { seededInt } from '../edge/prng.js';
import { UdpProber } from '../edge/udp-prober.js';
import { loadQuestion } from './zone-model.js';

const USAGE = 'usage: latency-probe --port P --zones N [--rate QPS] [--seconds S] [--seed S]';
/** A question without a reply after this long counts as lost. */
const LOST_MS = 1000;

/** The q-quantile (0..1) of ascending values, nearest rank. */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * Sends --rate questions a second (in 1 ms ticks) about random zones 1..N, each its own
 * question ID, and measures each reply's round trip in the probe's event loop. Stops after
 * --seconds, or on SIGINT/SIGTERM; then waits for the last replies (up to 1 s) and prints one
 * JSON line {sent, answered, lost, p50_ms, p99_ms, p999_ms, max_ms}. Any reply counts as
 * answered (a removed zone's REFUSED too): this measures delay, not content.
 */
async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseFlags(argv, ['port', 'zones', 'rate', 'seconds', 'seed']);
  const get = (k: string): string | undefined => values.get(k)?.at(-1);
  const port = Number(get('port'));
  const zones = Number(get('zones'));
  const rate = Number(get('rate') ?? 1000);
  const seconds = get('seconds') === undefined ? undefined : Number(get('seconds'));
  if (!Number.isInteger(port) || !Number.isInteger(zones) || zones < 1 || !(rate > 0)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const next = seededInt(Number(get('seed') ?? 99));
  const prober = await UdpProber.open('127.0.0.1', port);
  const latencies: number[] = [];
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  let lost = 0;
  const started = performance.now();
  const stopped = new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.floor(((performance.now() - started) * rate) / 1000) - sent;
      for (let n = 0; n < due; n++) {
        const q = loadQuestion(1 + next(zones), next(1 << 20));
        const t0 = performance.now();
        sent++;
        const p = prober.ask(q.name, q.type, LOST_MS).then((reply) => {
          if (reply === null) lost++;
          else latencies.push(performance.now() - t0);
          inFlight.delete(p);
        });
        inFlight.add(p);
      }
    }, 1);
    const stop = (): void => {
      clearInterval(timer);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (seconds !== undefined) setTimeout(stop, seconds * 1000).unref();
  });
  await stopped;
  await Promise.all([...inFlight]);
  prober.close();
  const sorted = Float64Array.from(latencies).sort();
  const ms = (v: number): number => Number(v.toFixed(3));
  process.stdout.write(
    `${JSON.stringify({
      sent,
      answered: sorted.length,
      lost,
      p50_ms: ms(quantile(sorted, 0.5)),
      p99_ms: ms(quantile(sorted, 0.99)),
      p999_ms: ms(quantile(sorted, 0.999)),
      max_ms: ms(sorted.length === 0 ? NaN : sorted[sorted.length - 1]!),
    })}\n`,
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
