// The differential interop test: the fixture zones served by NSD and by the edge, compared reply by reply.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdge } from '../helpers/edge-server.js';
import type { EdgeServer } from '../helpers/edge-server.js';
import { NSD_BINARY, nsdKeyConfig, nsdServerConfig, requireNsd, startNsd } from '../helpers/nsd-server.js';
import { startChild } from '../helpers/child-server.js';
import { exchange } from '../helpers/dns-client.js';
import { freePort } from '../helpers/free-port.js';
import { waitUntil } from '../helpers/wait-until.js';
import { encodeQuery } from '../../shared/dns/message.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { encodeTransferKeys, TRANSFER_KEYS_FILE } from '../../shared/transfer/transfer-keys-file.js';
import type { NsdServer } from '../helpers/nsd-server.js';
import { ALLOWED_DIFFERENCES } from './allowed-differences.js';
import { FIXTURE_ZONES, loadZoneEntries } from './fixture-zones.js';
import { generateCorpus } from './query-corpus.js';
import type { CorpusQuery } from './corpus-builder.js';
import { outcomeCoverage } from './outcome-coverage.js';
import { formatOutcome, runCorpus, runPipelined } from './run-corpus.js';
import { JOURNAL_HEADER_LENGTH } from '../../shared/snapshot/journal.js';

const SEED = 0x0d5c0e;
const MIN_CORPUS = 2_000;
/** Every kind of reply the corpus must provoke from NSD at least once, or it tests too little. */
const REQUIRED_KINDS = ['answer', 'cname', 'wildcard', 'nodata', 'nxdomain', 'referral', 'truncated', 'refused', 'formerr', 'notimp', 'badvers', 'no reply'];

