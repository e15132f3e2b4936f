// RFC 2136 dynamic updates with TSIG (issue 16), driven by BIND's `nsupdate` against the control
// plane's update port: a zone-admin key adds and deletes records, its prerequisites are honoured
// and a failed one changes nothing; an acme-dns01 key may change only TXT at _acme-challenge
// names; the apex SOA and NS stay the zone's; the answer comes once the change is published.
// Messages built here check what nsupdate cannot send: unsigned, a wrong key, a time outside
// the fudge (BADTIME), and a replay.
import { execFile } from 'node:child_process';
import type { ExecFileException } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeQuery, parseMessage } from '../../shared/dns/message.js';
import type { Name } from '../../shared/dns/name.js';
import { nameToWire } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { signMessage, splitTsig, TsigError } from '../../shared/dns/tsig.js';
import type { TsigAlgorithm } from '../../shared/dns/tsig.js';
import { readPublishedContent } from '../../shared/snapshot/published-content.js';
import { api, devLogin, startTestControl } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';

const run = promisify(execFile);
const ORIGIN = 'upd.test';

let control: TestControl;
let session: string;
let zoneId: string;
let port: number;
let admin: { name: string; secret: string };
let acme: { name: string; secret: string };

const mint = async (name: string, scope: string): Promise<{ name: string; secret: string }> => {
  const res = await api(control.url, 'POST', '/api/tsig-keys', { token: session, body: { name, scope, zone_id: zoneId } });
  expect(res.status, res.text).toBe(201);
  return res.json as { name: string; secret: string };
};

