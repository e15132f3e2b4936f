// The API and DNS calls ACME tests make against a running DNSCove (see dnscove-process.ts).
import { randomInt } from 'node:crypto';
import { formatRdata } from '../../shared/dns/rdata.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { api, devLogin, stringField } from './control-harness.js';
import { exchange } from './dns-client.js';
import { encodeQuery } from '../../shared/dns/message.js';
import { waitUntil } from './wait-until.js';

export interface TestZone {
  readonly id: string;
  /** Without the trailing dot, as the API returns it. */
  readonly origin: string;
}

/** Creates a zone over the API with a session (201 expected). */
export async function createZone(apiUrl: string, session: string, origin: string): Promise<TestZone> {
  const res = await api(apiUrl, 'POST', '/api/zones', { token: session, body: { origin } });
  if (res.status !== 201) throw new Error(`creating ${origin}: ${res.status} ${res.text}`);
  return { id: stringField(res.json, 'id'), origin: stringField(res.json, 'origin') };
}

/** Logs in a fresh dev-mode user and returns its session. */
export async function login(apiUrl: string, email: string): Promise<string> {
  return (await devLogin(apiUrl, email)).session;
}

/** What the edge answers for TXT at `qname` over UDP without EDNS, as Pebble asks: rcode and the TXT strings. */
export async function askTxt(dnsPort: number, qname: string): Promise<{ rcode: number; values: string[]; size: number }> {
  const reply = await exchange(dnsPort, encodeQuery({ id: randomInt(65536), qname, qtype: RRType.TXT }), 'udp', { timeoutMs: 1_000 });
  const message = reply.message;
  if (message === null || reply.bytes === null) throw new Error(`no parsable reply for ${qname} TXT: ${reply.parseError ?? 'timeout'}`);
  const values = message.answer.filter((rr) => rr.type === RRType.TXT).map((rr) => formatRdata(RRType.TXT, rr.rdata).replace(/^"|"$/g, ''));
  return { rcode: message.rcode, values: values.sort(), size: reply.bytes.length };
}

/** Polls the edge until the TXT values at `qname` are exactly `expected` (sorted), up to `timeoutMs`. */
export async function waitForTxt(dnsPort: number, qname: string, expected: readonly string[], timeoutMs = 10_000): Promise<void> {
  const want = JSON.stringify([...expected].sort());
  await waitUntil(async () => JSON.stringify((await askTxt(dnsPort, qname)).values) === want, { what: `${qname} TXT to be ${want}`, timeoutMs });
}
