// Benchmark of importing a zone file of a million records through the API, while the edge
// started with it keeps answering for another zone.
//
// Run: npm run build && node dist/bench/big-import.js [--records 1000000]
// It starts `dnscove start` (temporary data directory, free ports), creates other.example, then
// POSTs a generated zone file of `--records` A records to /api/import/zonefile (the file itself
// as the body, text/dns) while a probe
// asks the edge for other.example's SOA every 10 ms (each question waits as long as it takes)
// and another client polls GET /api/import/progress. Printed: the import's time, the longest
// the edge took to answer during it, the phases the progress route reported, and the peak RSS
// of the control plane's process and of the edge's (its child).
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseFlags } from '../bin/cli/flags.js';
import { exchange } from '../test/helpers/dns-client.js';
import { encodeQuery } from '../shared/dns/message.js';
import { startDnscove } from '../test/helpers/dnscove-process.js';
import { json, post } from './control-client.js';

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), ['records']);
  const records = Number(flags.values.get('records')?.at(-1) ?? 1_000_000);
  const server = await startDnscove({ SMTP_URL: '', DNSCOVE_RRL_RATE: '0' });
  try {
    const link = await json<{ dev_token: string }>(`${server.apiUrl}/api/auth/magic-link`, post({ email: 'bench@example.com' }));
    const { session } = await json<{ session: string }>(`${server.apiUrl}/api/auth/exchange`, post({ token: link.dev_token }));
    await json(`${server.apiUrl}/api/zones`, post({ origin: 'other.example' }, session));
    const lines = Array.from({ length: records }, (_, i) => `h${i} 300 IN A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    const zonefile = `$ORIGIN imp.example.\n${lines.join('\n')}\n`;
    process.stdout.write(`DNSCove import of ${records.toLocaleString('en')} records (${(zonefile.length / 1e6).toFixed(1)} MB zone file), node ${process.version}\n`);

    let done = false;
    let slowest = 0;
    const phases = new Set<string>();
    const probe = (async () => {
      while (!done) {
        const sent = performance.now();
        await exchange(server.dnsPort, encodeQuery({ id: 7, qname: 'other.example.', qtype: 6 }), 'udp', { attempts: 1, timeoutMs: 600_000 });
        slowest = Math.max(slowest, performance.now() - sent);
        await sleep(10);
      }
    })();
    const progress = (async () => {
      while (!done) {
        const res = await fetch(`${server.apiUrl}/api/import/progress`, { headers: { authorization: `Bearer ${session}` } }).catch(() => undefined);
        const body = (await res?.json().catch(() => undefined)) as { imports: { phase: string }[] } | undefined;
        for (const i of body?.imports ?? []) phases.add(i.phase);
        await sleep(200);
      }
    })();
    const started = performance.now();
    const answer = await json<{ imported: number; published: boolean }>(`${server.apiUrl}/api/import/zonefile?origin=imp.example.`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session}`, 'content-type': 'text/dns' },
      body: zonefile,
    });
    const took = performance.now() - started;
    done = true;
    await Promise.all([probe, progress]);
    const peakMb = (pid: number): number => Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024);
    const edges = readFileSync(`/proc/${server.server.pid}/task/${server.server.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    process.stdout.write(
      `  imported ${answer.imported.toLocaleString('en')} RRsets, published ${answer.published}, in ${(took / 1000).toFixed(1)} s\n` +
        `  longest edge answer (other.example SOA) during the import: ${slowest.toFixed(0)} ms\n` +
        `  phases reported by GET /api/import/progress: ${[...phases].join(', ')}\n` +
        `  peak RSS: control plane ${peakMb(server.server.pid)} MB, edge ${edges.map(peakMb).join(' + ')} MB\n`,
    );
  } finally {
    await server.stop();
  }
}

await main();
