// Tests control/checks/iterative-resolver.ts and ask-servers.ts against scripted servers on loopback.
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askServers } from '../../../../control/checks/ask-servers.js';
import { checkDelegation } from '../../../../control/checks/delegation-check.js';
import { IterativeResolver } from '../../../../control/checks/iterative-resolver.js';
import type { ResolverOptions } from '../../../../control/checks/iterative-resolver.js';
import { ROOT, parseName } from '../../../../shared/dns/name.js';
import { RRType } from '../../../../shared/dns/rr-type.js';

type Answer = Omit<dnsPacket.Packet, 'id' | 'type' | 'questions'>;
/** What a scripted server answers for a question; undefined = stay silent. */
type Script = (name: string, type: string) => Answer | undefined;

const AA = dnsPacket.AUTHORITATIVE_ANSWER;
const sockets: dgram.Socket[] = [];
let port = 0;

const ns = (owner: string, target: string): dnsPacket.Answer => ({ name: owner, type: 'NS', ttl: 60, data: target });
const a = (owner: string, ip: string): dnsPacket.Answer => ({ name: owner, type: 'A', ttl: 60, data: ip });
const under = (name: string, zone: string): boolean => name === zone || name.endsWith(`.${zone}`);

const SCRIPTS: Record<string, Script> = {
  // The root: "t." is delegated to a server whose name lives elsewhere (no glue); "example." with glue;
  // "up." to a server that refers back upwards; "deep." to a chain of referrals.
  '127.0.60.1': (name) => {
    if (under(name, 't')) return { flags: 0, authorities: [ns('t', 'ns.other.example')] };
    if (under(name, 'example')) return { flags: 0, authorities: [ns('example', 'ns.example')], additionals: [a('ns.example', '127.0.60.3')] };
    if (under(name, 'up')) return { flags: 0, authorities: [ns('up', 'ns.up')], additionals: [a('ns.up', '127.0.60.4')] };
    if (under(name, 'deep')) return { flags: 0, authorities: [ns('deep', 'ns.deep')], additionals: [a('ns.deep', '127.0.60.5')] };
    return { flags: AA | 3 }; // NXDOMAIN (dns-packet takes the rcode in the flags)
  },
  '127.0.60.2': (name, type) => (name === 'zone.t' && type === 'NS' ? { flags: AA, answers: [ns('zone.t', 'ns1.zone.t')] } : { flags: AA }),
  '127.0.60.3': (name, type) => (name === 'ns.other.example' && type === 'A' ? { flags: AA, answers: [a('ns.other.example', '127.0.60.2')] } : { flags: AA }),
  // Lame: refers a question back to the root.
  '127.0.60.4': () => ({ flags: 0, authorities: [ns('', 'a.root')], additionals: [a('a.root', '127.0.60.1')] }),
  '127.0.60.5': () => ({ flags: 0, authorities: [ns('x.deep', 'ns.x.deep')], additionals: [a('ns.x.deep', '127.0.60.6')] }),
  '127.0.60.6': () => ({ flags: 0, authorities: [ns('y.x.deep', 'ns.y.x.deep')], additionals: [a('ns.y.x.deep', '127.0.60.2')] }),
  '127.0.60.7': () => ({ flags: 2 }), // SERVFAIL
  '127.0.60.8': () => undefined,
};

beforeAll(async () => {
  // One port for every scripted server (each on its own address), as referrals carry no port.
  const probe = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => probe.bind(0, '127.0.60.1', resolve));
  port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  for (const [address, script] of Object.entries(SCRIPTS)) {
    const socket = dgram.createSocket('udp4');
    socket.on('message', (msg, rinfo) => {
      const query = dnsPacket.decode(msg);
      const q = query.questions![0]!;
      const answer = script(q.name.toLowerCase(), q.type);
      if (answer === undefined) return;
      socket.send(dnsPacket.encode({ ...answer, id: query.id, type: 'response', questions: query.questions }), rinfo.port, rinfo.address);
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, address, resolve);
    });
  }
});

