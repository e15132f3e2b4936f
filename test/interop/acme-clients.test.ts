// End to end: lego and certbot obtain certificates from Pebble through DNSCove, validated by real DNS-01 lookups at our edge.
//
// DNSCove runs the way a user starts it (`node bin/dnscove.js start`), Pebble resolves through
// its edge without PEBBLE_VA_ALWAYS_VALID, and each of issue 4's four client paths obtains one
// certificate for `<zone>` and `*.<zone>`, so two values sit at one name during validation.
// Afterwards no challenge TXT is left. The refusals run through the same clients and endpoints.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateNames, manualHooks, runCertbot, runLego, writeScript } from '../helpers/acme-clients.js';
import type { ClientRun } from '../helpers/acme-clients.js';
import { askTxt, createZone, login, waitForTxt } from '../helpers/acme-dnscove.js';
import type { TestZone } from '../helpers/acme-dnscove.js';
import { startDnscove } from '../helpers/dnscove-process.js';
import type { DnscoveProcess } from '../helpers/dnscove-process.js';
import { startPebble } from '../helpers/acme-pebble.js';
import type { Pebble } from '../helpers/acme-pebble.js';
import { api, mintToken, stringField } from '../helpers/control-harness.js';

// acme-dns values live this long; the suite waits for the expiry at its end.
const ACME_DNS_VALUE_SECONDS = 20;

let dnscove: DnscoveProcess | undefined;
let pebble: Pebble | undefined;
let dir = '';
let session = '';

/** A zone with its own acme-dns01 token, as a user sets one up for a client. */
async function zoneWithToken(origin: string): Promise<{ zone: TestZone; token: string }> {
  const zone = await createZone(dnscove!.apiUrl, session, origin);
  const { token } = await mintToken(dnscove!.apiUrl, session, `/api/zones/${zone.id}/tokens`, { scope: 'acme-dns01', name: `acme ${origin}` });
  return { zone, token };
}

/** A hook script calling our endpoint with curl: ACTION, NAME and VALUE are shell words. */
function challengeCall(zone: TestZone, token: string, action: string, name: string, value: string): string {
  return [
    `curl -sS -f --max-time 20 -X POST '${dnscove!.apiUrl}/api/zones/${zone.id}/acme-challenge'`,
    `-H 'authorization: Bearer ${token}' -H 'content-type: application/json'`,
    `-d "{\\"action\\":\\"${action}\\",\\"name\\":\\"${name}\\",\\"value\\":\\"${value}\\"}"`,
  ].join(' ');
}

/** The lego `exec` provider's script (called as `script present|cleanup FQDN VALUE`). */
function legoExecScript(zone: TestZone, token: string): Promise<string> {
  return writeScript(
    join(dir, `exec-${zone.origin}.sh`),
    [
      'case "$1" in present) action=PRESENT ;; cleanup) action=CLEANUP ;; *) exit 0 ;; esac',
      challengeCall(zone, token, '$action', '$2', '$3'),
    ].join('\n'),
  );
}

const LEGO_FAST = { EXEC_SEQUENCE_INTERVAL: '1', EXEC_POLLING_INTERVAL: '1', EXEC_PROPAGATION_TIMEOUT: '30', HTTPREQ_POLLING_INTERVAL: '1', HTTPREQ_PROPAGATION_TIMEOUT: '30' };

function lego(origin: string, provider: string, env: Record<string, string>): Promise<ClientRun> {
  return runLego({
    directoryUrl: pebble!.directoryUrl,
    caFile: pebble!.caFile,
    dnsPort: dnscove!.dnsPort,
    dir: join(dir, `lego-${provider}-${origin}`),
    provider,
    providerEnv: { ...LEGO_FAST, ...env },
    domains: [origin, `*.${origin}`],
    timeoutMs: 90_000,
  });
}

function certbot(origin: string, authHook: string, cleanupHook: string): Promise<ClientRun> {
  return runCertbot({
    directoryUrl: pebble!.directoryUrl,
    caFile: pebble!.caFile,
    dir: join(dir, `certbot-${origin}`),
    authenticator: manualHooks(authHook, cleanupHook),
    domains: [origin, `*.${origin}`],
    timeoutMs: 120_000,
  });
}

/** The SANs of the certificate lego stored for `origin` (its first domain). */
async function legoCertificate(provider: string, origin: string): Promise<string[]> {
  return certificateNames(join(dir, `lego-${provider}-${origin}`, 'certificates', `${origin}.crt`));
}

