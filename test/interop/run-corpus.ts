// Sends every corpus query to a reference server and a candidate server and collects the differences.
import { exchange, sendTcpPipelined, toReply } from '../helpers/dns-client.js';
import type { Reply } from '../helpers/dns-client.js';
import { formatReply } from '../helpers/format-message.js';
import type { AllowedDifference } from './allowed-differences.js';
import { compareReplies } from './compare-replies.js';
import type { Difference } from './compare-replies.js';
import type { CorpusQuery } from './corpus-builder.js';

/** What happened to one query: both replies, every difference, and those no allowance covers. */
export interface QueryOutcome {
  readonly query: CorpusQuery;
  readonly reference: Reply;
  readonly candidate: Reply;
  readonly differences: readonly Difference[];
  readonly unexplained: readonly Difference[];
  readonly allowedBy: readonly string[];
}

export interface RunOptions {
  /** Queries in flight at once (default 8); each goes to both servers at the same time. */
  readonly concurrency?: number;
  readonly allowed?: readonly AllowedDifference[];
}

async function ask(port: number, query: CorpusQuery): Promise<Reply> {
  // A packet that must be dropped gets one short wait instead of three long ones.
  const options = query.expectReply ? { timeoutMs: 2_000, attempts: 3 } : { timeoutMs: 600, attempts: 1 };
  return exchange(port, query.wire, query.transport, options);
}

/**
 * A UDP reply larger than the client allows (512 bytes without EDNS, RFC 1035 §4.2.1; else the
 * advertised payload size, at least 512, RFC 6891 §6.2.5) is a difference even when its RRs
 * match, since the set comparison cannot see it.
 */
function udpSizeViolations(query: CorpusQuery, reference: Reply, candidate: Reply): Difference[] {
  if (query.transport !== 'udp' || candidate.bytes === null) return [];
  const limit = Math.max(512, query.spec.edns?.udpSize ?? 512);
  if (candidate.bytes.length <= limit) return [];
  return [{ aspect: 'udp size', reference: `${reference.bytes?.length ?? 0} bytes`, candidate: `${candidate.bytes.length} bytes, over the client's ${limit}` }];
}

/**
 * Runs the corpus against both servers and returns one outcome per query, in corpus order.
 * Never throws for a server's misbehaviour: that is what the outcomes record.
 */
export async function runCorpus(corpus: readonly CorpusQuery[], referencePort: number, candidatePort: number, options: RunOptions = {}): Promise<QueryOutcome[]> {
  const outcomes: QueryOutcome[] = new Array<QueryOutcome>(corpus.length);
  let nextIndex = 0;
  const worker = async (): Promise<void> => {
    while (nextIndex < corpus.length) {
      const index = nextIndex++;
      const query = corpus[index]!;
      const [reference, candidate] = await Promise.all([ask(referencePort, query), ask(candidatePort, query)]);
      outcomes[index] = compareOutcome(query, reference, candidate, options.allowed ?? []);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return outcomes;
}

function compareOutcome(query: CorpusQuery, reference: Reply, candidate: Reply, allowed: readonly AllowedDifference[]): QueryOutcome {
  const differences = [...compareReplies(query.spec.id, reference, candidate), ...udpSizeViolations(query, reference, candidate)];
  const allowedBy: string[] = [];
  const unexplained = differences.filter((d) => {
    const allowance = allowed.find((a) => a.matches(query, d, reference, candidate));
    if (allowance !== undefined) allowedBy.push(allowance.id);
    return allowance === undefined;
  });
  return { query, reference, candidate, differences, unexplained, allowedBy };
}

/** Pairs each query of a batch with the response frame carrying its ID (IDs are unique per batch). */
function repliesById(batch: readonly CorpusQuery[], frames: readonly Buffer[]): Reply[] {
  const byId = new Map<number, Buffer>();
  for (const frame of frames) if (frame.length >= 2) byId.set(frame.readUInt16BE(0), frame);
  return batch.map((q) => toReply(byId.get(q.spec.id) ?? null));
}

/**
 * Sends the TCP queries of the corpus again, `batchSize` at a time pipelined on one connection
 * per server (RFC 7766 §6.2.1.1), and compares the replies matched by ID. Queries a server
 * may answer by closing the connection (the protocol cases) are left out, and IDs are unique
 * within a batch. Returns one outcome per query sent.
 */
export async function runPipelined(corpus: readonly CorpusQuery[], referencePort: number, candidatePort: number, options: RunOptions & { batchSize?: number } = {}): Promise<QueryOutcome[]> {
  const eligible = corpus.filter((q) => q.transport === 'tcp' && q.purpose !== 'protocol');
  const batches: CorpusQuery[][] = [];
  for (const query of eligible) {
    const open = batches.find((b) => b.length < (options.batchSize ?? 20) && !b.some((q) => q.spec.id === query.spec.id));
    if (open === undefined) batches.push([query]);
    else open.push(query);
  }
  const outcomes: QueryOutcome[] = [];
  for (const batch of batches) {
    const wires = batch.map((q) => q.wire);
    const [reference, candidate] = await Promise.all([sendTcpPipelined(referencePort, wires, 5_000), sendTcpPipelined(candidatePort, wires, 5_000)]);
    const referenceReplies = repliesById(batch, reference);
    const candidateReplies = repliesById(batch, candidate);
    batch.forEach((query, i) => outcomes.push(compareOutcome(query, referenceReplies[i]!, candidateReplies[i]!, options.allowed ?? [])));
  }
  return outcomes;
}

/** A readable report of one outcome: the query, each difference, and both replies in full. */
export function formatOutcome(outcome: QueryOutcome, referenceName: string, candidateName: string): string {
  const lines = [`QUERY ${outcome.query.label} (id ${outcome.query.spec.id})`];
  for (const d of outcome.unexplained) lines.push(`  ${d.aspect}: ${referenceName} ${d.reference} / ${candidateName} ${d.candidate}`);
  lines.push(`  --- ${referenceName} ---`, indent(formatReply(outcome.reference)), `  --- ${candidateName} ---`, indent(formatReply(outcome.candidate)));
  return lines.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => '    ' + l)
    .join('\n');
}
