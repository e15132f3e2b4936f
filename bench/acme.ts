// Benchmark of ACME DNS-01: PRESENT → served latency, PRESENTs per second under concurrency, and one lego issuance against Pebble.
//
// Run from the repository root: npm run build && node dist/bench/acme.js [--challenges 200] [--concurrency 20] [--presents 400] [--zones 10]
// It starts `dnscove start` as a child process (temp data dir, free ports) and, for the last
// figure, Pebble and lego from Debian (`apt-get install -y pebble lego openssl`), and stops them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFlags } from '../bin/cli/flags.js';
import { runLego, writeScript } from '../test/helpers/acme-clients.js';
import { askTxt, createZone, login } from '../test/helpers/acme-dnscove.js';
import type { TestZone } from '../test/helpers/acme-dnscove.js';
import { startDnscove } from '../test/helpers/dnscove-process.js';
import type { DnscoveProcess } from '../test/helpers/dnscove-process.js';
import { startPebble } from '../test/helpers/acme-pebble.js';
import { mintToken } from '../test/helpers/control-harness.js';

interface Options {
  readonly challenges: number;
  readonly concurrency: number;
  readonly presents: number;
  readonly zones: number;
}

function readOptions(args: string[]): Options {
  const flags = parseFlags(args, ['challenges', 'concurrency', 'presents', 'zones']);
  const int = (name: string, fallback: number): number => {
    const text = flags.values.get(name)?.at(-1);
    const n = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`bench: --${name} must be a positive integer`);
    return n;
  };
  return { challenges: int('challenges', 200), concurrency: int('concurrency', 20), presents: int('presents', 400), zones: int('zones', 10) };
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const ms = (n: number): string => n.toFixed(2);
const value = (n: number): string => `bench${String(n).padStart(8, '0')}${'q'.repeat(30)}`;