/** Runs nsupdate with `key` on the commands (server and zone first); its exit status and output. */
async function nsupdate(key: { name: string; secret: string }, commands: string[], tcp = false): Promise<{ ok: boolean; output: string }> {
  const script = [`server 127.0.0.1 ${port}`, `zone ${ORIGIN}`, ...commands, 'send', ''].join('\n');
  const child = run('nsupdate', [...(tcp ? ['-v'] : []), '-y', `hmac-sha256:${key.name}:${key.secret}`], { timeout: 20_000 });
  child.child.stdin!.end(script);
  return child.then(
    ({ stdout, stderr }) => ({ ok: true, output: stdout + stderr }),
    (err: ExecFileException & { stdout?: string; stderr?: string }) => ({ ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` }),
  );
}

/** The records of `name` `type` the zone publishes now. */
async function published(name: string, type: number): Promise<string[]> {
  const zone = await readPublishedContent(control.services.config.snapshotsDir, `${ORIGIN}.` as Name);
  return zone.rrsets.filter((r) => r.name === `${name}.` && r.type === type).flatMap((r) => r.rdata.map((d) => d.toString('hex')));
}

/** Sends `message` over UDP to the update port; the reply. */
async function send(message: Buffer): Promise<Buffer> {
  const socket = createSocket('udp4');
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      socket.once('message', resolve);
      socket.once('error', reject);
      setTimeout(() => reject(new Error('no reply')), 5000).unref();
      socket.send(message, port, '127.0.0.1');
    });
  } finally {
    socket.close();
  }
}

/** An update adding `name` A `address`, signed with `key` at `time` (seconds since the epoch). */
function signedAdd(key: { name: string; secret: string }, name: string, address: string, time: number): Buffer {
  const unsigned = encodeQuery({ id: 0x4242, qname: ORIGIN, qtype: RRType.SOA, opcode: 5 });
  const rr = Buffer.concat([nameToWire(`${name}.` as Name), Buffer.from([0, 1, 0, 1, 0, 0, 1, 44, 0, 4]), Buffer.from(address.split('.').map(Number))]);
  const message = Buffer.concat([unsigned, rr]);
  message.writeUInt16BE(1, 8); // UPCOUNT
  return signMessage(message, { name: key.name as Name, algorithm: 'hmac-sha256' as TsigAlgorithm, secret: Buffer.from(key.secret, 'base64') }, { now: time }).message;
}

beforeAll(async () => {
  control = await startTestControl({ update: { host: '127.0.0.1', port: 0 } });
  port = control.update!.udpPort;
  ({ session } = await devLogin(control.url, 'owner@upd.test'));
  zoneId = ((await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: ORIGIN } })).json as { id: string }).id;
  admin = await mint(`admin.${ORIGIN}`, 'zone-admin');
  acme = await mint(`acme.${ORIGIN}`, 'acme-dns01');
}, 60_000);

afterAll(async () => {
  await control?.close();
});

describe('RFC 2136 updates with nsupdate', () => {
  it('a zone-admin key adds and deletes records; each is published when nsupdate hears back', async () => {
    expect(await nsupdate(admin, [`update add www.${ORIGIN} 300 A 192.0.2.10`, `update add www.${ORIGIN} 300 A 192.0.2.11`, `update add mail.${ORIGIN} 600 MX 10 mx.example.net.`])).toMatchObject({ ok: true });
    expect(await published(`www.${ORIGIN}`, RRType.A)).toEqual(['c000020a', 'c000020b']);
    expect(await published(`mail.${ORIGIN}`, RRType.MX)).toHaveLength(1);
    expect(await nsupdate(admin, [`update delete www.${ORIGIN} A 192.0.2.10`], true)).toMatchObject({ ok: true });
    expect(await published(`www.${ORIGIN}`, RRType.A)).toEqual(['c000020b']);
    expect(await nsupdate(admin, [`update delete mail.${ORIGIN}`])).toMatchObject({ ok: true });
    expect(await published(`mail.${ORIGIN}`, RRType.MX)).toEqual([]);
    const audit = (await api(control.url, 'GET', '/api/audit', { token: session })).json as { entries: { actor: string; target: string }[] };
    expect(audit.entries.some((e) => e.actor.startsWith('tsig:') && e.target.startsWith('mail.'))).toBe(true);
  });

  it('honours prerequisites, and a failed one changes nothing', async () => {
    expect(await nsupdate(admin, [`prereq nxdomain new.${ORIGIN}`, `update add new.${ORIGIN} 300 TXT "first"`])).toMatchObject({ ok: true });
    const again = await nsupdate(admin, [`prereq nxdomain new.${ORIGIN}`, `update add other.${ORIGIN} 300 TXT "second"`]);
    expect(again.ok).toBe(false);
    expect(again.output).toMatch(/YXDOMAIN/);
    expect(await published(`other.${ORIGIN}`, RRType.TXT)).toEqual([]);
    const wrongValue = await nsupdate(admin, [`prereq yxrrset www.${ORIGIN} A 192.0.2.99`, `update delete www.${ORIGIN} A`]);
    expect(wrongValue.output).toMatch(/NXRRSET/);
    expect(await published(`www.${ORIGIN}`, RRType.A)).toEqual(['c000020b']);
    expect(await nsupdate(admin, [`prereq yxrrset www.${ORIGIN} A 192.0.2.11`, `update delete www.${ORIGIN} A`])).toMatchObject({ ok: true });
    expect(await published(`www.${ORIGIN}`, RRType.A)).toEqual([]);
  });

  it('refuses what a key may not do, and changes nothing', async () => {
    const apex = await nsupdate(admin, [`update add ${ORIGIN} 300 NS ns9.example.net.`]);
    expect(apex.output).toMatch(/REFUSED/);
    expect(await nsupdate(acme, [`update add _acme-challenge.${ORIGIN} 60 TXT "token-1"`])).toMatchObject({ ok: true });
    expect(await published(`_acme-challenge.${ORIGIN}`, RRType.TXT)).toHaveLength(1);
    const www = await nsupdate(acme, [`update add _acme-challenge.${ORIGIN} 60 TXT "token-2"`, `update add www.${ORIGIN} 300 A 192.0.2.66`]);
    expect(www.output).toMatch(/REFUSED/);
    expect(await published(`www.${ORIGIN}`, RRType.A)).toEqual([]);
    expect(await published(`_acme-challenge.${ORIGIN}`, RRType.TXT), 'the whole message or nothing').toHaveLength(1);
    const wrongSecret = await nsupdate({ name: admin.name, secret: Buffer.alloc(32, 7).toString('base64') }, [`update add bad.${ORIGIN} 300 A 192.0.2.1`]);
    expect(wrongSecret.ok).toBe(false);
    expect(await published(`bad.${ORIGIN}`, RRType.A)).toEqual([]);
  });

  it('on a zone that stages its changes, an admin update stays staged, an ACME value is served at once', async () => {
    expect((await api(control.url, 'PATCH', `/api/zones/${zoneId}`, { token: session, body: { auto_publish: false } })).status).toBe(200);
    expect(await nsupdate(admin, [`update add staged.${ORIGIN} 300 A 192.0.2.77`])).toMatchObject({ ok: true });
    expect(await published(`staged.${ORIGIN}`, RRType.A)).toEqual([]);
    expect(await nsupdate(acme, [`update add _acme-challenge.www.${ORIGIN} 60 TXT "staged-zone-token"`])).toMatchObject({ ok: true });
    expect(await published(`_acme-challenge.www.${ORIGIN}`, RRType.TXT)).toHaveLength(1);
    expect(await published(`staged.${ORIGIN}`, RRType.A), 'the staged change is still not live').toEqual([]);
    expect(await nsupdate(acme, [`update delete _acme-challenge.www.${ORIGIN} TXT "staged-zone-token"`])).toMatchObject({ ok: true });
    expect(await published(`_acme-challenge.www.${ORIGIN}`, RRType.TXT)).toEqual([]);
    expect((await api(control.url, 'PATCH', `/api/zones/${zoneId}`, { token: session, body: { auto_publish: true } })).status).toBe(200);
  });

  it('refuses an unsigned update, a time outside the fudge (BADTIME) and a replay', async () => {
    const unsigned = encodeQuery({ id: 7, qname: ORIGIN, qtype: RRType.SOA, opcode: 5 });
    expect(parseMessage(await send(unsigned)).rcode).toBe(5);

    const skewed = await send(signedAdd(admin, `skew.${ORIGIN}`, '192.0.2.5', Math.floor(Date.now() / 1000) - 1000));
    expect(parseMessage(skewed).rcode).toBe(9);
    expect(splitTsig(skewed)?.tsig.error).toBe(TsigError.BadTime);
    expect(await published(`skew.${ORIGIN}`, RRType.A)).toEqual([]);

    const message = signedAdd(admin, `replay.${ORIGIN}`, '192.0.2.6', Math.floor(Date.now() / 1000));
    expect(parseMessage(await send(message)).rcode).toBe(0);
    expect(await published(`replay.${ORIGIN}`, RRType.A)).toEqual(['c0000206']);
    expect(await nsupdate(admin, [`update delete replay.${ORIGIN} A`])).toMatchObject({ ok: true });
    expect(parseMessage(await send(message)).rcode, 'the same message again').toBe(5);
    expect(await published(`replay.${ORIGIN}`, RRType.A)).toEqual([]);
  });
});
