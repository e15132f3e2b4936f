// What the control-plane benchmarks share: JSON calls to the API and a UDP client asking the edge.
import { createSocket } from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeQuestion, parseReply } from './edge/reply.js';
import { askTxt } from '../test/helpers/acme-dnscove.js';

export async function json<T>(url: string, init: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`bench: ${init.method ?? 'GET'} ${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export const post = (body: unknown, session?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(session === undefined ? {} : { authorization: `Bearer ${session}` }) },
  body: JSON.stringify(body),
});

/** A UDP client that asks one A question and resolves with the answer's addresses (or null on timeout). */
export function udpAsker(port: number): { ask(name: string): Promise<string[] | null>; close(): void } {
  const socket = createSocket('udp4');
  let id = 0;
  const waiting = new Map<number, (addrs: string[]) => void>();
  socket.on('message', (msg) => {
    const reply = parseReply(msg);
    const done = reply === null ? undefined : waiting.get(reply.id);
    if (reply === null || done === undefined) return;
    waiting.delete(reply.id);
    done(reply.answers.flatMap((a) => (a.type === 'A' ? [a.data] : [])));
  });
  return {
    ask(name) {
      id = (id + 1) & 0xffff;
      const qid = id;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(qid);
          resolve(null);
        }, 500);
        waiting.set(qid, (addrs) => {
          clearTimeout(timer);
          resolve(addrs);
        });
        socket.send(encodeQuestion(qid, name, 'A'), port, '127.0.0.1');
      });
    },
    close: () => socket.close(),
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface ChangeRun {
  readonly apiUrl: string;
  readonly dnsPort: number;
  readonly zoneId: string;
  readonly session: string;
  /** The absolute name whose A RRset every change replaces. */
  readonly name: string;
  readonly changes: number;
}

/** Per change, in ms: request sent → response, and response → first UDP answer with the new value. */
export interface ChangeTimes {
  readonly response: readonly number[];
  readonly served: readonly number[];
}

/**
 * One UPSERT at a time; the edge is asked every 1 ms after the response until it answers with
 * the new value, so figures have ~1 ms resolution.
 */
export async function changesToServed(run: ChangeRun): Promise<ChangeTimes> {
  const asker = udpAsker(run.dnsPort);
  const response: number[] = [];
  const served: number[] = [];
  try {
    for (let i = 0; i < run.changes; i++) {
      const value = `192.0.2.${(i % 250) + 1}`;
      const sent = performance.now();
      await json(`${run.apiUrl}/api/zones/${run.zoneId}/records`, post({ name: run.name, type: 'A', ttl: 60, records: [value] }, run.session));
      const t0 = performance.now();
      response.push(t0 - sent);
      for (;;) {
        const addrs = await asker.ask(run.name);
        if (addrs !== null && addrs.length === 1 && addrs[0] === value) break;
        if (performance.now() - t0 > 10_000) throw new Error(`bench: ${value} not served after 10 s`);
        await sleep(1);
      }
      served.push(performance.now() - t0);
    }
  } finally {
    asker.close();
  }
  return { response, served };
}

/**
 * One ACME PRESENT at a time of a fresh value at `_acme-challenge.<origin>`, then its CLEANUP
 * (untimed). A PRESENT answers only once the edge serves the value (API.md "ACME DNS-01"), so
 * request → response is request → served; each value is checked on the edge after it anyway.
 */
export async function challengesToServed(run: Omit<ChangeRun, 'name'> & { readonly origin: string }): Promise<readonly number[]> {
  const name = `_acme-challenge.${run.origin}`;
  const served: number[] = [];
  const call = (action: 'PRESENT' | 'CLEANUP', value: string) => json(`${run.apiUrl}/api/zones/${run.zoneId}/acme-challenge`, post({ action, name, value }, run.session));
  for (let i = 0; i < run.changes; i++) {
    const value = `bench-${String(i).padStart(6, '0')}-${'q'.repeat(32)}`;
    const sent = performance.now();
    await call('PRESENT', value);
    served.push(performance.now() - sent);
    if (!(await askTxt(run.dnsPort, name)).values.includes(value)) throw new Error(`bench: ${value} answered 200 but not served`);
    await call('CLEANUP', value);
  }
  return served;
}

export function printChangesToServed(title: string, times: ChangeTimes): void {
  const line = (label: string, samples: readonly number[]): string => {
    const sorted = [...samples].sort((a, b) => a - b);
    return `  ${label.padEnd(22)} ms  p50 ${percentile(sorted, 50).toFixed(1)}  p99 ${percentile(sorted, 99).toFixed(1)}  max ${sorted.at(-1)!.toFixed(1)}\n`;
  };
  const total = times.served.map((s, i) => s + times.response[i]!);
  process.stdout.write(`${title}\n${line('request → response', times.response)}${line('response → served', times.served)}${line('request → served', total)}`);
}
