// The proof of PowerDNS API compatibility (issue 16): the request sequences of octoDNS,
// external-dns, Terraform's powerdns provider and DNSControl (test/fixtures/pdns-clients) are
// replayed against a real DNSCove (`dnscove start`, a tenant-admin token as X-API-Key) and a
// real PowerDNS 4.7 (Debian's pdns-server, sqlite3 backend, API on). Each request gets the
// status PowerDNS gives; the zones end up with the same RRsets through the API; and the two
// servers answer the same over DNS for every name and type the zone holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeQuery } from '../../shared/dns/message.js';
import type { DnsMessage, ResourceRecord } from '../../shared/dns/message.js';
import { parseName } from '../../shared/dns/name.js';
import { formatRdata, parseRdata } from '../../shared/dns/rdata.js';
import { rrTypeFromText, rrTypeToText } from '../../shared/dns/rr-type.js';
import { SEQUENCES } from '../fixtures/pdns-clients/sequences.js';
import type { ClientSequence } from '../fixtures/pdns-clients/sequences.js';
import { exchange } from '../helpers/dns-client.js';
import { startDnscove } from '../helpers/dnscove-process.js';
import type { DnscoveProcess } from '../helpers/dnscove-process.js';
import { login } from '../helpers/acme-dnscove.js';
import { api, mintToken } from '../helpers/control-harness.js';
import type { ApiResponse } from '../helpers/control-harness.js';
import { startPdns } from '../helpers/pdns-server.js';
import type { PdnsServer } from '../helpers/pdns-server.js';

interface Target {
  readonly name: string;
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly dnsPort: number;
}

let dnscove: DnscoveProcess | undefined;
let pdns: PdnsServer | undefined;
let targets: Target[] = [];

/** `value` with every "ZONE" in its strings standing for `zone`. */
function withZone<T>(value: T, zone: string): T {
  return JSON.parse(JSON.stringify(value).replace(/ZONE/g, zone)) as T;
}

function call(target: Target, method: string, path: string, body?: unknown): Promise<ApiResponse> {
  return api(target.apiUrl, method, path, { headers: { 'X-API-Key': target.apiKey, Accept: 'application/json' }, ...(body === undefined ? {} : { body }) });
}

interface RRset {
  name: string;
  type: string;
  ttl: number;
  records: { content: string; disabled: boolean }[];
}

/**
 * A record's content in one canonical presentation form: the two servers write some data
 * differently (PowerDNS keeps a TXT's `\;` and an SSHFP's hex case as sent) though it is the same.
 */
function canonical(type: string, content: string, zone: string): string {
  const t = rrTypeFromText(type)!;
  return formatRdata(t, parseRdata(t, content, parseName(zone)));
}

/** The zone's RRsets through the API, but its SOA and apex NS (each server has its own), records canonical and sorted. */
async function zoneRRsets(target: Target, zone: string): Promise<RRset[]> {
  const res = await call(target, 'GET', `/api/v1/servers/localhost/zones/${zone}`);
  expect(res.status, `${target.name} GET ${zone}`).toBe(200);
  return (res.json as { rrsets: RRset[] }).rrsets
    .filter((r) => r.type !== 'SOA' && !(r.type === 'NS' && r.name === zone))
    .map((r) => ({ name: r.name, type: r.type, ttl: r.ttl, records: [...r.records].map((x) => ({ content: canonical(r.type, x.content, zone), disabled: x.disabled })).sort((a, b) => a.content.localeCompare(b.content)) }))
    .sort((a, b) => `${a.name} ${a.type}`.localeCompare(`${b.name} ${b.type}`));
}

/** A DNS answer reduced to what both servers must agree on: rcode, and the answer (and referral) records as text. */
function answerOf(message: DnsMessage | null, type: number): { rcode: number; records: string[] } | null {
  if (message === null) return null;
  const text = (r: ResourceRecord): string => `${r.name} ${r.ttl} ${rrTypeToText(r.type)} ${formatRdata(r.type, r.rdata)}`;
  const referral = message.authority.filter((r) => r.type === type && type === rrTypeFromText('NS'));
  return { rcode: message.rcode, records: [...message.answer, ...referral].map(text).sort() };
}

async function ask(target: Target, name: string, type: number): Promise<{ rcode: number; records: string[] } | null> {
  const reply = await exchange(target.dnsPort, encodeQuery({ id: 7, qname: name, qtype: type }), 'udp');
  return answerOf(reply.message, type);
}

beforeAll(async () => {
  pdns = await startPdns();
  dnscove = await startDnscove();
  const session = await login(dnscove.apiUrl, 'pdns-replay@example.com');
  const { token } = await mintToken(dnscove.apiUrl, session, '/api/tokens', { scope: 'tenant-admin', name: 'replay' });
  targets = [
    { name: 'PowerDNS', apiUrl: pdns.apiUrl, apiKey: pdns.apiKey, dnsPort: pdns.dnsPort },
    { name: 'DNSCove', apiUrl: dnscove.apiUrl, apiKey: token, dnsPort: dnscove.dnsPort },
  ];
}, 60_000);

afterAll(async () => {
  await dnscove?.stop();
  await pdns?.stop();
});

describe.each(SEQUENCES.map((s) => [s.client, s] as [string, ClientSequence]))('%s’s requests, replayed', (_client, sequence) => {
  const zone = sequence.zone;

  it('get the status PowerDNS gives, on both servers, step by step', async () => {
    for (const target of targets) {
      const statuses: string[] = [];
      for (const step of sequence.steps) {
        const res = await call(target, step.method, withZone(step.path, zone), step.body === undefined ? undefined : withZone(step.body, zone));
        statuses.push(`${step.method} ${withZone(step.path, zone)} → ${res.status}${res.status === step.status ? '' : ` ${res.text}`}`);
      }
      expect(statuses, target.name).toEqual(sequence.steps.map((s) => `${s.method} ${withZone(s.path, zone)} → ${s.status}`));
    }
  }, 60_000);

  it('leave the same RRsets in the zone, read through the API', async () => {
    const [reference, ours] = await Promise.all(targets.map((t) => zoneRRsets(t, zone)));
    expect(reference!.length).toBeGreaterThan(0);
    expect(ours).toEqual(reference);
    if (sequence.nameservers !== undefined) {
      const ns = ((await call(targets[1]!, 'GET', `/api/v1/servers/localhost/zones/${zone}`)).json as { rrsets: RRset[] }).rrsets.find((r) => r.type === 'NS' && r.name === zone);
      expect(ns?.records.map((r) => r.content).sort()).toEqual([...sequence.nameservers].sort());
    }
  });

  it('leave both servers answering the same over DNS for every name and type', async () => {
    const rrsets = await zoneRRsets(targets[0]!, zone);
    const questions = rrsets.filter((r) => r.records.some((x) => !x.disabled)).map((r) => ({ name: r.name, type: rrTypeFromText(r.type)! }));
    questions.push({ name: `nothing-here.${zone}`, type: rrTypeFromText('A')! });
    for (const gone of sequence.gone ?? []) questions.push({ name: gone, type: rrTypeFromText('SOA')! });
    for (const q of questions) {
      const [reference, ours] = await Promise.all(targets.map((t) => ask(t, q.name, q.type)));
      expect(ours, `${q.name} ${rrTypeToText(q.type)}`).toEqual(reference);
    }
  });
});
