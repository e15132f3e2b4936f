// Applies a batch of RRset changes to a zone's content in memory and checks the zone rules.
import { isSubdomain, parentName } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType, rrTypeToText } from '../../shared/dns/rr-type.js';
import { ValidationError } from '../errors/catalogue.js';
import type { RRsetChange, RRsetData } from './rrset-change.js';

/** One RRset that differs between the zone before and after: `after` undefined means deleted. */
export interface RRsetDiff {
  readonly name: Name;
  readonly type: number;
  readonly before: RRsetData | undefined;
  readonly after: RRsetData | undefined;
}

type Content = Map<Name, Map<number, RRsetData>>;

/** Types that may sit below a zone cut: glue addresses (RFC 1034 §4.2.1). */
const GLUE_TYPES: ReadonlySet<number> = new Set([RRType.A, RRType.AAAA]);
/** Types that may sit at a zone cut in the parent zone (RFC 4035 §2.4, RFC 2181 §6). */
const CUT_TYPES: ReadonlySet<number> = new Set([RRType.NS, RRType.DS]);

/** What planChanges must see of the zone to check `changes`: see neededContent. */
export interface NeededContent {
  /** The changed names and every ancestor up to the apex (CNAME, apex, cut and DS rules). */
  readonly names: ReadonlySet<Name>;
  /** Names that may become delegations or DNAME owners: everything below them (occlusion rules). */
  readonly below: ReadonlySet<Name>;
}

/**
 * The part of the zone planChanges needs for `changes`, so a change to a large zone loads a
 * handful of RRsets instead of all of them. Pure.
 */
export function neededContent(origin: Name, changes: readonly RRsetChange[]): NeededContent {
  const names = new Set<Name>();
  const below = new Set<Name>();
  for (const change of changes) {
    for (let n: Name | null = change.name; n !== null && isSubdomain(n, origin) && !names.has(n); n = parentName(n)) names.add(n);
    if (change.action !== 'UPSERT') continue;
    if ((change.type === RRType.NS && change.name !== origin) || change.type === RRType.DNAME) below.add(change.name);
  }
  return { names, below };
}

/**
 * Plans `changes` (applied in order, later ones winning) against the zone's `current` RRsets
 * and returns only the RRsets that actually change, in change order; an empty list means the
 * batch is a no-op (an UPSERT of identical content, a DELETE of something absent — DELETE is
 * idempotent). The rules are checked on the zone as it would be after the whole batch, so the
 * order of changes inside a batch does not matter: replacing an A RRset by a CNAME works as
 * "DELETE A, UPSERT CNAME" or the other way round. A violation throws ValidationError naming
 * the last change that touched the offending name (`labels[i]` is that change's field prefix):
 * - a CNAME is alone at its name and has one value (RFC 1034 §3.6.2, RFC 2181 §10.1);
 * - the apex keeps its SOA and at least one NS (RFC 1035 §4.2.1);
 * - at a delegation (NS below the apex) only NS and DS live, below it only glue A/AAAA, since
 *   anything else would be occluded (RFC 2181 §6); DS only at a delegation (RFC 4035 §2.4);
 * - a DNAME has one value and nothing lives below its owner (RFC 6672 §2.3, §2.4); an ALIAS
 *   has one target.
 * `current` must hold at least the zone's RRsets that neededContent names; more is harmless.
 * Pure: `current` is not modified.
 */
export function planChanges(
  origin: Name,
  current: readonly RRsetData[],
  changes: readonly RRsetChange[],
  labels: readonly string[],
): RRsetDiff[] {
  const before = toContent(current);
  const after = toContent(current);
  const lastTouch = new Map<Name, number>();
  changes.forEach((change, i) => {
    apply(after, change);
    lastTouch.delete(change.name);
    lastTouch.set(change.name, i);
  });
  for (const [name, index] of lastTouch) {
    const problem = checkName(origin, after, name);
    if (problem !== undefined) {
      const change = changes[index]!;
      throw new ValidationError(`${labels[index] ?? ''}${problem.field}`, problem.field === 'name' ? change.name : rrTypeToText(change.type), problem.detail);
    }
  }
  return diff(before, after, changes);
}

function toContent(rrsets: readonly RRsetData[]): Content {
  const content: Content = new Map();
  for (const set of rrsets) {
    let node = content.get(set.name);
    if (node === undefined) content.set(set.name, (node = new Map()));
    node.set(set.type, set);
  }
  return content;
}

function apply(content: Content, change: RRsetChange): void {
  let node = content.get(change.name);
  if (change.action === 'UPSERT') {
    if (node === undefined) content.set(change.name, (node = new Map()));
    node.set(change.type, { name: change.name, type: change.type, ttl: change.ttl, records: change.records });
    return;
  }
  const existing = node?.get(change.type);
  if (node === undefined || existing === undefined) return;
  const remaining = change.records.length === 0 ? [] : existing.records.filter((r) => !change.records.includes(r));
  if (remaining.length > 0) node.set(change.type, { ...existing, records: remaining });
  else node.delete(change.type);
  if (node.size === 0) content.delete(change.name);
}