describe('edge vs NSD (minimal-responses) on the fixture zones', () => {
  let nsd: NsdServer | undefined;
  let edge: EdgeServer | undefined;
  let journalEdge: EdgeServer | undefined;
  let dgramEdge: EdgeServer | undefined;
  let corpus: CorpusQuery[] = [];

  beforeAll(async () => {
    // Fails with install instructions rather than skipping when NSD is missing.
    await requireNsd();
    corpus = generateCorpus(await Promise.all(FIXTURE_ZONES.map(loadZoneEntries)), SEED);
    console.log(`differential corpus: ${corpus.length} queries (${corpus.filter((q) => q.transport === 'tcp').length} over TCP), seed ${SEED}`);
    nsd = await startNsd(FIXTURE_ZONES);
    edge = await startEdge(FIXTURE_ZONES);
    journalEdge = await startEdge(FIXTURE_ZONES, 'journal');
    dgramEdge = await startEdge(FIXTURE_ZONES, 'snapshot', 'dgram');
  }, 120_000);

  afterAll(async () => {
    await edge?.stop();
    await journalEdge?.stop();
    await dgramEdge?.stop();
    await nsd?.stop();
  });

  it('NSD loaded every fixture zone without an error', async () => {
    const log = await nsd!.log();
    for (const zone of FIXTURE_ZONES) expect(log).toContain(`zone ${zone.origin.slice(0, -1)} read with success`);
    expect(log).not.toMatch(/\berror\b/i);
  });

  it(`generates a corpus of at least ${MIN_CORPUS} queries, the same for the same seed`, async () => {
    expect(corpus.length).toBeGreaterThanOrEqual(MIN_CORPUS);
    const again = generateCorpus(await Promise.all(FIXTURE_ZONES.map(loadZoneEntries)), SEED);
    expect(again.map((q) => q.wire.toString('hex'))).toEqual(corpus.map((q) => q.wire.toString('hex')));
  });

  it('answers every query as NSD does, except for the listed RFC-allowed differences', async () => {
    const outcomes = await runCorpus(corpus, nsd!.port, edge!.port, { allowed: ALLOWED_DIFFERENCES });
    const failing = outcomes.filter((o) => o.unexplained.length > 0);
    const allowed = outcomes.filter((o) => o.allowedBy.length > 0);
    const report = failing.map((o) => formatOutcome(o, 'nsd', 'edge')).join('\n\n');
    const reportFile = join(tmpdir(), 'dnscove-nsd-differential.txt');
    await writeFile(reportFile, report);
    const byAspect = new Map<string, number>();
    for (const o of failing) for (const d of o.unexplained) byAspect.set(d.aspect, (byAspect.get(d.aspect) ?? 0) + 1);
    console.log(
      `differential: ${corpus.length} queries, ${failing.length} with unexplained differences, ${allowed.length} with allowed ones` +
        (failing.length > 0 ? ` (${[...byAspect].map(([a, n]) => `${a} ${n}`).join(', ')}); full report in ${reportFile}` : ''),
    );
    const coverage = outcomeCoverage(outcomes.map((o) => ({ query: o.query, reply: o.reference })));
    console.log(`differential coverage (NSD's replies): ${JSON.stringify(Object.fromEntries(coverage))}`);
    for (const kind of REQUIRED_KINDS) expect(coverage.get(kind) ?? 0, `corpus replies of kind ${kind}`).toBeGreaterThan(0);
    expect(failing.length, `${failing.length} queries differ from NSD:\n\n${failing.slice(0, 40).map((o) => formatOutcome(o, 'nsd', 'edge')).join('\n\n')}`).toBe(0);
  }, 600_000);

  it('answers every query as NSD does when each zone arrives as half a snapshot and journal deltas with the rest', async () => {
    const journals = (await readdir(journalEdge!.snapshotsDir)).filter((f) => f.endsWith('.journal'));
    const deltaBytes = (await Promise.all(journals.map(async (f) => (await stat(join(journalEdge!.snapshotsDir, f))).size - JOURNAL_HEADER_LENGTH))).reduce((a, b) => a + b, 0);
    expect(journals.length).toBe(FIXTURE_ZONES.length);
    expect(deltaBytes).toBeGreaterThan(2000);
    const outcomes = await runCorpus(corpus, nsd!.port, journalEdge!.port, { allowed: ALLOWED_DIFFERENCES });
    const failing = outcomes.filter((o) => o.unexplained.length > 0);
    console.log(`differential, zones from journals (${deltaBytes} bytes of deltas): ${corpus.length} queries, ${failing.length} with unexplained differences`);
    expect(journalEdge!.output()).not.toMatch(/(snapshot|journal) refused/);
    expect(failing.length, `${failing.length} queries differ from NSD:\n\n${failing.slice(0, 40).map((o) => formatOutcome(o, 'nsd', 'edge (journal)')).join('\n\n')}`).toBe(0);
  }, 600_000);

  it('answers every query as NSD does with UDP by node:dgram (where the batching module is not built)', async () => {
    const outcomes = await runCorpus(corpus, nsd!.port, dgramEdge!.port, { allowed: ALLOWED_DIFFERENCES });
    const failing = outcomes.filter((o) => o.unexplained.length > 0);
    console.log(`differential, UDP by node:dgram: ${corpus.length} queries, ${failing.length} with unexplained differences`);
    expect(failing.length, `${failing.length} queries differ from NSD:\n\n${failing.slice(0, 40).map((o) => formatOutcome(o, 'nsd', 'edge (dgram)')).join('\n\n')}`).toBe(0);
  }, 600_000);

  it('answers the TCP queries pipelined 20 to a connection as NSD does', async () => {
    const outcomes = await runPipelined(corpus, nsd!.port, edge!.port, { allowed: ALLOWED_DIFFERENCES, batchSize: 20 });
    const failing = outcomes.filter((o) => o.unexplained.length > 0);
    console.log(`differential, pipelined TCP: ${outcomes.length} queries, ${failing.length} with unexplained differences`);
    expect(outcomes.length).toBeGreaterThan(500);
    expect(failing.length, `${failing.length} pipelined queries differ from NSD:\n\n${failing.slice(0, 20).map((o) => formatOutcome(o, 'nsd', 'edge')).join('\n\n')}`).toBe(0);
  }, 300_000);

  it('an NSD secondary that transferred every zone from the edge (snapshot and journal, signed) answers every query as NSD from the zone files', async () => {
    const key = { name: 'differential.xfr.test.' as Name, algorithm: 'hmac-sha256' as const, secret: Buffer.alloc(32, 9).toString('base64') };
    await writeFile(join(journalEdge!.snapshotsDir, TRANSFER_KEYS_FILE), encodeTransferKeys([{ ...key, zones: FIXTURE_ZONES.map((z) => z.origin as Name) }]), { mode: 0o600 });
    const dir = await mkdtemp(join(tmpdir(), 'dnscove-nsd-secondary-differential-'));
    const port = await freePort();
    const conf = [
      ...nsdServerConfig(dir, '127.0.0.1', port),
      ...nsdKeyConfig(key.name, key.secret),
      ...FIXTURE_ZONES.flatMap((z) => ['zone:', `  name: "${z.origin}"`, `  zonefile: "${join(dir, `${z.origin}zone`)}"`, `  request-xfr: 127.0.0.1@${journalEdge!.port} ${key.name}`]),
      '',
    ].join('\n');
    await writeFile(join(dir, 'nsd.conf'), conf);
    const secondary = await startChild('nsd secondary', NSD_BINARY, ['-d', '-c', join(dir, 'nsd.conf')]);
    try {
      for (const zone of FIXTURE_ZONES) {
        await waitUntil(
          async () => {
            const reply = await exchange(port, encodeQuery({ id: 1, qname: zone.origin, qtype: 6 }), 'udp', { timeoutMs: 300, attempts: 1 });
            return reply.message?.aa === true;
          },
          { what: `the NSD secondary to transfer ${zone.origin}\n${await readFile(join(dir, 'nsd.log'), 'utf8').catch(() => '')}`, timeoutMs: 20_000 },
        );
      }
      // NSD answers ANY with one RRset of the name (RFC 8482), the one it stored first: that
      // follows the order records arrived in (zone file or transfer), not what the zone holds.
      const compared = corpus.filter((q) => q.spec.qtype !== RRType.ANY);
      const outcomes = await runCorpus(compared, nsd!.port, port, { allowed: ALLOWED_DIFFERENCES });
      const failing = outcomes.filter((o) => o.unexplained.length > 0);
      console.log(`differential, NSD secondary of the edge: ${compared.length} queries (ANY left out), ${failing.length} with unexplained differences`);
      expect(failing.length, `${failing.length} queries differ:\n\n${failing.slice(0, 40).map((o) => formatOutcome(o, 'nsd (zone files)', 'nsd (transferred from the edge)')).join('\n\n')}`).toBe(0);
    } finally {
      await secondary.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('the edges logged no internal error while answering', () => {
    for (const e of [edge!, journalEdge!, dgramEdge!]) {
      const output = e.output();
      expect(output).not.toMatch(/"level":"error"/);
      expect(output).not.toMatch(/unhandled|uncaught/i);
      expect(e.child.exitStatus()).toBeNull();
    }
  });
});
