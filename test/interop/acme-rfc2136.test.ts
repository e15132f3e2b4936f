// ACME over RFC 2136 (issue 16): lego's rfc2136 provider and certbot's dns-rfc2136 plugin
// (python3-certbot-dns-rfc2136), each with an acme-dns01 TSIG key minted through the API and
// DNSCove's update port, obtain a certificate for `<zone>` and `*.<zone>` from Pebble, which
// validates through the edge; nothing is left behind, and lego with a wrong secret gets none.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateNames, runCertbot, runLego } from '../helpers/acme-clients.js';
import type { ClientRun } from '../helpers/acme-clients.js';
import { createZone, login, waitForTxt } from '../helpers/acme-dnscove.js';
import { startDnscove } from '../helpers/dnscove-process.js';
import type { DnscoveProcess } from '../helpers/dnscove-process.js';
import { startPebble } from '../helpers/acme-pebble.js';
import type { Pebble } from '../helpers/acme-pebble.js';
import { api } from '../helpers/control-harness.js';
import { freePort } from '../helpers/free-port.js';

let dnscove: DnscoveProcess | undefined;
let pebble: Pebble | undefined;
let dir = '';
let session = '';
let updatePort = 0;

/** A zone and an acme-dns01 TSIG key for it. */
async function zoneWithKey(origin: string): Promise<{ name: string; secret: string }> {
  const zone = await createZone(dnscove!.apiUrl, session, origin);
  const res = await api(dnscove!.apiUrl, 'POST', '/api/tsig-keys', { token: session, body: { name: `acme.${origin}`, scope: 'acme-dns01', zone_id: zone.id } });
  expect(res.status, res.text).toBe(201);
  return res.json as { name: string; secret: string };
}

function lego(origin: string, key: { name: string; secret: string }): Promise<ClientRun> {
  return runLego({
    directoryUrl: pebble!.directoryUrl,
    caFile: pebble!.caFile,
    dnsPort: dnscove!.dnsPort,
    dir: join(dir, `lego-${origin}`),
    provider: 'rfc2136',
    providerEnv: {
      RFC2136_NAMESERVER: `127.0.0.1:${updatePort}`,
      RFC2136_TSIG_KEY: key.name,
      RFC2136_TSIG_SECRET: key.secret,
      RFC2136_TSIG_ALGORITHM: 'hmac-sha256.',
      RFC2136_POLLING_INTERVAL: '1',
      RFC2136_PROPAGATION_TIMEOUT: '30',
      RFC2136_SEQUENCE_INTERVAL: '1',
    },
    domains: [origin, `*.${origin}`],
    timeoutMs: 90_000,
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-acme-rfc2136-'));
  updatePort = await freePort();
  dnscove = await startDnscove({ DNSCOVE_UPDATE: `127.0.0.1:${updatePort}` });
  pebble = await startPebble(dir, dnscove.dnsPort);
  session = await login(dnscove.apiUrl, 'rfc2136@example.com');
}, 60_000);

afterAll(async () => {
  await pebble?.stop();
  await dnscove?.stop();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('ACME DNS-01 through RFC 2136', () => {
  it('lego --dns rfc2136 with an acme-dns01 TSIG key gets a certificate for the zone and its wildcard', async () => {
    const origin = 'lego-rfc2136.test';
    const key = await zoneWithKey(origin);
    const run = await lego(origin, key);
    expect({ code: run.code, output: run.code === 0 ? '' : run.output }).toEqual({ code: 0, output: '' });
    expect(await certificateNames(join(dir, `lego-${origin}`, 'certificates', `${origin}.crt`))).toEqual([`*.${origin}`, origin]);
    await waitForTxt(dnscove!.dnsPort, `_acme-challenge.${origin}`, []);
    const audit = (await api(dnscove!.apiUrl, 'GET', '/api/audit?limit=50', { token: session })).json as { entries: { actor: string; target: string }[] };
    expect(audit.entries.filter((e) => e.actor.startsWith('tsig:') && e.target === `_acme-challenge.${origin}./TXT`).length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('certbot --dns-rfc2136 with an acme-dns01 TSIG key gets a certificate for the zone and its wildcard', async () => {
    const origin = 'certbot-rfc2136.test';
    const key = await zoneWithKey(origin);
    const credentials = join(dir, 'rfc2136.ini');
    await writeFile(
      credentials,
      [`dns_rfc2136_server = 127.0.0.1`, `dns_rfc2136_port = ${updatePort}`, `dns_rfc2136_name = ${key.name}`, `dns_rfc2136_secret = ${key.secret}`, 'dns_rfc2136_algorithm = HMAC-SHA256', 'dns_rfc2136_sign_query = true', ''].join('\n'),
    );
    await chmod(credentials, 0o600);
    const run = await runCertbot({
      directoryUrl: pebble!.directoryUrl,
      caFile: pebble!.caFile,
      dir: join(dir, `certbot-${origin}`),
      authenticator: ['--dns-rfc2136', '--dns-rfc2136-credentials', credentials, '--dns-rfc2136-propagation-seconds', '1'],
      domains: [origin, `*.${origin}`],
      timeoutMs: 120_000,
    });
    expect({ code: run.code, output: run.code === 0 ? '' : run.output }).toEqual({ code: 0, output: '' });
    expect(await certificateNames(join(dir, `certbot-${origin}`, 'config', 'live', 'test', 'cert.pem'))).toEqual([`*.${origin}`, origin]);
    await waitForTxt(dnscove!.dnsPort, `_acme-challenge.${origin}`, []);
  }, 150_000);

  it('with a wrong secret, lego gets no certificate and nothing is written', async () => {
    const origin = 'lego-rfc2136-wrong.test';
    const key = await zoneWithKey(origin);
    const run = await lego(origin, { name: key.name, secret: Buffer.alloc(32, 9).toString('base64') });
    expect(run.code).not.toBe(0);
    await waitForTxt(dnscove!.dnsPort, `_acme-challenge.${origin}`, []);
  }, 120_000);
});