interface Problem {
  readonly field: 'name' | 'type';
  readonly detail: string;
}

function checkName(origin: Name, content: Content, name: Name): Problem | undefined {
  const node = content.get(name);
  const types = node === undefined ? [] : [...node.keys()];
  const cname = node?.get(RRType.CNAME);
  if (cname !== undefined && types.length > 1) {
    return { field: 'type', detail: `${name} would have a CNAME beside other data (${types.map(rrTypeToText).join(', ')}); a CNAME must be alone at its name (RFC 1034 §3.6.2)` };
  }
  if (cname !== undefined && cname.records.length > 1) {
    return { field: 'type', detail: `${name} would have ${cname.records.length} CNAME values; a name has at most one (RFC 2181 §10.1)` };
  }
  const alias = node?.get(RRType.ALIAS);
  if (alias !== undefined && alias.records.length > 1) {
    return { field: 'type', detail: `${name} would have ${alias.records.length} ALIAS values; an ALIAS has one target` };
  }
  const dname = node?.get(RRType.DNAME);
  if (dname !== undefined && dname.records.length > 1) {
    return { field: 'type', detail: `${name} would have ${dname.records.length} DNAME values; a name has at most one (RFC 6672 §2.4)` };
  }
  const redirected = dnameAbove(origin, content, name);
  if (redirected !== undefined && node !== undefined) {
    return { field: 'name', detail: `${name} is below the DNAME at ${redirected}, which redirects every name under it; nothing may live there (RFC 6672 §2.3)` };
  }
  if (dname !== undefined) {
    for (const below of content.keys()) {
      if (below !== name && isSubdomain(below, name)) return { field: 'type', detail: `a DNAME at ${name} would hide ${below}; nothing may live below a DNAME (RFC 6672 §2.3)` };
    }
  }
  if (name === origin) {
    if (node?.get(RRType.SOA) === undefined) return { field: 'type', detail: 'the apex SOA cannot be removed' };
    if (node.get(RRType.NS) === undefined) return { field: 'type', detail: 'the apex NS RRset cannot be removed entirely' };
    return undefined;
  }
  const cut = cutAbove(origin, content, name);
  if (cut !== undefined) {
    const bad = types.filter((t) => !GLUE_TYPES.has(t));
    if (bad.length > 0) return { field: 'name', detail: `${name} is below the delegation ${cut}; only glue A/AAAA records may live there, not ${bad.map(rrTypeToText).join(', ')}` };
    return undefined;
  }
  if (node?.has(RRType.NS) === true) {
    const bad = types.filter((t) => !CUT_TYPES.has(t));
    if (bad.length > 0) return { field: 'type', detail: `${name} is a delegation (NS); only NS and DS may live there, not ${bad.map(rrTypeToText).join(', ')}` };
    for (const [below, data] of content) {
      if (below === name || !isSubdomain(below, name)) continue;
      const occluded = [...data.keys()].filter((t) => !GLUE_TYPES.has(t));
      if (occluded.length > 0) return { field: 'type', detail: `a delegation at ${name} would hide ${below} ${occluded.map(rrTypeToText).join(', ')}; only glue A/AAAA may live below it` };
    }
    return undefined;
  }
  if (node?.has(RRType.DS) === true) return { field: 'type', detail: `DS records belong at a delegation; ${name} has no NS (RFC 4035 §2.4)` };
  return undefined;
}

/** The nearest DNAME owner strictly above `name`, the apex included, if any. */
function dnameAbove(origin: Name, content: Content, name: Name): Name | undefined {
  if (name === origin) return undefined;
  for (let n = parentName(name); n !== null && isSubdomain(n, origin); n = parentName(n)) {
    if (content.get(n)?.has(RRType.DNAME) === true) return n;
  }
  return undefined;
}

/** The nearest delegation strictly above `name` and below the apex, if any. */
function cutAbove(origin: Name, content: Content, name: Name): Name | undefined {
  for (let n = parentName(name); n !== null && n !== origin; n = parentName(n)) {
    if (content.get(n)?.has(RRType.NS) === true) return n;
  }
  return undefined;
}

function diff(before: Content, after: Content, changes: readonly RRsetChange[]): RRsetDiff[] {
  const out: RRsetDiff[] = [];
  const seen = new Set<string>();
  for (const { name, type } of changes) {
    const key = `${type} ${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const b = before.get(name)?.get(type);
    const a = after.get(name)?.get(type);
    if (!sameSet(b, a)) out.push({ name, type, before: b, after: a });
  }
  return out;
}

function sameSet(a: RRsetData | undefined, b: RRsetData | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.ttl !== b.ttl || a.records.length !== b.records.length) return false;
  const set = new Set(a.records);
  return b.records.every((r) => set.has(r));
}
