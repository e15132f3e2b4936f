// Benchmark of the control plane: autocannon on record UPSERTs (auto-publish on) and zone GETs, then UPSERT → served latency.
//
// Run: npm run build && node dist/bench/control.js [--duration 10] [--connections 8] [--changes 200]
// It starts `dnscove start` as a child process (its own temp data dir, free ports), so the load
// generator and the server do not share an event loop, and stops it at the end.
import { createRequire } from 'node:module';
import { parseFlags } from '../bin/cli/flags.js';
import { startDnscove } from '../test/helpers/dnscove-process.js';
import { changesToServed, json, post, printChangesToServed } from './control-client.js';

/** The part of autocannon's result this benchmark prints (see its README, "Results"). */
interface Histogram {
  readonly average: number;
  readonly p50: number;
  readonly p97_5: number;
  readonly p99: number;
}
interface AutocannonResult {
  readonly requests: Histogram;
  readonly latency: Histogram;
  readonly non2xx: number;
  readonly errors: number;
  readonly duration: number;
  readonly '2xx': number;
}
interface AutocannonRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}
interface AutocannonOptions {
  readonly url: string;
  readonly connections: number;
  readonly duration: number;
  readonly headers?: Record<string, string>;
  readonly requests?: readonly { method: string; setupRequest?: (req: AutocannonRequest) => AutocannonRequest }[];
}
type Autocannon = (options: AutocannonOptions) => Promise<AutocannonResult>;

// autocannon ships no type declarations; it is narrowed to the shape above once, here.
const loaded: unknown = createRequire(import.meta.url)('autocannon');
if (typeof loaded !== 'function') throw new Error('bench: autocannon did not load as a function');
const autocannon = loaded as Autocannon;

const ORIGIN = 'bench.example';

function printLoad(title: string, r: AutocannonResult): void {
  process.stdout.write(
    `${title}\n` +
      `  requests/s  avg ${r.requests.average.toFixed(0)}  (2xx ${r['2xx']}, non-2xx ${r.non2xx}, errors ${r.errors}, ${r.duration}s)\n` +
      `  latency ms  p50 ${r.latency.p50}  p97.5 ${r.latency.p97_5}  p99 ${r.latency.p99}  avg ${r.latency.average.toFixed(2)}\n`,
  );
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), ['duration', 'connections', 'changes']);
  const duration = Number(flags.values.get('duration')?.at(-1) ?? 10);
  const connections = Number(flags.values.get('connections')?.at(-1) ?? 8);
  const changes = Number(flags.values.get('changes')?.at(-1) ?? 200);
  // Dev-mode mail whatever the caller's environment says: the benchmark logs in with dev_token.
  const server = await startDnscove({ SMTP_URL: '', DNSCOVE_RRL_RATE: '0' });
  try {
    const link = await json<{ dev_token: string }>(`${server.apiUrl}/api/auth/magic-link`, post({ email: 'bench@example.com' }));
    const { session } = await json<{ session: string }>(`${server.apiUrl}/api/auth/exchange`, post({ token: link.dev_token }));
    const zone = await json<{ id: string }>(`${server.apiUrl}/api/zones`, post({ origin: ORIGIN }, session));
    const auth = { authorization: `Bearer ${session}` };
    process.stdout.write(`DNSCove control-plane benchmark: ${connections} connections, ${duration}s per run, node ${process.version}\n\n`);

    // UPSERTs cycle over 100 names with a new value each time, so every request is a real change
    // and the zone stays ~100 RRsets; auto-publish writes a snapshot per coalescing window.
    let n = 0;
    const upserts = await autocannon({
      url: server.apiUrl,
      connections,
      duration,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            const i = n++;
            return {
              ...req,
              path: `/api/zones/${zone.id}/records`,
              headers: { ...auth, 'content-type': 'application/json' },
              body: JSON.stringify({ action: 'UPSERT', name: `r${i % 100}`, type: 'A', ttl: 60, records: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`] }),
            };
          },
        },
      ],
    });
    printLoad('POST /api/zones/{id}/records (UPSERT, auto-publish on)', upserts);

    const gets = await autocannon({ url: `${server.apiUrl}/api/zones/${zone.id}`, connections, duration, headers: auth });
    printLoad('GET /api/zones/{id}', gets);

    const served = await changesToServed({ apiUrl: server.apiUrl, dnsPort: server.dnsPort, zoneId: zone.id, session, name: `latency.${ORIGIN}.`, changes });
    printChangesToServed(`UPSERT → value served by the edge over UDP (${changes} sequential changes)`, served);
  } finally {
    await server.stop();
  }
}

await main();
