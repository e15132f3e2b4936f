// End to end, as a user runs it: `dnscove start`, log in, create a zone, change records, and watch the edge answer over UDP and TCP.
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRdata } from '../../shared/dns/rdata.js';
import { rrTypeFromText } from '../../shared/dns/rr-type.js';
import { exchange } from '../helpers/dns-client.js';
import type { Transport } from '../helpers/dns-client.js';
import { encodeQuery } from '../../shared/dns/message.js';
import { startDnscove } from '../helpers/dnscove-process.js';
import type { DnscoveProcess } from '../helpers/dnscove-process.js';
import { waitUntil } from '../helpers/wait-until.js';

const ORIGIN = 'e2e.example';
const RCODE = { NOERROR: 0, NXDOMAIN: 3, REFUSED: 5 } as const;

let dnscove: DnscoveProcess | undefined;
let api = '';
let dnsPort = 0;
let session = '';

async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const headers: Record<string, string> = {};
  if (session !== '') headers['authorization'] = `Bearer ${session}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(api + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: (text === '' ? {} : JSON.parse(text)) as T };
}

interface Answer {
  readonly rcode: number;
  readonly aa: boolean;
  /** The answer section's records of the asked name and type, as sorted canonical text. */
  readonly values: string[];
}

async function ask(transport: Transport, qname: string, typeText: string): Promise<Answer> {
  const qtype = rrTypeFromText(typeText)!;
  const reply = await exchange(dnsPort, encodeQuery({ id: randomInt(65536), qname, qtype }), transport, { timeoutMs: 1_000 });
  const message = reply.message;
  if (message === null) throw new Error(`no parsable ${transport} reply for ${qname} ${typeText}: ${reply.parseError ?? 'timeout'}`);
  const values = message.answer.filter((rr) => rr.type === qtype && rr.name === qname).map((rr) => formatRdata(qtype, rr.rdata));
  return { rcode: message.rcode, aa: message.aa, values: values.sort() };
}

/** Polls the edge over both transports until `accept` holds for each, up to a deadline. */
async function expectServed(qname: string, type: string, accept: (a: Answer) => boolean, what: string): Promise<void> {
  for (const transport of ['udp', 'tcp'] as const) {
    await waitUntil(async () => accept(await ask(transport, qname, type)), { what: `${what} over ${transport}`, timeoutMs: 10_000 });
  }
}

beforeAll(async () => {
  dnscove = await startDnscove();
  api = dnscove.apiUrl;
  dnsPort = dnscove.dnsPort;
});

afterAll(async () => {
  await dnscove?.stop();
});

describe('dnscove start, end to end', () => {
  const records: { name: string; type: string; records: string[] }[] = [
    { name: `www.${ORIGIN}.`, type: 'A', records: ['192.0.2.10', '192.0.2.11'] },
    { name: `www.${ORIGIN}.`, type: 'AAAA', records: ['2001:db8::10'] },
    { name: `${ORIGIN}.`, type: 'MX', records: [`10 mail.${ORIGIN}.`, '20 mx.example.net.'] },
    { name: `${ORIGIN}.`, type: 'TXT', records: ['"v=spf1 mx -all"'] },
    { name: `only-txt.${ORIGIN}.`, type: 'TXT', records: ['"hello" "world"'] },
    { name: `alias.${ORIGIN}.`, type: 'CNAME', records: ['www.example.net.'] },
    { name: `_sip._tcp.${ORIGIN}.`, type: 'SRV', records: [`10 60 5060 sip.${ORIGIN}.`] },
    { name: `${ORIGIN}.`, type: 'CAA', records: ['0 issue "letsencrypt.org"'] },
  ];
  let zoneId = '';

  it('logs in through the dev magic link', async () => {
    const link = await call<{ sent: boolean; dev_token: string; dev_link: string }>('POST', '/api/auth/magic-link', { email: 'e2e@example.com' });
    expect(link.status).toBe(200);
    expect(link.json.sent).toBe(true);
    expect(link.json.dev_link).toContain(link.json.dev_token);
    const exchanged = await call<{ session: string }>('POST', '/api/auth/exchange', { token: link.json.dev_token });
    expect(exchanged.status).toBe(200);
    session = exchanged.json.session;
  });

  it('creates a zone that the edge serves at once', async () => {
    const zone = await call<{ id: string; serial: number; published_serial: number }>('POST', '/api/zones', { origin: ORIGIN });
    expect(zone.status).toBe(201);
    expect(zone.json.published_serial).toBe(1);
    zoneId = zone.json.id;
    await expectServed(`${ORIGIN}.`, 'SOA', (a) => a.rcode === RCODE.NOERROR && a.aa && / 1 3600 900 1209600 300$/.test(a.values[0] ?? ''), 'the new zone’s SOA');
  });

  it('serves UPSERTed records of several types', async () => {
    const res = await call<{ status: string; serial: number; rrsets: { name: string; type: string }[] }>('POST', `/api/zones/${zoneId}/records`, {
      changes: records.map((r) => ({ action: 'UPSERT', ttl: 120, ...r })),
    });
    expect(res).toMatchObject({ status: 200, json: { status: 'PENDING', serial: 2 } });
    expect(res.json.rrsets.map((r) => `${r.name} ${r.type}`)).toContain('www.e2e.example. A');
    for (const r of records) {
      await expectServed(r.name, r.type, (a) => a.rcode === RCODE.NOERROR && a.aa && JSON.stringify(a.values) === JSON.stringify([...r.records].sort()), `${r.name} ${r.type}`);
    }
    await expectServed(`${ORIGIN}.`, 'SOA', (a) => / 2 3600 900 1209600 300$/.test(a.values[0] ?? ''), 'the SOA serial 2');
  });

  it('answers NODATA and NXDOMAIN after DELETEs', async () => {
    const res = await call<{ serial: number }>('POST', `/api/zones/${zoneId}/records`, {
      changes: [
        { action: 'DELETE', name: `www.${ORIGIN}.`, type: 'A' },
        { action: 'DELETE', name: `only-txt.${ORIGIN}.`, type: 'TXT' },
      ],
    });
    expect(res.status).toBe(200);
    await expectServed(`www.${ORIGIN}.`, 'A', (a) => a.rcode === RCODE.NOERROR && a.values.length === 0, 'NODATA for the deleted A');
    await expectServed(`www.${ORIGIN}.`, 'AAAA', (a) => a.values.length === 1, 'the AAAA beside it, still there');
    await expectServed(`only-txt.${ORIGIN}.`, 'TXT', (a) => a.rcode === RCODE.NXDOMAIN, 'NXDOMAIN for the deleted name');
  });

  it('answers REFUSED once the zone is deleted', async () => {
    expect((await call('DELETE', `/api/zones/${zoneId}`)).status).toBe(204);
    await expectServed(`${ORIGIN}.`, 'SOA', (a) => a.rcode === RCODE.REFUSED, 'REFUSED for the deleted zone');
    await expectServed(`www.${ORIGIN}.`, 'AAAA', (a) => a.rcode === RCODE.REFUSED, 'REFUSED below the deleted zone');
  });
});
