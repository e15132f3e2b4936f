// Benchmark of importing a zone file of a million records through the API, while the edge
// started with it keeps answering for another zone.
//
// Run: npm run build && node dist/bench/big-import.js [--records 1000000] [--format zonefile|route53]
// It starts `dnscove start` (temporary data directory, free ports), creates other.example, then
// POSTs a generated zone of `--records` A records: a zone file to /api/import/zonefile (the file
// itself as the body, text/dns), or with `--format route53` the same records as the output of
// `aws route53 list-resource-record-sets` to /api/import/route53 (JSON), while a probe
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
  const flags = parseFlags(process.argv.slice(2), ['records', 'format']);
  const records = Number(flags.values.get('records')?.at(-1) ?? 1_000_000);
  const format = flags.values.get('format')?.at(-1) ?? 'zonefile';
  if (format !== 'zonefile' && format !== 'route53') throw new Error(`--format must be zonefile or route53, not ${format}`);
  const server = await startDnscove({ SMTP_URL: '', DNSCOVE_RRL_RATE: '0' });
  try {
    const link = await json<{ dev_token: string }>(`${server.apiUrl}/api/auth/magic-link`, post({ email: 'bench@example.com' }));
    const { session } = await json<{ session: string }>(`${server.apiUrl}/api/auth/exchange`, post({ token: link.dev_token }));
    await json(`${server.apiUrl}/api/zones`, post({ origin: 'other.example' }, session));
    const address = (i: number): string => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const request: RequestInit & { body: string } =
      format === 'zonefile'
        ? {
            method: 'POST',
            headers: { authorization: `Bearer ${session}`, 'content-type': 'text/dns' },
            body: `$ORIGIN imp.example.\n${Array.from({ length: records }, (_, i) => `h${i} 300 IN A ${address(i)}`).join('\n')}\n`,
          }
        : {
            method: 'POST',
            headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              json: {
                ResourceRecordSets: [
                  { Name: 'imp.example.', Type: 'SOA', TTL: 900, ResourceRecords: [{ Value: 'ns-1.awsdns-01.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400' }] },
                  { Name: 'imp.example.', Type: 'NS', TTL: 172800, ResourceRecords: [{ Value: 'ns-1.awsdns-01.com.' }] },
                  ...Array.from({ length: records }, (_, i) => ({ Name: `h${i}.imp.example.`, Type: 'A', TTL: 300, ResourceRecords: [{ Value: address(i) }] })),
                ],
              },
            }),
          };
    const what = format === 'zonefile' ? 'zone file' : 'Route 53 JSON';
    process.stdout.write(`DNSCove import of ${records.toLocaleString('en')} records (${(request.body.length / 1e6).toFixed(1)} MB ${what}), node ${process.version}\n`);

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
    const route = format === 'zonefile' ? '/api/import/zonefile?origin=imp.example.' : '/api/import/route53';
    const answer = await json<{ imported: number; published: boolean }>(`${server.apiUrl}${route}`, request);
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
