// Response rate limiting as an operator meets it: `dnscove edge` with no RRL flags limits a
// flood of one query from one /24 (sources spread over the prefix, as a spoofed flood is) to
// NSD's default 200 answers a second, slips every second held-back answer as TC, keeps
// answering another network and TCP in full, and counts it all in its metrics; --rrl-rate 0
// answers everything.
import dgram from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSnapshots, REPO_ROOT } from '../helpers/edge-server.js';
import { startChild } from '../helpers/child-server.js';
import type { ChildServer } from '../helpers/child-server.js';
import { exchange } from '../helpers/dns-client.js';
import { encodeQuery } from '../../shared/dns/message.js';
import { freePort } from '../helpers/free-port.js';
import { waitUntil } from '../helpers/wait-until.js';
import { FIXTURE_ZONES } from '../interop/fixture-zones.js';

const FLOOD = 2000;
const DEFAULT_RATE = 200;
const WINDOW = 32;

let dir: string;
const children: ChildServer[] = [];

async function startEdge(extra: string[]): Promise<{ port: number; metricsUrl: string; stdout: () => string }> {
  const port = await freePort();
  const edge = await startChild('edge', process.execPath, ['bin/dnscove.js', 'edge', '--snapshots', dir, '--listen', `127.0.0.1:${port}`, '--workers', '1', '--metrics', '127.0.0.1:0', ...extra], REPO_ROOT);
  children.push(edge);
  await waitUntil(() => edge.exitStatus() !== null || /metrics at (http:\S+)/.test(edge.stdout()), { what: 'the edge to listen', timeoutMs: 30_000 });
  return { port, metricsUrl: /metrics at (http:\S+)/.exec(edge.stdout())?.[1] ?? '', stdout: () => edge.stdout() };
}

/** Sends `count` queries for www.example.com A from sockets bound to `sources` in turn; counts full answers and TC replies. */
async function flood(port: number, sources: readonly string[], count: number): Promise<{ full: number; truncated: number; seconds: number }> {
  const sockets = await Promise.all(
    sources.map(async (address) => {
      const socket = dgram.createSocket('udp4');
      await new Promise<void>((resolve) => socket.bind(0, address, resolve));
      return socket;
    }),
  );
  let full = 0;
  let truncated = 0;
  let replied: () => void = () => undefined;
  for (const socket of sockets) {
    socket.on('message', (msg) => {
      if ((msg[2]! & 0x02) !== 0) truncated++;
      else if (msg.readUInt16BE(6) > 0) full++;
      replied();
    });
  }
  const query = encodeQuery({ id: 1, qname: 'www.example.com.', qtype: 1 });
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    // At most WINDOW unanswered at a time (a held-back reply counts until a millisecond passes),
    // so no reply is lost to a full receive buffer and what is missing is what the edge held back.
    if (i - full - truncated >= WINDOW) await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1);
      replied = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    sockets[i % sockets.length]!.send(query, port, '127.0.0.1');
  }
  const seconds = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const socket of sockets) socket.close();
  return { full, truncated, seconds };
}

const sample = (text: string, line: string): number => Number(text.split('\n').find((l) => l.startsWith(`${line} `))?.slice(line.length + 1) ?? NaN);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-edge-rrl-'));
  await buildSnapshots(FIXTURE_ZONES, dir);
}, 60_000);

afterAll(async () => {
  for (const child of children) await child.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('response rate limiting on the edge', () => {
  it('is on by default, loopback included: a flood from one /24 gets the default rate and TC for every second answer held back', async () => {
    const edge = await startEdge([]);
    expect(edge.stdout()).toMatch(/response rate limiting 200\/s per client prefix \(slip 2\)/);
    const { full, truncated, seconds } = await flood(edge.port, ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'], FLOOD);
    // A full bucket at the start, then the rate for as long as the flood lasted (and the half second after).
    expect(full).toBeGreaterThanOrEqual(DEFAULT_RATE);
    expect(full).toBeLessThanOrEqual(Math.ceil(DEFAULT_RATE * (1 + seconds + 0.5)));
    const heldBack = FLOOD - full;
    expect(truncated).toBeGreaterThanOrEqual(Math.floor(heldBack / 2) - 20);
    expect(truncated).toBeLessThanOrEqual(Math.ceil(heldBack / 2));

    // Meanwhile another network, and TCP from the flooded one, get full answers.
    const otherNetwork = await new Promise<Buffer>((resolve) => {
      const socket = dgram.createSocket('udp4');
      socket.bind(0, '127.0.1.1', () => socket.send(encodeQuery({ id: 9, qname: 'www.example.com.', qtype: 1 }), edge.port, '127.0.0.1'));
      socket.once('message', (msg) => {
        socket.close();
        resolve(msg);
      });
    });
    expect(otherNetwork.readUInt16BE(6)).toBe(1);
    expect((await exchange(edge.port, encodeQuery({ id: 10, qname: 'www.example.com.', qtype: 1 }), 'tcp')).message?.answer).toHaveLength(1);

    const metrics = await (await fetch(edge.metricsUrl)).text();
    expect(sample(metrics, 'dnscove_edge_rrl_limited_total{action="truncated"}')).toBeGreaterThanOrEqual(truncated);
    expect(sample(metrics, 'dnscove_edge_rrl_limited_total{action="dropped"}')).toBeGreaterThanOrEqual(heldBack - Math.ceil(heldBack / 2) - 1);
  });

  it('--rrl-rate 0 turns it off: the same flood is answered in full', async () => {
    const edge = await startEdge(['--rrl-rate', '0']);
    expect(edge.stdout()).toMatch(/response rate limiting off/);
    const { full, truncated } = await flood(edge.port, ['127.0.0.2', '127.0.0.3'], FLOOD);
    expect(truncated).toBe(0);
    expect(full).toBeGreaterThanOrEqual(FLOOD * 0.98);
  });
});