/** The audit actions of the ACME requests that reached the zone's challenge name, oldest first. */
async function acmeAudit(origin: string): Promise<string[]> {
  const res = await api(dnscove!.apiUrl, 'GET', '/api/audit?limit=200', { token: session });
  const entries = (res.json as { entries?: { action: string; target: string }[] }).entries ?? [];
  return entries.filter((e) => e.target === `_acme-challenge.${origin}./TXT`).map((e) => e.action).reverse();
}

// Both values at the one name at the same time: both PRESENTs before either CLEANUP.
const TOGETHER = ['acme.present', 'acme.present', 'acme.cleanup', 'acme.cleanup'];

const expectIssued = (run: ClientRun): void => expect({ code: run.code, output: run.code === 0 ? '' : run.output }).toEqual({ code: 0, output: '' });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-acme-e2e-'));
  dnscove = await startDnscove({ DNSCOVE_ACME_DNS_TTL: String(ACME_DNS_VALUE_SECONDS), DNSCOVE_ACME_DNS_ZONE: 'acme-dns.dnscove.test' });
  pebble = await startPebble(dir, dnscove.dnsPort);
  session = await login(dnscove.apiUrl, 'certs@example.com');
}, 60_000);

afterAll(async () => {
  await pebble?.stop();
  await dnscove?.stop();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('certificates issued through DNSCove', () => {
  it('3. acme-dns calls from certbot hooks, with _acme-challenge CNAMEd into the acme-dns zone', async () => {
    const zone = await createZone(dnscove!.apiUrl, session, 'acme-dns-client.test');
    const registered = await api(dnscove!.apiUrl, 'POST', '/acme-dns/register', { token: session, body: { allowfrom: ['127.0.0.0/8'] } });
    expect(registered.status).toBe(201);
    const username = stringField(registered.json, 'username');
    const password = stringField(registered.json, 'password');
    const subdomain = stringField(registered.json, 'subdomain');
    const fulldomain = stringField(registered.json, 'fulldomain');
    expect(fulldomain).toBe(`${subdomain}.acme-dns.dnscove.test`);
    const cname = await api(dnscove!.apiUrl, 'POST', `/api/zones/${zone.id}/records`, {
      token: session,
      body: { action: 'UPSERT', name: `_acme-challenge.${zone.origin}.`, type: 'CNAME', ttl: 60, records: [`${fulldomain}.`] },
    });
    expect(cname.status).toBe(200);
    await api(dnscove!.apiUrl, 'POST', `/api/zones/${zone.id}/publish`, { token: session });
    // What acme-dns clients send (lego's and cert-manager's: X-Api-User, X-Api-Key, {subdomain, txt}); they never delete.
    const auth = await writeScript(
      join(dir, 'acme-dns-auth.sh'),
      `curl -sS -f --max-time 20 -X POST '${dnscove!.apiUrl}/acme-dns/update' -H 'X-Api-User: ${username}' -H 'X-Api-Key: ${password}' ` +
        `-H 'content-type: application/json' -d "{\\"subdomain\\":\\"${subdomain}\\",\\"txt\\":\\"$CERTBOT_VALIDATION\\"}"`,
    );
    const cleanup = await writeScript(join(dir, 'acme-dns-cleanup.sh'), 'exit 0');
    const run = await certbot(zone.origin, auth, cleanup);
    expectIssued(run);
    expect(await certificateNames(join(dir, `certbot-${zone.origin}`, 'config', 'live', 'test', 'cert.pem'))).toEqual([`*.${zone.origin}`, zone.origin]);
    // Both values are served until they expire (checked at the end of the suite).
    const list = await api(dnscove!.apiUrl, 'GET', '/api/acme-dns/registrations', { token: session });
    const values = (list.json as { registrations: { username: string; values: unknown[] }[] }).registrations.find((r) => r.username === username)?.values;
    expect(values).toHaveLength(2);
  }, 150_000);

  it('1. lego with the exec provider calling POST /api/zones/{id}/acme-challenge with an acme-dns01 token', async () => {
    const { zone, token } = await zoneWithToken('lego-exec.test');
    const run = await lego(zone.origin, 'exec', { EXEC_PATH: await legoExecScript(zone, token) });
    expectIssued(run);
    expect(await legoCertificate('exec', zone.origin)).toEqual([`*.${zone.origin}`, zone.origin]);
    await waitForTxt(dnscove!.dnsPort, `_acme-challenge.${zone.origin}`, []);
    // lego's exec provider is sequential (EXEC_SEQUENCE_INTERVAL): it solves one challenge, cleans it up, then the next.
    expect(await acmeAudit(zone.origin)).toEqual(['acme.present', 'acme.cleanup', 'acme.present', 'acme.cleanup']);
  }, 120_000);

  it('2. lego with the httpreq provider against /acme/httpreq, the token as Basic password', async () => {
    const { zone, token } = await zoneWithToken('lego-httpreq.test');
    const run = await lego(zone.origin, 'httpreq', { HTTPREQ_ENDPOINT: `${dnscove!.apiUrl}/acme/httpreq`, HTTPREQ_USERNAME: 'lego', HTTPREQ_PASSWORD: token });
    expectIssued(run);
    expect(await legoCertificate('httpreq', zone.origin)).toEqual([`*.${zone.origin}`, zone.origin]);
    await waitForTxt(dnscove!.dnsPort, `_acme-challenge.${zone.origin}`, []);
    expect(await acmeAudit(zone.origin)).toEqual(TOGETHER);
  }, 120_000);

  it('4. certbot --manual with auth and cleanup hooks calling our endpoint', async () => {
    const { zone, token } = await zoneWithToken('certbot-hooks.test');
    const auth = await writeScript(join(dir, 'certbot-auth.sh'), challengeCall(zone, token, 'PRESENT', '$CERTBOT_DOMAIN', '$CERTBOT_VALIDATION'));
    const cleanup = await writeScript(join(dir, 'certbot-cleanup.sh'), challengeCall(zone, token, 'CLEANUP', '$CERTBOT_DOMAIN', '$CERTBOT_VALIDATION'));
    const run = await certbot(zone.origin, auth, cleanup);
    expectIssued(run);
    expect(await certificateNames(join(dir, `certbot-${zone.origin}`, 'config', 'live', 'test', 'cert.pem'))).toEqual([`*.${zone.origin}`, zone.origin]);
    await waitForTxt(dnscove!.dnsPort, `_acme-challenge.${zone.origin}`, []);
    expect(await acmeAudit(zone.origin)).toEqual(TOGETHER);
  }, 150_000);
});

describe('refusals through the same clients', () => {
  it('lego exec with a wrong token gets no certificate and leaves nothing', async () => {
    const { zone, token } = await zoneWithToken('wrong-token.test');
    const wrong = `${token.slice(0, -4)}AAAA`;
    const run = await lego(zone.origin, 'exec', { EXEC_PATH: await legoExecScript(zone, wrong) });
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/401/);
    expect(await readdir(join(dir, `lego-exec-${zone.origin}`, 'certificates')).catch(() => [])).not.toContain(`${zone.origin}.crt`);
    expect((await askTxt(dnscove!.dnsPort, `_acme-challenge.${zone.origin}`)).values).toEqual([]);
  }, 120_000);

  it("lego httpreq with another zone's acme-dns01 token is refused (403)", async () => {
    const { zone } = await zoneWithToken('victim.test');
    const other = await zoneWithToken('attacker.test');
    const run = await lego(zone.origin, 'httpreq', { HTTPREQ_ENDPOINT: `${dnscove!.apiUrl}/acme/httpreq`, HTTPREQ_USERNAME: 'lego', HTTPREQ_PASSWORD: other.token });
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/403/);
    expect((await askTxt(dnscove!.dnsPort, `_acme-challenge.${zone.origin}`)).values).toEqual([]);
  }, 120_000);

  it('an acme-dns01 token cannot change other records or challenge another zone', async () => {
    const { zone, token } = await zoneWithToken('records-guard.test');
    const other = await zoneWithToken('records-other.test');
    const records = await api(dnscove!.apiUrl, 'POST', `/api/zones/${zone.id}/records`, {
      token,
      body: { action: 'UPSERT', name: `www.${zone.origin}.`, type: 'A', ttl: 300, records: ['192.0.2.1'] },
    });
    expect(records.status).toBe(403);
    const crossZone = await api(dnscove!.apiUrl, 'POST', `/api/zones/${other.zone.id}/acme-challenge`, {
      token,
      body: { action: 'PRESENT', name: other.zone.origin, value: 'cross-zone-value' },
    });
    expect(crossZone.status).toBe(403);
    expect((await askTxt(dnscove!.dnsPort, `www.${zone.origin}`)).rcode).toBe(3);
    expect((await askTxt(dnscove!.dnsPort, `_acme-challenge.${other.zone.origin}`)).values).toEqual([]);
  });
});

describe('afterwards', () => {
  it('no challenge TXT is left at any name, acme-dns values included once they expire', async () => {
    const names = ['acme-dns-client.test', 'lego-exec.test', 'lego-httpreq.test', 'certbot-hooks.test'].map((o) => `_acme-challenge.${o}`);
    for (const name of names) await waitForTxt(dnscove!.dnsPort, name, [], (ACME_DNS_VALUE_SECONDS + 15) * 1000);
  }, 60_000);
});
