// Defects found by a new user and a reviewer (issue 13), each checked as the user would see it:
// oversized bodies answered 413 at any size, publish taking only {} or {dry_run}, exports
// carrying the serial the edges serve, imports going on from the source's serial, and a
// missing body refused in words.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPublishedContent } from '../../shared/snapshot/published-content.js';
import { parseName } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { api, devLogin, problemOf, startTestControl } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';
import { waitUntil } from '../helpers/wait-until.js';

let control: TestControl;
let session: string;

beforeAll(async () => {
  control = await startTestControl();
  ({ session } = await devLogin(control.url, 'owner@hardening.test'));
});

afterAll(async () => {
  await control.close();
});

interface ZoneJson {
  id: string;
  serial: number;
  published_serial: number;
}

async function createZone(origin: string): Promise<ZoneJson> {
  const res = await api(control.url, 'POST', '/api/zones', { token: session, body: { origin } });
  expect(res.status, res.text).toBe(201);
  return res.json as ZoneJson;
}

/**
 * Sends a request declaring `declared` body bytes (undefined: chunked) and streams up to
 * `send` bytes while reading whatever comes back; resolves with the raw response once the
 * server closes or the response is complete.
 */
function streamBody(path: string, declared: number | undefined, send: number): Promise<string> {
  const { port } = new URL(control.url);
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port) });
    let response = '';
    let sent = 0;
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const finish = (): void => {
      socket.destroy();
      resolve(response);
    };
    socket.on('data', (data: Buffer) => {
      response += data.toString('latin1');
    });
    socket.on('close', finish);
    socket.on('error', finish);
    socket.on('connect', () => {
      const length = declared === undefined ? 'Transfer-Encoding: chunked' : `Content-Length: ${declared}`;
      socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${session}\r\nContent-Type: application/json\r\n${length}\r\n\r\n`);
      const pump = (): void => {
        while (sent < send && !socket.destroyed && response === '') {
          const piece = declared === undefined ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
          sent += chunk.length;
          if (!socket.write(piece)) {
            socket.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
  });
}

describe('request bodies over the limit', () => {
  it.each([
    ['2 MB declared', 2_000_000, 2_000_000],
    ['20 MB declared', 20_000_000, 20_000_000],
    ['300 MB declared, 40 MB sent', 300_000_000, 40_000_000],
    ['40 MB chunked', undefined, 40_000_000],
  ])('%s: the client reads a 413 problem document, and the connection is closed', async (_what, declared, send) => {
    const raw = await streamBody('/api/zones', declared, send);
    expect(raw).toMatch(/^HTTP\/1\.1 413 /);
    expect(raw.toLowerCase()).toContain('connection: close');
    expect(raw).toContain('application/problem+json');
    expect(raw).toContain('"detail":"The request body exceeds 1048576 bytes."');
  }, 60_000);

  it('the server goes on answering afterwards', async () => {
    expect((await api(control.url, 'GET', '/api/zones', { token: session })).status).toBe(200);
  });
});

describe('a request without a body where one is needed', () => {
  it('is refused in words', async () => {
    const res = await api(control.url, 'POST', '/api/zones', { token: session });
    expect(res.status).toBe(400);
    expect(problemOf(res)['detail']).toBe('The request has no body: send a JSON object (Content-Type: application/json).');
  });

  it('names the field and the JSON type wanted, not ajv\'s words', async () => {
    const res = await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: 5 } });
    expect(problemOf(res)['detail']).toBe('/origin must be a string.');
    const extra = await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: 'x.test', colour: 'red' } });
    expect(problemOf(extra)['detail']).toBe('/colour is not a field this request takes; it takes origin, ns, dnssec.');
    const renamed = await api(control.url, 'POST', '/api/zones', { token: session, body: { domain: 'x.test' } });
    expect(problemOf(renamed)['detail']).toBe('/origin is required; domain is not a field this request takes: did you mean origin?');
    const action = await api(control.url, 'POST', '/api/zones/none/records', { token: session, body: { action: 'REMOVE', name: 'www', type: 'A' } });
    expect([400, 404]).toContain(action.status);
  });
});

describe('POST /api/zones/{id}/publish', () => {
  it('refuses a body it does not know, and publishes nothing', async () => {
    const zone = await createZone('publish-body.test');
    await api(control.url, 'PATCH', `/api/zones/${zone.id}`, { token: session, body: { auto_publish: false } });
    await api(control.url, 'POST', `/api/zones/${zone.id}/records`, { token: session, body: { name: 'www.publish-body.test', type: 'A', ttl: 300, records: ['192.0.2.1'] } });
    const res = await api(control.url, 'POST', `/api/zones/${zone.id}/publish`, { token: session, body: { dryrun: true } });
    expect(res.status).toBe(400);
    expect(problemOf(res)['detail']).toBe('/dryrun is not a field this request takes; it takes dry_run.');
    const after = (await api(control.url, 'GET', `/api/zones/${zone.id}`, { token: session })).json as ZoneJson;
    expect(after.published_serial).toBeLessThan(after.serial);
  });

  it('with dry_run answers the RRsets that would change and publishes nothing; without a body it publishes', async () => {
    const zone = await createZone('dry-run.test');
    await api(control.url, 'POST', `/api/zones/${zone.id}/records`, { token: session, body: { name: 'old.dry-run.test', type: 'TXT', ttl: 300, records: ['"gone soon"'] } });
    // Auto-publish runs within a second of the change: wait until it has.
    await waitUntil(async () => {
      const z = (await api(control.url, 'GET', `/api/zones/${zone.id}`, { token: session })).json as ZoneJson;
      return z.published_serial === z.serial;
    }, { what: 'the TXT record to be published' });
    await api(control.url, 'PATCH', `/api/zones/${zone.id}`, { token: session, body: { auto_publish: false } });
    await api(control.url, 'POST', `/api/zones/${zone.id}/records`, {
      token: session,
      body: {
        changes: [
          { name: 'www.dry-run.test', type: 'A', ttl: 300, records: ['192.0.2.1', '192.0.2.2'] },
          { action: 'DELETE', name: 'old.dry-run.test', type: 'TXT' },
        ],
      },
    });
    const before = (await api(control.url, 'GET', `/api/zones/${zone.id}`, { token: session })).json as ZoneJson;
    const dry = await api(control.url, 'POST', `/api/zones/${zone.id}/publish`, { token: session, body: { dry_run: true } });
    expect(dry.status, dry.text).toBe(200);
    expect(dry.json).toEqual({
      dry_run: true,
      serial: before.serial,
      published_serial: before.published_serial,
      changes: [
        { name: 'old.dry-run.test.', type: 'TXT', published: { ttl: 300, records: ['"gone soon"'] }, current: null },
        { name: 'www.dry-run.test.', type: 'A', published: null, current: { ttl: 300, records: ['192.0.2.1', '192.0.2.2'] } },
      ],
    });
    const still = (await api(control.url, 'GET', `/api/zones/${zone.id}`, { token: session })).json as ZoneJson;
    expect(still.published_serial).toBe(before.published_serial);
    const published = await api(control.url, 'POST', `/api/zones/${zone.id}/publish`, { token: session });
    expect(published.status).toBe(200);
    expect(published.json).toMatchObject({ published: true, published_serial: before.serial });
    const nothing = await api(control.url, 'POST', `/api/zones/${zone.id}/publish`, { token: session, body: { dry_run: true } });
    expect((nothing.json as { changes: unknown[] }).changes).toEqual([]);
  });
});

describe('serials in exports and imports', () => {
  const soaSerialIn = (zoneFile: string): number => Number(/ IN SOA \S+ \S+ (\d+) /.exec(zoneFile)?.[1]);
  const servedSerial = async (origin: string): Promise<number> => {
    const content = await readPublishedContent(control.services.config.snapshotsDir, parseName(origin));
    const soa = content.rrsets.find((r) => r.type === RRType.SOA)!.rdata[0]!;
    return soa.readUInt32BE(soa.length - 20);
  };

  it('the exported SOA carries the serial the edges serve, not 1', async () => {
    const zone = await createZone('export-serial.test');
    for (const n of [1, 2, 3]) await api(control.url, 'POST', `/api/zones/${zone.id}/records`, { token: session, body: { name: `h${n}.export-serial.test`, type: 'A', ttl: 300, records: ['192.0.2.9'] } });
    let after = zone;
    await waitUntil(async () => {
      after = (await api(control.url, 'GET', `/api/zones/${zone.id}`, { token: session })).json as ZoneJson;
      return after.published_serial === after.serial;
    }, { what: 'the records to be published' });
    expect(after.serial).toBe(4);
    const exported = await api(control.url, 'GET', `/api/zones/${zone.id}/export`, { token: session });
    expect(soaSerialIn(exported.text)).toBe(4);
    expect(await servedSerial('export-serial.test.')).toBe(4);
  });

  it('a zone-file import goes on from the file\'s serial when it is higher, and never goes back', async () => {
    const file = (serial: number, address: string) => `$ORIGIN import-serial.test.\n$TTL 300\n@ SOA ns1 hostmaster ${serial} 3600 600 86400 300\n@ NS ns1\nwww A ${address}\n`;
    const first = await api(control.url, 'POST', '/api/import/zonefile', { token: session, body: { zonefile: file(2024120701, '192.0.2.1') } });
    expect(first.status, first.text).toBe(200);
    const zone = (first.json as { zone: ZoneJson }).zone;
    expect(zone.serial).toBe(2024120701);
    expect(await servedSerial('import-serial.test.')).toBe(2024120701);
    const exported = await api(control.url, 'GET', `/api/zones/${zone.id}/export`, { token: session });
    expect(soaSerialIn(exported.text)).toBe(2024120701);
    const lower = await api(control.url, 'POST', '/api/import/zonefile', { token: session, body: { zonefile: file(7, '192.0.2.2'), replace: true } });
    expect(lower.status, lower.text).toBe(200);
    expect((lower.json as { zone: ZoneJson }).zone.serial).toBe(2024120702);
  });
});