afterAll(async () => {
  for (const s of sockets.splice(0)) await new Promise<void>((resolve) => s.close(() => resolve()));
});

const options = (extra: Partial<ResolverOptions> = {}): ResolverOptions => ({ rootHints: [{ host: '127.0.60.1', port }], port, timeoutMs: 300, ...extra });

describe('IterativeResolver.walk', () => {
  it('resolves a name server without glue from the root, then follows the referral', async () => {
    const walked = await new IterativeResolver(options()).walk(parseName('zone.t.'), RRType.NS);
    expect(walked).toMatchObject({ kind: 'answer', zone: 't.' });
    expect(walked.kind === 'answer' && walked.servers).toEqual([{ host: '127.0.60.2', port, name: 'ns.other.example.' }]);
  });

  it('stops at the referral for the cut it was asked about', async () => {
    const walked = await new IterativeResolver(options()).walk(parseName('www.example.'), RRType.A, parseName('example.'));
    expect(walked).toMatchObject({ kind: 'referral', zone: ROOT, cut: 'example.', ns: ['ns.example.'] });
  });

  it('calls a server that refers upwards lame', async () => {
    const walked = await new IterativeResolver(options()).walk(parseName('www.up.'), RRType.A);
    expect(walked).toMatchObject({ kind: 'failure', reason: 'lame', zone: 'up.' });
  });

  it('gives up after maxReferrals', async () => {
    const walked = await new IterativeResolver(options({ maxReferrals: 2 })).walk(parseName('z.y.x.deep.'), RRType.A);
    expect(walked).toMatchObject({ kind: 'failure', reason: 'loop' });
  });

  it('reports NXDOMAIN with the zone that said it', async () => {
    expect(await new IterativeResolver(options()).walk(parseName('nowhere.'), RRType.A)).toMatchObject({ kind: 'nxdomain', zone: ROOT });
  });
});

describe('askServers', () => {
  it('moves past a SERVFAIL and a silent server to one that answers', async () => {
    const servers = ['127.0.60.7', '127.0.60.8', '127.0.60.2'].map((host) => ({ host, port }));
    const asked = await askServers(servers, parseName('t.'), parseName('zone.t.'), RRType.NS, 200);
    expect(asked.kind === 'ok' && asked.server.host).toBe('127.0.60.2');
  });

  const failures: [hosts: string[], reason: string][] = [
    [['127.0.60.7', '127.0.60.8'], 'servfail'],
    [['127.0.60.8'], 'timeout'],
    [['127.0.60.4', '127.0.60.8'], 'lame'],
    [[], 'no-servers'],
  ];
  it.each(failures)('%j fail as %s, naming each server', async (hosts, reason) => {
    const asked = await askServers(hosts.map((host) => ({ host, port })), parseName('t.'), parseName('zone.t.'), RRType.NS, 200);
    expect(asked).toMatchObject({ kind: 'failure', reason });
    for (const host of hosts) expect(asked.kind === 'failure' && asked.detail).toContain(`${host}:${port}`);
  });
});

describe('checkDelegation through a glueless delegation', () => {
  it('finds the NS set the zone serves when the parent is not asked separately', async () => {
    const result = await checkDelegation({ origin: parseName('zone.t.'), expected: [parseName('ns1.zone.t.')], resolver: options(), now: () => new Date(0) });
    expect(result).toEqual({
      origin: 'zone.t',
      delegated: true,
      expected: ['ns1.zone.t'],
      found: ['ns1.zone.t'],
      missing: [],
      checked_at: '1970-01-01T00:00:00.000Z',
      outcome: 'delegated',
      parent: 't',
      detail: 'the t zone lists ns1.zone.t',
      ds: { present: false, matching: false, found: [] },
    });
  });
});
