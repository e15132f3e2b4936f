// Hostile zone-transfer clients (issue 14): many parallel transfers of a 100,000-record zone
// (25,000 A records, signed: each with its RRSIG, and an NSEC3 record and its RRSIG per name),
// clients that ask and never read, and requests sent half: the edge's memory stays within a
// bound (transfers stream from the files, a few at a time), every honest transfer completes
// intact, and the edge keeps answering UDP queries throughout.
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transferZone } from '../../control/checks/zone-transfer.js';
import { encodeQuery } from '../../shared/dns/message.js';
import type { Name } from '../../shared/dns/name.js';
import { signMessage } from '../../shared/dns/tsig.js';
import type { TsigKey } from '../../shared/dns/tsig.js';
import { exchange } from '../helpers/dns-client.js';
import { startDnscove } from '../helpers/dnscove-process.js';
import type { DnscoveProcess } from '../helpers/dnscove-process.js';
import { devLogin } from '../helpers/control-harness.js';

/** A records imported; the signed zone transferred holds four times as many records. */
const RECORDS = 25_000;
const ORIGIN = 'big.hostile.test.' as Name;

let dns: DnscoveProcess;
let key: TsigKey;

const rssBytes = (): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${dns.server.pid}/status`, 'utf8'))![1]) * 1024;

beforeAll(async () => {
  dns = await startDnscove({ SMTP_URL: '' });
  const post = async (path: string, body: unknown, token?: string): Promise<Record<string, unknown>> =>
    (await (await fetch(`${dns.apiUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) }, body: JSON.stringify(body) })).json()) as Record<string, unknown>;
  const { session } = await devLogin(dns.apiUrl, 'hostile@example.com');
  const zonefile = `$ORIGIN ${ORIGIN}\n$TTL 300\n${Array.from({ length: RECORDS }, (_, i) => `h${i} IN A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`).join('\n')}\n`;
  expect((await post('/api/import/zonefile', { zonefile }, session))['imported']).toBe(RECORDS);
  const minted = await post('/api/tsig-keys', { name: 'hostile.test', scope: 'transfer' }, session);
  key = { name: minted['name'] as Name, algorithm: 'hmac-sha256', secret: Buffer.from(minted['secret'] as string, 'base64') };
}, 120_000);

afterAll(async () => {
  await dns?.server.stop();
});

/** A client that sends a signed AXFR request and never reads the answer. */
function stalledClient(): net.Socket {
  const socket = net.connect({ host: '127.0.0.1', port: dns.dnsPort });
  const query = signMessage(encodeQuery({ id: 7, qname: ORIGIN, qtype: 252 }), key, { now: Math.floor(Date.now() / 1000) }).message;
  const framed = Buffer.alloc(2 + query.length);
  framed.writeUInt16BE(query.length, 0);
  query.copy(framed, 2);
  socket.on('connect', () => {
    socket.write(framed);
    socket.pause();
  });
  socket.on('error', () => undefined);
  return socket;
}

/** A client that sends the first bytes of a request and then nothing. */
function halfSentClient(): net.Socket {
  const socket = net.connect({ host: '127.0.0.1', port: dns.dnsPort }, () => socket.write(Buffer.from([0, 40, 0x12])));
  socket.on('error', () => undefined);
  return socket;
}

describe('hostile zone-transfer clients', () => {
  it('40 parallel transfers, 10 clients that never read and 50 half-sent requests: memory stays bounded, every transfer is whole, UDP is answered throughout', async () => {
    const baseline = rssBytes();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssBytes())), 50);
    const hostile = [...Array.from({ length: 10 }, stalledClient), ...Array.from({ length: 50 }, halfSentClient)];
    let udpAnswered = 0;
    let udpFailures = 0;
    let transfersDone = false;
    const udpProbe = (async () => {
      while (!transfersDone) {
        const reply = await exchange(dns.dnsPort, encodeQuery({ id: 3, qname: `h1.${ORIGIN}`, qtype: 1 }), 'udp', { timeoutMs: 2_000, attempts: 1 });
        if (reply.message?.rcode === 0) udpAnswered++;
        else udpFailures++;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      const server = { host: '127.0.0.1', port: dns.dnsPort };
      const results = await Promise.all(Array.from({ length: 40 }, () => transferZone(server, ORIGIN, 120_000, key)));
      for (const result of results) expect(result.kind === 'zone' ? result.records.filter((r) => r.type === 1).length : result.detail).toBe(RECORDS);
      for (const result of results) expect(result.kind === 'zone' ? result.records.length : result.detail).toBeGreaterThan(4 * RECORDS);
    } finally {
      transfersDone = true;
      await udpProbe;
      clearInterval(sampler);
      for (const socket of hostile) socket.destroy();
    }
    expect(udpAnswered).toBeGreaterThan(0);
    expect(udpFailures).toBe(0);
    // Four transfers stream at once, each holding the zone's files (a few MB here): about 70 MB
    // of growth where this was measured. Forty at once took 134 MB; forty decoded copies of the
    // zone, as transfers were first written, far more.
    expect(peak - baseline).toBeLessThan(110 * 1024 * 1024);
  }, 180_000);
});
