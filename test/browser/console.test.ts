// The web console in a real Chromium against `dnscove start`: log in, zone, records, publish, import, tokens (issue 7).
import { randomInt } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRdata } from '../../shared/dns/rdata.js';
import { rrTypeFromText } from '../../shared/dns/rr-type.js';
import { launchChromium, screenshot } from '../helpers/browser-chromium.js';
import { startDnscove } from '../helpers/dnscove-process.js';
import type { DnscoveProcess } from '../helpers/dnscove-process.js';
import { exchange } from '../helpers/dns-client.js';
import { encodeQuery } from '../../shared/dns/message.js';
import { dnscoveCli, startEdgeProcess, writePubkey } from '../helpers/remote-edges.js';
import { waitUntil } from '../helpers/wait-until.js';
import { startUdpSecondary } from '../helpers/udp-secondary.js';
import type { Name } from '../../shared/dns/name.js';

const ORIGIN = 'console.test';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const RCODE = { NOERROR: 0, NXDOMAIN: 3, REFUSED: 5 } as const;

let dnscove: DnscoveProcess;
let browser: Browser;
let page: Page;
let zoneId = '';
let mintedToken = '';

/** The edge's answer to `qname`/`type` over UDP: rcode and the answer values as sorted text. */
async function ask(qname: string, typeText: string): Promise<{ rcode: number; values: string[] }> {
  const qtype = rrTypeFromText(typeText)!;
  const reply = await exchange(dnscove.dnsPort, encodeQuery({ id: randomInt(65536), qname, qtype }), 'udp', { timeoutMs: 1_000 });
  if (reply.message === null) throw new Error(`no reply for ${qname} ${typeText}: ${reply.parseError ?? 'timeout'}`);
  const values = reply.message.answer.filter((rr) => rr.type === qtype && rr.name === qname).map((rr) => formatRdata(qtype, rr.rdata));
  return { rcode: reply.message.rcode, values: values.sort() };
}

/** Calls the API the way an ACME client would, with a machine token. */
async function acmePresent(token: string): Promise<number> {
  const res = await fetch(`${dnscove.apiUrl}/api/zones/${zoneId}/acme-challenge`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'PRESENT', name: `_acme-challenge.www.${ORIGIN}.`, value: 'browser-test-challenge-value' }),
  });
  await res.arrayBuffer();
  return res.status;
}

/** The session the console keeps (as the console does: localStorage), for an API call beside it. */
async function sessionOf(p: Page): Promise<string> {
  return (JSON.parse((await p.evaluate(`localStorage.getItem('dnscove.session')`)) as string) as { session: string }).session;
}

/** Fails when the page scrolls sideways at this width: everything must wrap or fold inside it. */
async function expectNoSidewaysScroll(what: string): Promise<void> {
  // Page scripts as text: this file is compiled without the DOM library.
  const widths = (await page.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]')) as [number, number];
  expect(widths[0], `${what}: page width ${widths[0]} px in a ${widths[1]} px window`).toBeLessThanOrEqual(widths[1]);
}

/** Checks there is no sideways scroll at desktop and phone width, restoring desktop afterwards. */
async function expectFitsBothWidths(what: string): Promise<void> {
  await expectNoSidewaysScroll(`${what} at 1280 px`);
  await page.setViewportSize(PHONE);
  await expectNoSidewaysScroll(`${what} at 390 px`);
  await page.setViewportSize(DESKTOP);
}

/** Screenshots the page at desktop and phone width, restoring desktop afterwards. */
async function shoot(name: string): Promise<void> {
  await screenshot(page, `console-${name}-desktop`);
  await page.setViewportSize(PHONE);
  await screenshot(page, `console-${name}-phone`);
  await page.setViewportSize(DESKTOP);
}

beforeAll(async () => {
  // The root hints point at a closed loopback port: delegation and parity checks fail at once
  // instead of leaving the machine.
  dnscove = await startDnscove({ DNSCOVE_ROOT_HINTS: '127.0.0.1:9' });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: DESKTOP });
  page = await context.newPage();
  // A request to anywhere but the server under test would break "works offline": fail loudly.
  await context.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => route.abort());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await dnscove?.stop();
});

