// Parses the control plane's changes answer (untrusted JSON, though signed) into typed changes, in this one place.
import type { EdgeChange, EdgeChanges } from '../../shared/schemas/edges.js';

export class FeedMessageError extends Error {
  override name = 'FeedMessageError';
}

const HEX64 = /^[0-9a-f]{64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const FEED_ID = /^[0-9a-f]{32}$/;
// A stem is a file name without its suffix: no separators, no leading dot, nothing to escape the cache directory with.
const STEM = /^[A-Za-z0-9%_~!*'()-][A-Za-z0-9%_~!*'().-]{0,1023}$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function parseChange(v: unknown, at: number): EdgeChange {
  if (!isRecord(v) || typeof v['stem'] !== 'string' || !STEM.test(v['stem'])) throw new FeedMessageError(`changes[${at}]: no valid stem`);
  if (!isCount(v['seq'])) throw new FeedMessageError(`changes[${at}]: no valid seq`);
  const snap = v['snapshot'];
  const jrnl = v['journal'];
  let snapshot: EdgeChange['snapshot'] = null;
  let journal: EdgeChange['journal'] = null;
  if (snap !== null) {
    if (!isRecord(snap) || !isCount(snap['size']) || typeof snap['checksum'] !== 'string' || !HEX64.test(snap['checksum'])) throw new FeedMessageError(`changes[${at}].snapshot is malformed`);
    snapshot = { size: snap['size'], checksum: snap['checksum'] };
  }
  if (jrnl !== null) {
    if (!isRecord(jrnl) || !isCount(jrnl['size']) || typeof jrnl['base'] !== 'string' || !HEX64.test(jrnl['base'])) throw new FeedMessageError(`changes[${at}].journal is malformed`);
    journal = { size: jrnl['size'], base: jrnl['base'] };
  }
  const tail = v['journal_tail'];
  if (tail === undefined) return { seq: v['seq'], stem: v['stem'], snapshot, journal };
  if (typeof tail !== 'string' || tail.length === 0 || !BASE64.test(tail) || journal === null) throw new FeedMessageError(`changes[${at}].journal_tail is malformed`);
  return { seq: v['seq'], stem: v['stem'], snapshot, journal, journal_tail: tail };
}

/**
 * The changes answer, checked field by field; FeedMessageError naming the first bad one. Whether
 * the sequences make sense for the edge's position is the feed client's to judge.
 */
export function parseChanges(text: string): EdgeChanges {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new FeedMessageError(`changes: not JSON: ${(err as Error).message}`);
  }
  if (!isRecord(value) || typeof value['feed'] !== 'string' || !FEED_ID.test(value['feed']) || !isCount(value['seq']) || !Array.isArray(value['changes'])) {
    throw new FeedMessageError('changes: expected {feed, seq, changes: [...]}');
  }
  const keys = value['transfer_keys'];
  if (keys !== undefined && keys !== null && (!isRecord(keys) || !isCount(keys['size']) || typeof keys['checksum'] !== 'string' || !HEX64.test(keys['checksum']))) {
    throw new FeedMessageError('changes: transfer_keys is malformed');
  }
  const changes = { feed: value['feed'], seq: value['seq'], changes: value['changes'].map(parseChange) };
  // Absent from a control plane that predates transfer keys: the edge then leaves its file alone.
  return keys === undefined ? changes : { ...changes, transfer_keys: keys === null ? null : { size: keys['size'] as number, checksum: keys['checksum'] as string } };
}