async function challenge(api: string, zone: TestZone, session: string, action: 'PRESENT' | 'CLEANUP', name: string, v: string): Promise<void> {
  const res = await fetch(`${api}/api/zones/${zone.id}/acme-challenge`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
    body: JSON.stringify({ action, name, value: v }),
  });
  if (res.status !== 200) throw new Error(`bench: ${action} ${name}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

/**
 * Sequential PRESENTs of fresh values at one name: for each, the time from sending the request
 * to the first UDP answer (no EDNS, as Pebble asks) carrying the value, polling the edge
 * without pause; each value is cleaned up afterwards (untimed) so the answer stays small.
 */
async function presentToServed(d: DnscoveProcess, session: string, zone: TestZone, n: number): Promise<{ served: number[]; response: number[]; firstPollHits: number }> {
  const served: number[] = [];
  const response: number[] = [];
  let firstPollHits = 0;
  for (let i = 0; i < n; i++) {
    const v = value(i);
    const started = performance.now();
    await challenge(d.apiUrl, zone, session, 'PRESENT', zone.origin, v);
    response.push(performance.now() - started);
    for (let polls = 1; ; polls++) {
      if ((await askTxt(d.dnsPort, `_acme-challenge.${zone.origin}`)).values.includes(v)) {
        if (polls === 1) firstPollHits++;
        break;
      }
      if (performance.now() - started > 10_000) throw new Error(`bench: ${v} not served after 10 s`);
    }
    served.push(performance.now() - started);
    await challenge(d.apiUrl, zone, session, 'CLEANUP', zone.origin, v);
  }
  return { served: served.sort((a, b) => a - b), response: response.sort((a, b) => a - b), firstPollHits };
}

/** `total` PRESENTs from `concurrency` workers, spread over 100 names per zone and over `zones`; returns PRESENTs/s. */
async function presentsPerSecond(d: DnscoveProcess, session: string, zones: readonly TestZone[], total: number, concurrency: number, offset: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    for (let i = next++; i < total; i = next++) {
      const zone = zones[i % zones.length]!;
      await challenge(d.apiUrl, zone, session, 'PRESENT', `h${i % 100}.${zone.origin}`, value(offset + i));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return total / ((performance.now() - started) / 1000);
}

/** One `lego --dns exec run` for `<zone>` and `*.<zone>` against Pebble resolving through the edge; wall time in ms. */
async function legoIssuance(d: DnscoveProcess, session: string, dir: string): Promise<number> {
  const zone = await createZone(d.apiUrl, session, 'lego.bench.test');
  const { token } = await mintToken(d.apiUrl, session, `/api/zones/${zone.id}/tokens`, { scope: 'acme-dns01', name: 'bench' });
  const script = await writeScript(
    join(dir, 'exec.sh'),
    [
      'case "$1" in present) action=PRESENT ;; cleanup) action=CLEANUP ;; *) exit 0 ;; esac',
      `curl -sS -f --max-time 20 -X POST '${d.apiUrl}/api/zones/${zone.id}/acme-challenge' -H 'authorization: Bearer ${token}' ` +
        `-H 'content-type: application/json' -d "{\\"action\\":\\"$action\\",\\"name\\":\\"$2\\",\\"value\\":\\"$3\\"}"`,
    ].join('\n'),
  );
  const pebble = await startPebble(dir, d.dnsPort);
  try {
    const run = await runLego({
      directoryUrl: pebble.directoryUrl,
      caFile: pebble.caFile,
      dnsPort: d.dnsPort,
      dir: join(dir, 'lego'),
      provider: 'exec',
      providerEnv: { EXEC_PATH: script, EXEC_SEQUENCE_INTERVAL: '1', EXEC_POLLING_INTERVAL: '1' },
      domains: [zone.origin, `*.${zone.origin}`],
      timeoutMs: 90_000,
    });
    if (run.code !== 0) throw new Error(`bench: lego failed:\n${run.output}`);
    return run.ms;
  } finally {
    await pebble.stop();
  }
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const dir = await mkdtemp(join(tmpdir(), 'dnscove-bench-acme-'));
  const d = await startDnscove({ SMTP_URL: '', DNSCOVE_RRL_RATE: '0' });
  try {
    const session = await login(d.apiUrl, 'bench@example.com');
    const single = await createZone(d.apiUrl, session, 'latency.bench.test');
    // Warm up the HTTP path and the publisher once before timing.
    await presentToServed(d, session, single, 5);
    const latency = await presentToServed(d, session, single, options.challenges);
    console.log(`PRESENT → served by the edge (${options.challenges} sequential challenges, UDP without EDNS):`);
    console.log(`  median ${ms(percentile(latency.served, 50))} ms, p99 ${ms(percentile(latency.served, 99))} ms, max ${ms(latency.served.at(-1) ?? NaN)} ms`);
    console.log(`  HTTP response alone: median ${ms(percentile(latency.response, 50))} ms, p99 ${ms(percentile(latency.response, 99))} ms`);
    console.log(`  served at the first query after the response: ${latency.firstPollHits}/${options.challenges}`);

    const oneZone = [await createZone(d.apiUrl, session, 'concurrent.bench.test')];
    const manyZones = await Promise.all(Array.from({ length: options.zones }, (_, i) => createZone(d.apiUrl, session, `z${i}.many.bench.test`)));
    const rateOne = await presentsPerSecond(d, session, oneZone, options.presents, options.concurrency, 1_000_000);
    const rateMany = await presentsPerSecond(d, session, manyZones, options.presents, options.concurrency, 2_000_000);
    console.log(`PRESENTs/s with ${options.concurrency} concurrent clients (${options.presents} PRESENTs over 100 names per zone):`);
    console.log(`  one zone: ${rateOne.toFixed(0)}/s; ${options.zones} zones: ${rateMany.toFixed(0)}/s`);

    const wall = await legoIssuance(d, session, dir);
    console.log(`lego issuance (exec provider, <zone> and *.<zone>, Pebble validating through the edge): ${(wall / 1000).toFixed(2)} s wall`);
  } finally {
    await d.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