describe('the web console, in Chromium', () => {
  it('logs in through the dev link and lands on the zone list', async () => {
    await page.goto(`${dnscove.apiUrl}/`);
    await page.getByRole('heading', { name: 'Sign in to DNSCove' }).waitFor();
    await shoot('login');
    // By keyboard: the page title has focus after navigation, the next Tab is the email field.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.getAttribute("type")')).toBe('email');
    await page.keyboard.type('browser@example.com');
    await page.keyboard.press('Enter');
    const link = page.locator('#dev-link');
    expect(await link.getAttribute('href')).toMatch(/\/auth\/callback\?token=/);
    await link.click();
    await page.getByRole('heading', { name: 'Zones', level: 1 }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/zones');
    // The single-use token is gone from the address and the session is kept.
    expect(page.url()).not.toContain('token=');
    await expect(page.locator('.who .email').textContent()).resolves.toBe('browser@example.com');
    await page.getByText('No zones yet').waitFor();
  });

  it('creates a zone and opens its page', async () => {
    await page.getByLabel('New zone').fill(ORIGIN);
    await page.getByRole('button', { name: 'Create zone' }).click();
    await page.getByRole('heading', { name: ORIGIN, level: 1 }).waitFor();
    zoneId = /#\/zones\/(Z[0-9a-f]+)/.exec(page.url())?.[1] ?? '';
    // DNSCOVE_NS is not set in this test: the page says the names are placeholders.
    await page.getByText('These are placeholder names: the operator has not set DNSCOVE_NS yet').waitFor();
    expect(zoneId).not.toBe('');
    await page.getByRole('cell', { name: 'SOA' }).waitFor();
  });

  it('stages an A record, showing the API’s error for a bad IPv4 address next to the field', async () => {
    const auto = page.getByLabel('Publish every change automatically');
    await auto.uncheck();
    await waitUntil(async () => (await auto.isEnabled()) && !(await auto.isChecked()), { what: 'auto-publish to turn off' });
    const editor = page.getByRole('form', { name: 'Add a record' });
    await editor.getByLabel('Name', { exact: true }).fill('www');
    // The API reads names as absolute; the form says which name "www" becomes before saving.
    await editor.getByText(`Writes www.${ORIGIN}.`, { exact: true }).waitFor();
    await editor.getByLabel('Type', { exact: true }).selectOption('A');
    const address = editor.getByLabel('IPv4 address');
    await address.fill('192.0.2.300');
    await editor.getByRole('button', { name: 'Save record' }).click();
    await waitUntil(async () => (await address.getAttribute('aria-invalid')) === 'true', { what: 'the address field to be marked invalid' });
    const errorId = (await address.getAttribute('aria-describedby')) ?? '';
    const message = (await page.locator(`[id="${errorId}"]`).textContent()) ?? '';
    expect(message).toMatch(/192\.0\.2\.300/);
    await screenshot(page, 'console-zone-validation-desktop');
    await address.fill('192.0.2.10');
    await editor.getByRole('button', { name: 'Save record' }).click();
    await page.locator('tr[data-name="www"][data-type="A"]').waitFor();
    expect(await address.getAttribute('aria-invalid')).toBeNull();
    await editor.getByRole('status').getByText(`Saved www.${ORIGIN}. A (TTL 300): 192.0.2.10`).waitFor();
  });

  it('stages an MX record', async () => {
    const editor = page.getByRole('form', { name: 'Add a record' });
    await editor.getByLabel('Name', { exact: true }).fill('@');
    await editor.getByLabel('Type', { exact: true }).selectOption('MX');
    await editor.getByLabel('Priority').fill('10');
    // Without the trailing dot: still absolute, and the saved note shows the value as stored.
    await editor.getByLabel('Mail server').fill(`Mail.${ORIGIN}`);
    await editor.getByRole('button', { name: 'Save record' }).click();
    await page.locator('tr[data-name="@"][data-type="MX"]').waitFor();
    await editor.getByRole('status').getByText(`Saved ${ORIGIN}. MX (TTL 300): 10 mail.${ORIGIN}.`).waitFor();
    await page.getByText('2 changes not published').waitFor();
    // Staged, not served: the edge still has the zone as created.
    expect((await ask(`www.${ORIGIN}.`, 'A')).rcode).toBe(RCODE.NXDOMAIN);
  });

  it('shows the diff first, then publishes, and the edge answers with the records over UDP', async () => {
    await page.getByRole('button', { name: 'Review and publish' }).click();
    const diff = page.locator('table.diff');
    await diff.waitFor();
    expect(await diff.locator('tbody tr').count()).toBe(2);
    expect(await diff.locator('tr.diff-added').allTextContents()).toEqual([expect.stringContaining(`10 mail.${ORIGIN}.`), expect.stringContaining('192.0.2.10')]);
    await shoot('zone');
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.getByText('Published. The name servers answer').waitFor();
    await page.locator('.publish-state').getByText('Published', { exact: true }).waitFor();
    // The embedded edge is a nameserver too: it serves every publish before the publish returns.
    await page.locator('.publish-state').getByText('Served by 1 of 1 nameserver', { exact: true }).waitFor();
    await waitUntil(async () => {
      const a = await ask(`www.${ORIGIN}.`, 'A');
      return a.rcode === RCODE.NOERROR && JSON.stringify(a.values) === JSON.stringify(['192.0.2.10']);
    }, { what: 'the edge to serve www A' });
    const mx = await ask(`${ORIGIN}.`, 'MX');
    expect(mx).toEqual({ rcode: RCODE.NOERROR, values: [`10 mail.${ORIGIN}.`] });
  });

  it('filters and sorts the record table', async () => {
    await page.getByLabel('Filter by name').fill('www');
    await waitUntil(async () => (await page.locator('table.rrsets tbody tr').count()) === 1, { what: 'the filter to leave one row' });
    await page.getByLabel('Filter by name').fill('');
    await page.getByRole('button', { name: /^Type/ }).click();
    const types = await page.locator('table.rrsets tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')));
    expect(types).toEqual([...types].sort());
  });

  it('edits an RRset, and turning auto-publish back on publishes what was staged', async () => {
    await page.getByRole('button', { name: 'Edit www A' }).click();
    const editor = page.getByRole('form', { name: 'Edit www A' });
    await editor.getByRole('button', { name: 'Add another value' }).click();
    await editor.getByLabel('IPv4 address').nth(1).fill('192.0.2.11');
    await editor.getByRole('button', { name: 'Save record' }).click();
    await page.getByText('1 change not published').waitFor();
    // A second edit of the same RRset: two serials on, still one RRset in the diff and in the count.
    await page.getByRole('button', { name: 'Edit www A' }).click();
    await page.getByRole('form', { name: 'Edit www A' }).getByLabel('TTL (seconds)').fill('301');
    await page.getByRole('form', { name: 'Edit www A' }).getByRole('button', { name: 'Save record' }).click();
    await page.getByRole('status').getByText(`Saved www.${ORIGIN}. A (TTL 301): 192.0.2.10, 192.0.2.11`).waitFor();
    await page.getByRole('button', { name: 'Review and publish' }).click();
    await page.locator('table.diff').waitFor();
    expect(await page.locator('table.diff tbody tr').count()).toBe(1);
    await page.getByText('1 change not published').waitFor();
    await page.getByRole('button', { name: 'Not now' }).click();
    expect((await ask(`www.${ORIGIN}.`, 'A')).values).toEqual(['192.0.2.10']);
    await page.getByLabel('Publish every change automatically').check();
    await page.locator('.publish-state').getByText('Published', { exact: true }).waitFor();
    await waitUntil(async () => JSON.stringify((await ask(`www.${ORIGIN}.`, 'A')).values) === JSON.stringify(['192.0.2.10', '192.0.2.11']), {
      what: 'the edge to serve both www A values',
    });
  });

  it('keeps a DKIM key of 1,000 characters inside the page at 1280 and 390 px, folded until asked, in the records and the audit log', async () => {
    const key = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA' + 'x'.repeat(956);
    const res = await fetch(`${dnscove.apiUrl}/api/zones/${zoneId}/records`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await sessionOf(page)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `sel._domainkey.${ORIGIN}`, type: 'TXT', ttl: 300, records: [`"v=DKIM1; k=rsa; p=${key.slice(0, 200)}" "${key.slice(200)}"`] }),
    });
    expect(res.status, await res.text()).toBe(200);
    await page.reload();
    const row = page.locator('tr[data-name="sel._domainkey"][data-type="TXT"]');
    await row.waitFor();
    await expectFitsBothWidths('the records table with a DKIM key');
    await row.getByRole('button', { name: /^Show all/ }).click();
    expect(await row.textContent()).toContain(key.slice(-40));
    await expectFitsBothWidths('the records table with the DKIM key unfolded');
    await row.getByRole('button', { name: 'Show less' }).click();
    await shoot('zone-long-values');
    await page.getByRole('link', { name: 'Audit log', exact: true }).click();
    await page.locator('table.audit').waitFor();
    await expectFitsBothWidths('the audit log with a DKIM key');
    await page.locator('table.audit').getByRole('button', { name: /^Show all/ }).first().click();
    await expectFitsBothWidths('the audit log with the DKIM key unfolded');
    await page.goto(`${dnscove.apiUrl}/#/zones/${zoneId}`);
    await page.getByRole('heading', { name: ORIGIN, level: 1 }).waitFor();
  });

  it('serves its icon at /favicon.ico', async () => {
    const res = await fetch(`${dnscove.apiUrl}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/x-icon');
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  });

  it('exports the zone file', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export zone file' }).click()]);
    expect(download.suggestedFilename()).toBe(`${ORIGIN}.zone`);
    const text = await readFile(await download.path(), 'utf8');
    expect(text).toMatch(/^www\.console\.test\.\s+301\s+IN\s+A\s+192\.0\.2\.11$/m);
    expect(text).toMatch(/\bMX\s+10 mail\.console\.test\.$/m);
  });

  it('runs the delegation and parity checks and says plainly that the old zone must stay', async () => {
    await page.getByRole('link', { name: 'Delegation and parity' }).click();
    await page.getByRole('heading', { name: `Delegation and parity: ${ORIGIN}` }).waitFor();
    await page.getByRole('button', { name: 'Run delegation check' }).click();
    // The root hints are a closed port (browser-dnscove.ts): the check fails to ask, and says so.
    await page.getByText('The parent zone could not be asked').waitFor();
    await page.getByRole('button', { name: 'Run parity check' }).click();
    await page.getByText('Not safe to delete the old zone yet').waitFor();
    expect(await page.getByText(/^Safe to delete the old zone/).count()).toBe(0);
    await screenshot(page, 'console-checks-desktop');
  });

  it('imports the Route 53 fixture and lists what was skipped and why', async () => {
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'Import a zone' }).waitFor();
    const json = await readFile('test/fixtures/route53/list-resource-record-sets.json', 'utf8');
    await page.getByLabel('Paste it here').fill(json);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'Imported example.com' }).waitFor();
    const skipped = page.locator('table.skipped tbody tr');
    expect(await skipped.count()).toBeGreaterThan(0);
    const text = (await skipped.allTextContents()).join('\n');
    expect(text).toMatch(/alias/i);
    await shoot('import-result');
  });

  it('imports a zone file of 100,000 records chosen as a file, saying how far it has come, and the edge serves it', async () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `h${i} 300 IN A 10.1.${(i >> 8) & 255}.${i & 255}`);
    const buffer = Buffer.from(`$ORIGIN bulk.test.\n${lines.join('\n')}\n`);
    await page.getByLabel('Zone file').check();
    await page.getByLabel('Or choose a file').setInputFiles({ name: 'bulk.test.zone', mimeType: 'text/plain', buffer });
    await waitUntil(async () => ((await page.getByLabel('Paste it here').getAttribute('placeholder')) ?? '').includes('bulk.test.zone'), { what: 'the file to be read' });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const progress = page.locator('p.progress');
    await progress.waitFor({ timeout: 30_000 });
    expect(await progress.textContent()).toMatch(/^(Reading [0-9.]+ MB|Checking 100,000 record sets of bulk\.test|Writing 100,000 record sets of bulk\.test|Publishing of bulk\.test)…$/);
    await shoot('import-progress');
    await page.getByRole('heading', { name: 'Imported bulk.test' }).waitFor({ timeout: 120_000 });
    expect(await progress.count()).toBe(0);
    const reply = await ask('h99999.bulk.test.', 'A');
    expect(reply).toEqual({ rcode: RCODE.NOERROR, values: ['10.1.134.159'] });
  }, 180_000);

  it('mints an acme-dns01 token, shows it once, revokes it, and the API then refuses it', async () => {
    await page.getByRole('link', { name: 'Tokens', exact: true }).click();
    await page.getByRole('heading', { name: 'Mint a token' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('certbot on web1');
    await page.getByLabel('Only ACME challenges for this zone').check();
    await page.getByLabel('Zone', { exact: true }).selectOption({ label: ORIGIN });
    await page.getByRole('button', { name: 'Mint token' }).click();
    mintedToken = (await page.locator('#minted-token').textContent()) ?? '';
    expect(mintedToken).toMatch(/^dnsc_[0-9a-f]{16}_\S+$/);
    await page.getByText('it is shown only once').waitFor();
    const row = page.locator('tr', { hasText: 'certbot on web1' });
    await row.getByText('ACME challenges only').waitFor();
    await shoot('tokens');
    expect(await acmePresent(mintedToken)).toBe(200);

    // Shown once: after leaving the page and coming back, the plaintext is nowhere.
    await page.getByRole('link', { name: 'Zones', exact: true }).click();
    await page.getByRole('heading', { name: 'Zones', level: 1 }).waitFor();
    await shoot('zones');
    await page.getByRole('link', { name: 'Tokens', exact: true }).click();
    await row.waitFor();
    expect(await page.content()).not.toContain(mintedToken);

    await row.getByRole('button', { name: /^Revoke/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
    await row.getByText('Revoked').waitFor();
    expect(await acmePresent(mintedToken)).toBe(401);
  });

  it('mints a token with the form as it first shows (the defaults can be sent as they are)', async () => {
    await page.goto(`${dnscove.apiUrl}/#/tokens`);
    await page.getByRole('heading', { name: 'Mint a token' }).waitFor();
    await page.getByRole('button', { name: 'Mint token' }).click();
    expect((await page.locator('#minted-token').textContent()) ?? '').toMatch(/^dnsc_/);
    await page.getByRole('button', { name: 'I have copied it' }).click();
  });

  it('deletes a zone after confirming, and the edge stops answering for it', async () => {
    expect((await ask('example.com.', 'SOA')).rcode).toBe(RCODE.NOERROR);
    await page.getByRole('link', { name: 'Zones', exact: true }).click();
    await page.getByRole('button', { name: 'Delete example.com' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Delete example.com' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete zone' }).click();
    await page.getByRole('link', { name: 'example.com', exact: true }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: ORIGIN, exact: true }).waitFor();
    await waitUntil(async () => (await ask('example.com.', 'SOA')).rcode === RCODE.REFUSED, { what: 'the edge to refuse example.com' });
  });

  it('counts every nameserver, live: the remote one once it serves the zone, and names it when it falls behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dnscove-console-edge-'));
    const key = (await dnscoveCli(['edge-key', 'create', 'ns-a', '--data', dnscove.dataDir])).trim();
    await page.goto(`${dnscove.apiUrl}/#/zones/${zoneId}`);
    await page.getByText('Served by 1 of 1 nameserver', { exact: true }).waitFor();
    const edge = await startEdgeProcess({ name: 'ns-a', key, snapshotsUrl: dnscove.apiUrl + '/', cacheDir: join(dir, 'cache'), pubkeyFile: await writePubkey(dnscove.dataDir, dir) });
    try {
      // No reload: the page asks again on its own while it is shown.
      await page.getByText('Served by 2 of 2 nameservers', { exact: true }).waitFor({ timeout: 15_000 });
      await page.locator('.publish-state .badge.ok').getByText('Published', { exact: true }).waitFor();
      await screenshot(page, 'console-zone-served-by-desktop');
      await edge.child.stop();
      const res = await fetch(`${dnscove.apiUrl}/api/zones/${zoneId}/records`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await sessionOf(page)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `behind.${ORIGIN}`, type: 'A', records: ['192.0.2.77'] }),
      });
      expect(res.status, await res.text()).toBe(200);
      await page.getByText('Served by 1 of 2 nameservers; ns-a has not caught up or is not connected', { exact: true }).waitFor({ timeout: 15_000 });
      await page.locator('.publish-state .badge.warn').getByText('Published, not served everywhere yet').waitFor();
      // The operator's view: every nameserver, and the zone naming the one behind.
      await page.getByRole('link', { name: 'Nameservers', exact: true }).click();
      await page.locator('table.nameservers tr[data-name="embedded edge"]').getByText('Serving').waitFor();
      await page.locator('table.nameservers tr[data-name="ns-a"]').waitFor();
      expect(await page.locator('table.nameservers tr[data-name="ns-a"] td[data-label="Address"]').textContent()).toBe('127.0.0.1');
      const row = page.locator(`table.served tr[data-zone="${ORIGIN}"]`);
      await row.locator('td[data-label="Behind"]').getByText('ns-a').waitFor();
      expect(await row.locator('td[data-label="Served by"]').textContent()).toBe('1 of 2');
      await screenshot(page, 'console-nameservers-desktop');
    } finally {
      await edge.child.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('shows each secondary of the zone with the serial it serves, in sync or behind and why', async () => {
    const token = await sessionOf(page);
    const call = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
      const res = await fetch(`${dnscove.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      const text = await res.text();
      return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
    };
    const key = await call('POST', '/api/tsig-keys', { name: 'console-secondary.test', scope: 'transfer', zone_id: zoneId });
    const peer = await startUdpSecondary({ name: key['name'] as Name, algorithm: 'hmac-sha256', secret: Buffer.from(key['secret'] as string, 'base64') });
    const published = (await call('GET', `/api/zones/${zoneId}`))['published_serial'] as number;
    peer.serial = published;
    const added = await call('POST', `/api/zones/${zoneId}/secondaries`, { address: `127.0.0.1:${peer.port}`, tsig_key_id: key['id'] });
    try {
      await page.goto(`${dnscove.apiUrl}/#/zones/${zoneId}`);
      const row = page.locator(`table.secondaries tr[data-address="127.0.0.1:${peer.port}"]`);
      await row.getByText('In sync', { exact: true }).waitFor();
      expect(await row.locator('td[data-label="Serves serial"]').textContent()).toBe(String(published));
      await expectFitsBothWidths('the zone page with a secondary');
      // The page asks again on its own: a secondary that falls behind shows it, with the reason.
      peer.serial = published - 1;
      await row.getByText(`Behind ${published}`, { exact: true }).waitFor({ timeout: 15_000 });
      await row.locator('td[data-label="Why not"]').getByText(`serves serial ${published - 1}, published is ${published}`).waitFor();
      await screenshot(page, 'console-zone-secondaries-desktop');
    } finally {
      await call('DELETE', `/api/zones/${zoneId}/secondaries/${String(added['id'])}`);
      await peer.close();
    }
  });

  it('shows the zone signed, with the DS record to give the registrar and a button to copy it, and starts a key rollover', async () => {
    const token = await sessionOf(page);
    const dnssec = (await (await fetch(`${dnscove.apiUrl}/api/zones/${zoneId}/dnssec`, { headers: { authorization: `Bearer ${token}` } })).json()) as { key_tag: number; ds: { digest: string; record: string }[] };
    await page.goto(`${dnscove.apiUrl}/#/zones/${zoneId}`);
    const panel = page.locator('section.dnssec');
    await panel.getByText('Signed', { exact: true }).waitFor();
    await panel.getByText(dnssec.ds[0]!.record, { exact: true }).waitFor();
    await panel.getByText(dnssec.ds[0]!.digest, { exact: true }).waitFor();
    expect(await panel.getByRole('button', { name: 'Copy DS record' }).count()).toBe(1);
    await expectFitsBothWidths('the zone page with its DNSSEC panel');
    // A key rollover starts from the panel, which then says where it stands.
    await panel.getByRole('button', { name: 'Roll over the key' }).click();
    await panel.getByText('Key rollover: publishing', { exact: true }).waitFor();
    await panel.getByText(/Waiting for resolvers to hold the DNSKEY RRset with the new key/).waitFor();
    const after = (await (await fetch(`${dnscove.apiUrl}/api/zones/${zoneId}/dnssec`, { headers: { authorization: `Bearer ${token}` } })).json()) as { rollover: { phase: string } | null };
    expect(after.rollover?.phase).toBe('publishing');
    await expectFitsBothWidths('the zone page with a key rollover under way');
  });

  it('invites a colleague from the Team page, who signs in as a viewer of this account; an owner can withdraw an invitation', async () => {
    await page.getByRole('link', { name: 'Team', exact: true }).click();
    const form = page.getByRole('form', { name: 'Invite someone' });
    await form.getByLabel('Address').fill('colleague@example.com');
    await form.getByRole('button', { name: 'Invite' }).click();
    await page.locator('table.members tr[data-email="colleague@example.com"]').getByText('invited').waitFor();
    // The invitation's sign-in (dev mode hands the link back) joins this account as a viewer.
    const link = (await (await fetch(`${dnscove.apiUrl}/api/auth/magic-link`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'colleague@example.com' }) })).json()) as { dev_token: string };
    const joined = (await (await fetch(`${dnscove.apiUrl}/api/auth/exchange`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: link.dev_token }) })).json()) as { session: string };
    const zones = await fetch(`${dnscove.apiUrl}/api/zones`, { headers: { authorization: `Bearer ${joined.session}` } });
    expect(((await zones.json()) as { zones: { origin: string }[] }).zones.map((z) => z.origin)).toContain(ORIGIN);
    await page.reload();
    const row = page.locator('table.members tr[data-email="colleague@example.com"]');
    expect(await row.getByLabel('Role of colleague@example.com').inputValue()).toBe('viewer');
    await screenshot(page, 'console-team-desktop');
    await form.getByLabel('Address').fill('later@example.com');
    await form.getByRole('button', { name: 'Invite' }).click();
    await page.getByRole('button', { name: 'Withdraw the invitation of later@example.com' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Withdraw' }).click();
    await waitUntil(async () => (await page.locator('table.members tr[data-email="later@example.com"]').count()) === 0, { what: 'the invitation to be withdrawn' });
  });

  it('shows the audit log with who did what', async () => {
    await page.getByRole('link', { name: 'Audit log', exact: true }).click();
    await page.locator('table.audit').waitFor();
    const text = (await page.locator('table.audit tbody').textContent()) ?? '';
    expect(text).toContain('browser@example.com');
    expect(text).toContain('token.revoke');
    await screenshot(page, 'console-audit-desktop');
  });

  it('logging out ends the session on the server, not only in the page', async () => {
    const session = await sessionOf(page);
    expect((await fetch(`${dnscove.apiUrl}/api/zones`, { headers: { authorization: `Bearer ${session}` } })).status).toBe(200);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Sign in to DNSCove' }).waitFor();
    await waitUntil(async () => (await fetch(`${dnscove.apiUrl}/api/zones`, { headers: { authorization: `Bearer ${session}` } })).status === 401, { what: 'the old session to be refused' });
    // Sign in again for the tests that follow.
    await page.getByLabel('Email address').fill('browser@example.com');
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.locator('#dev-link').click();
    await page.getByRole('heading', { name: 'Zones', level: 1 }).waitFor();
    // Leave the zone list, as the test before left the page, so the next one's click navigates.
    await page.getByRole('link', { name: 'Audit log', exact: true }).click();
    await page.locator('table.audit').waitFor();
  });

  it('returns to the login page with a message when the session is no longer valid', async () => {
    // Page scripts as text: this file is compiled without the DOM library.
    await page.evaluate(`localStorage.setItem('dnscove.session', JSON.stringify({ ...JSON.parse(localStorage.getItem('dnscove.session')), session: 'not-a-valid-session' }))`);
    await page.getByRole('link', { name: 'Zones', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in to DNSCove' }).waitFor();
    await page.getByText('Your session has ended').waitFor();
    expect(await page.evaluate(`localStorage.getItem('dnscove.session')`)).toBeNull();
  });
});
