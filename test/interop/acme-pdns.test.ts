// ACME through the PowerDNS-compatible API (issue 16): Debian's lego, with its `pdns` provider
// pointed at DNSCove and a zone's acme-dns01 token as PDNS_API_KEY, obtains a certificate for
// `<zone>` and `*.<zone>` from Pebble, which validates through the edge; the values are gone
// afterwards, the changes are audited under the token, and a revoked token gets nothing.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateNames, runLego } from '../helpers/acme-clients.js';
import type { ClientRun } from '../helpers/acme-clients.js';
import { createZone, login, waitForTxt } from '../helpers/acme-dnscove.js';
import { startDnscove } from '../helpers/dnscove-process.js';
import type { DnscoveProcess } from '../helpers/dnscove-process.js';
import { startPebble } from '../helpers/acme-pebble.js';
import type { Pebble } from '../helpers/acme-pebble.js';
import { api, mintToken } from '../helpers/control-harness.js';

let dnscove: DnscoveProcess | undefined;
let pebble: Pebble | undefined;
let dir = '';
let session = '';

function lego(origin: string, apiKey: string): Promise<ClientRun> {
  return runLego({
    directoryUrl: pebble!.directoryUrl,
    caFile: pebble!.caFile,
    dnsPort: dnscove!.dnsPort,
    dir: join(dir, `lego-${origin}`),
    provider: 'pdns',
    providerEnv: { PDNS_API_URL: dnscove!.apiUrl, PDNS_API_KEY: apiKey, PDNS_POLLING_INTERVAL: '1', PDNS_PROPAGATION_TIMEOUT: '30', PDNS_TTL: '60' },
    domains: [origin, `*.${origin}`],
    timeoutMs: 90_000,
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-acme-pdns-'));
  dnscove = await startDnscove();
  pebble = await startPebble(dir, dnscove.dnsPort);
  session = await login(dnscove.apiUrl, 'pdns-acme@example.com');
}, 60_000);

afterAll(async () => {
  await pebble?.stop();
  await dnscove?.stop();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('ACME DNS-01 through the PowerDNS API', () => {
  it('lego --dns pdns with an acme-dns01 token gets a certificate for the zone and its wildcard', async () => {
    const origin = 'lego-pdns.test';
    const zone = await createZone(dnscove!.apiUrl, session, origin);
    const { token, id } = await mintToken(dnscove!.apiUrl, session, `/api/zones/${zone.id}/tokens`, { scope: 'acme-dns01', name: 'lego-pdns' });
    const run = await lego(origin, token);
    expect({ code: run.code, output: run.code === 0 ? '' : run.output }).toEqual({ code: 0, output: '' });
    expect(await certificateNames(join(dir, `lego-${origin}`, 'certificates', `${origin}.crt`))).toEqual([`*.${origin}`, origin]);
    await waitForTxt(dnscove!.dnsPort, `_acme-challenge.${origin}`, []);
    const audit = (await api(dnscove!.apiUrl, 'GET', '/api/audit?limit=50', { token: session })).json as { entries: { actor: string; target: string }[] };
    expect(audit.entries.filter((e) => e.actor === `token:${id}` && e.target === `_acme-challenge.${origin}./TXT`).length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('with a revoked token, lego gets no certificate and nothing is written', async () => {
    const origin = 'lego-pdns-revoked.test';
    const zone = await createZone(dnscove!.apiUrl, session, origin);
    const { token, id } = await mintToken(dnscove!.apiUrl, session, `/api/zones/${zone.id}/tokens`, { scope: 'acme-dns01', name: 'revoked' });
    expect((await api(dnscove!.apiUrl, 'DELETE', `/api/tokens/${id}`, { token: session })).status).toBe(204);
    const run = await lego(origin, token);
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/401|Unauthorized/);
    await waitForTxt(dnscove!.dnsPort, `_acme-challenge.${origin}`, []);
  }, 120_000);
});
