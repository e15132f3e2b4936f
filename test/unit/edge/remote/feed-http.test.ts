// Unit: the edge takes from the feed only what the signed changes list announced, and never reads more than that.
import { createHash, generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedHttp, FeedError } from '../../../../edge/remote/feed-http.js';
import type { FeedHttp } from '../../../../edge/remote/feed-http.js';
import { signPart } from '../../../../shared/feed/file-signature.js';
import type { Name } from '../../../../shared/dns/name.js';
import { encodeSnapshot, snapshotChecksum } from '../../../../shared/snapshot/codec.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const zone = (ttl: number) => encodeSnapshot({ origin: 'example.test' as Name, rrsets: [{ name: 'example.test' as Name, type: 6, ttl, rdata: [Buffer.alloc(22)] }] });
const current = zone(300);
const older = zone(60);
const announced = { size: current.length, checksum: Buffer.from(snapshotChecksum(current)).toString('hex') };
const base = announced.checksum;
const journal = Buffer.from('J'.repeat(100));

/** What the server sends for the next request. */
let reply: { body: Buffer; signature?: string; chunked?: boolean } = { body: current };
let bytesSent = 0;
let server: http.Server;
let feed: FeedHttp;

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    const { body, signature, chunked } = reply;
    res.writeHead(200, { 'content-type': 'application/octet-stream', ...(signature === undefined ? {} : { 'x-dnscove-signature': signature }), ...(chunked === true ? {} : { 'content-length': String(body.length) }) });
    // Sent in pieces, so a reader that stops early is seen to stop early.
    const send = (at: number): void => {
      if (at >= body.length || res.destroyed) return void res.end();
      bytesSent += Math.min(65536, body.length - at);
      res.write(body.subarray(at, at + 65536), () => send(at + 65536));
    };
    send(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feed = createFeedHttp({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, edgeKey: 'dnsce_x', publicKey });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const kindOf = async (p: Promise<unknown>): Promise<string> => p.then(() => 'ok', (err: unknown) => (err instanceof FeedError ? err.kind : String(err)));

describe('feed downloads', () => {
  it('takes the announced snapshot, and refuses an older one even though it is whole and valid', async () => {
    reply = { body: current };
    expect((await feed.snapshot('example.test', announced)).equals(current)).toBe(true);
    reply = { body: older };
    expect(await kindOf(feed.snapshot('example.test', { ...announced, size: older.length }))).toBe('mismatch');
  });

  it('stops reading an answer longer than announced, declared or not', async () => {
    const huge = Buffer.concat([current, Buffer.alloc(8 << 20)]);
    for (const chunked of [false, true]) {
      reply = { body: huge, chunked };
      bytesSent = 0;
      expect(await kindOf(feed.snapshot('example.test', announced))).toBe('mismatch');
      expect(bytesSent).toBeLessThan(huge.length);
    }
  });

  it('takes a journal range signed for its offset and base, of the announced length only', async () => {
    reply = { body: journal, signature: signPart(privateKey, { name: 'example.test.journal', from: 48, base }, journal) };
    expect((await feed.journal('example.test', base, 48, 148)).equals(journal)).toBe(true);
    // The same signed bytes replayed for another range or another base.
    expect(await kindOf(feed.journal('example.test', base, 0, 100))).toBe('refused');
    expect(await kindOf(feed.journal('example.test', 'cd'.repeat(32), 48, 148))).toBe('refused');
    // Signed, but shorter than what the feed announced.
    const short = journal.subarray(0, 60);
    reply = { body: short, signature: signPart(privateKey, { name: 'example.test.journal', from: 48, base }, short) };
    expect(await kindOf(feed.journal('example.test', base, 48, 148))).toBe('mismatch');
  });

  it('takes the transfer keys the signed list announced, and refuses other keys (an older file replayed) of the same size', async () => {
    const keys = Buffer.from('{"keys":[{"name":"new.","algorithm":"hmac-sha256","secret":"AAAAAAAAAAAAAAAAAAAAAA==","zones":[]}]}');
    const old = Buffer.from('{"keys":[{"name":"old.","algorithm":"hmac-sha256","secret":"AAAAAAAAAAAAAAAAAAAAAA==","zones":[]}]}');
    const expected = { size: keys.length, checksum: createHash('sha256').update(keys).digest('hex') };
    reply = { body: keys };
    expect((await feed.transferKeys(expected)).equals(keys)).toBe(true);
    reply = { body: old };
    expect(await kindOf(feed.transferKeys(expected))).toBe('mismatch');
  });
});
