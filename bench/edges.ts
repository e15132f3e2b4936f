// Benchmark of remote edges: a control plane and three edges over loopback HTTP; change → served latency on all three.
//
// Run: npm run build && node dist/bench/edges.js [--changes 200]
// Each change is an ACME PRESENT through the API (which answers once every connected edge
// serves it); the figure is the time from sending the request until each edge's first UDP
// answer carrying the value, polled every millisecond.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFlags } from '../bin/cli/flags.js';
import { api } from '../test/helpers/control-harness.js';
import { freePort } from '../test/helpers/free-port.js';
import { askEdge, dnscoveCli, startControlProcess, startEdgeProcess, writePubkey } from '../test/helpers/remote-edges.js';
import type { EdgeProcess } from '../test/helpers/remote-edges.js';
import { waitUntil } from '../test/helpers/wait-until.js';

const ORIGIN = 'bench-edges.test';

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function servedAt(edge: EdgeProcess, value: string, started: number): Promise<number> {
  for (;;) {
    if ((await askEdge(edge.port, `_acme-challenge.${ORIGIN}`, 'TXT')).values.includes(value)) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), ['changes']);
  const changes = Number(flags.values.get('changes')?.at(-1) ?? 200);
  // The edges run without response rate limiting: the 1 kHz probe of one name is the measurement, not an attack.
  process.env.DNSCOVE_RRL_RATE = '0';
  const dir = await mkdtemp(join(tmpdir(), 'dnscove-bench-edges-'));
  const dataDir = join(dir, 'data');
  const control = await startControlProcess(dataDir, await freePort());
  const edges: EdgeProcess[] = [];
  try {
    const pubkeyFile = await writePubkey(dataDir, dir);
    for (const name of ['edge-1', 'edge-2', 'edge-3']) {
      const key = (await dnscoveCli(['edge-key', 'create', name, '--data', dataDir])).trim();
      edges.push(await startEdgeProcess({ name, key, snapshotsUrl: `${control.url}/`, cacheDir: join(dir, name), pubkeyFile }));
    }
    const link = (await api(control.url, 'POST', '/api/auth/magic-link', { body: { email: 'bench@example.com' } })).json as { dev_token: string };
    const session = ((await api(control.url, 'POST', '/api/auth/exchange', { body: { token: link.dev_token } })).json as { session: string }).session;
    const zoneId = ((await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: ORIGIN } })).json as { id: string }).id;
    await waitUntil(async () => ((await api(control.url, 'GET', '/api/edges', { token: session })).json as { edges: unknown[] }).edges.length === 3, { what: 'three edges to report' });

    const served: number[] = [];
    const answered: number[] = [];
    let lagging = 0;
    for (let i = 0; i < changes; i++) {
      const value = `bench${i}x${Date.now()}`;
      const started = performance.now();
      const request = api(control.url, 'POST', `/api/zones/${zoneId}/acme-challenge`, { token: session, body: { action: 'PRESENT', name: ORIGIN, value } });
      const perEdge = await Promise.all(edges.map((edge) => servedAt(edge, value, started)));
      const response = await request;
      answered.push(performance.now() - started);
      if (((response.json as { edges?: { lagging?: unknown[] } }).edges?.lagging ?? []).length > 0) lagging++;
      served.push(...perEdge);
      await api(control.url, 'POST', `/api/zones/${zoneId}/acme-challenge`, { token: session, body: { action: 'CLEANUP', name: ORIGIN, value } });
    }
    served.sort((a, b) => a - b);
    answered.sort((a, b) => a - b);
    const ms = (n: number): string => n.toFixed(1);
    process.stdout.write(
      `remote edges: ${changes} ACME PRESENTs, 3 edges over loopback HTTP\n` +
        `  change → served on an edge (${served.length} samples): p50 ${ms(percentile(served, 50))} ms, p99 ${ms(percentile(served, 99))} ms, max ${ms(served[served.length - 1]!)} ms\n` +
        `  change → API answer (all three serving): p50 ${ms(percentile(answered, 50))} ms, p99 ${ms(percentile(answered, 99))} ms, max ${ms(answered[answered.length - 1]!)} ms\n` +
        `  answers naming a lagging edge: ${lagging}\n`,
    );
  } finally {
    for (const edge of edges) await edge.child.stop();
    await control.child.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
