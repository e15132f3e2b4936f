// The RFC 1035 §5 master-file parser: zone-file text → records with absolute names and wire RDATA.
import { NameError, parseName, type Name } from '../dns/name.js';
import { parseDuration } from '../dns/presentation/duration.js';
import type { Token } from '../dns/presentation/tokenize.js';
import { parseRdataTokens, RdataError } from '../dns/rdata.js';
import { rrTypeFromText, RRType } from '../dns/rr-type.js';
import { ZoneFileError } from './zone-file-error.js';
import { lexZoneFile, type ZoneEntry } from './zone-lexer.js';

/** One record as written in the file, with the line it starts on. Class is always IN. */
export interface ZoneFileRecord {
  readonly name: Name;
  readonly type: number;
  readonly ttl: number;
  readonly rdata: Buffer;
  readonly line: number;
}

export interface ParseZoneFileOptions {
  /** The zone's name; when given it is the initial origin and the result's origin. */
  readonly origin?: Name;
  /** Used in error messages; defaults to "<zone file>". */
  readonly file?: string;
  /** TTL for records before any $TTL or explicit TTL; without it such a record is an error. */
  readonly defaultTtl?: number;
}

/** Largest TTL (RFC 2181 §8). */
const MAX_TTL = 0x7fffffff;

interface RecordHead {
  readonly owner: Token | undefined;
  readonly ttl: number | undefined;
  readonly type: number;
  readonly rdata: readonly Token[];
}

/**
 * Parses zone-file text. Supports `$ORIGIN` (relative to the current origin), `$TTL` (with
 * units: 1h30m, 2d, 1w), `@`, relative names, an omitted owner (the entry starts with a
 * blank: the previous record's owner), TTL and class in either order and each optional,
 * parentheses across lines, `;` comments, quoted strings with escapes, `\#` generic RDATA and
 * TYPEnnn mnemonics (RFC 3597), CRLF line endings. `$INCLUDE` is refused: this function reads
 * text, not files.
 *
 * The zone's origin is `options.origin`, else the first `$ORIGIN`, else the owner of the first
 * SOA when written absolute; it is also the origin in effect until the first `$ORIGIN`, as
 * when BIND takes it from the zone's configured name.
 *
 * An omitted TTL is the `$TTL` value, else the previous record's TTL (RFC 1035 §5.1 "the last
 * explicitly stated value"; RFC 2308 §4), else `options.defaultTtl`, else an error.
 * Only class IN is accepted. Pure; every error is a ZoneFileError naming file and line.
 */
export function parseZoneFile(text: string, options: ParseZoneFileOptions = {}): { origin: Name; records: ZoneFileRecord[] } {
  const { origin, records } = readZoneFile(text, options);
  return { origin, records: [...records] };
}

/**
 * parseZoneFile, yielding the records as they are parsed, so a big file's records are never
 * all held at once (`dnscove snapshot build`). The origin is found first (reading ahead only
 * as far as the first `$ORIGIN` or SOA); errors in the records are thrown as they are reached.
 */
export function readZoneFile(text: string, options: ParseZoneFileOptions = {}): { origin: Name; records: Generator<ZoneFileRecord, void, undefined> } {
  const file = options.file ?? '<zone file>';
  const entries = lexZoneFile(text, file);
  const { origin, readAhead } = findOrigin(entries, options.origin, file);
  return { origin, records: recordsOf(readAhead, entries, origin, file, options.defaultTtl) };
}

function* recordsOf(readAhead: readonly ZoneEntry[], rest: Iterator<ZoneEntry>, zoneOrigin: Name, file: string, defaultTtl: number | undefined): Generator<ZoneFileRecord, void, undefined> {
  let origin = zoneOrigin;
  let dollarTtl: number | undefined;
  // The previous record's owner as written too: files repeat an owner on consecutive lines, parsed once.
  let previous: { name: Name; ttl: number; text: string | undefined; origin: Name } | undefined;
  let ahead = 0;
  for (;;) {
    let entry: ZoneEntry;
    if (ahead < readAhead.length) entry = readAhead[ahead++]!;
    else {
      const next = rest.next();
      if (next.done === true) return;
      entry = next.value;
    }
    const fail = (reason: string, cause?: unknown): never => {
      throw new ZoneFileError(file, entry.line, reason, { cause });
    };
    let record: ZoneFileRecord;
    try {
      const first = entry.tokens[0]!;
      if (!entry.indented && !first.quoted && first.text.startsWith('$')) {
        const args = entry.tokens.slice(1);
        const directive = first.text.toUpperCase();
        if (directive === '$ORIGIN') {
          if (args.length !== 1) fail('$ORIGIN takes one name');
          origin = parseName(args[0]!.text, origin);
        } else if (directive === '$TTL') {
          if (args.length !== 1) fail('$TTL takes one TTL');
          dollarTtl = parseTtl(args[0]!.text, fail);
        } else if (directive === '$INCLUDE') {
          fail('$INCLUDE is not supported: the parser reads one zone file; inline the included file');
        } else {
          fail(`unknown directive ${first.text}`);
        }
        continue;
      }
      const head = splitRecordHead(entry, fail);
      let name: Name;
      if (head.owner !== undefined) name = head.owner.text === previous?.text && origin === previous.origin ? previous.name : parseName(head.owner.text, origin);
      else if (previous !== undefined) name = previous.name;
      else return fail('the first record has no owner name (the line starts with a blank)');
      const ttl = head.ttl ?? dollarTtl ?? previous?.ttl ?? defaultTtl ?? fail('no TTL: give the record one, or add a $TTL directive');
      const rdata = parseRdataTokens(head.type, head.rdata, origin);
      record = { name, type: head.type, ttl, rdata, line: entry.line };
      previous = { name, ttl, text: head.owner?.text ?? previous?.text, origin: head.owner === undefined ? (previous?.origin ?? origin) : origin };
    } catch (err) {
      if (err instanceof ZoneFileError) throw err;
      if (err instanceof RdataError || err instanceof NameError) fail(err.message, err);
      throw err;
    }
    yield record;
  }
}

/**
 * Splits a record entry into owner, TTL, type and RDATA tokens, checking the class.
 * After the owner come at most one TTL and at most one class, in either order (RFC 1035 §5.1).
 */
function splitRecordHead(entry: ZoneEntry, fail: (reason: string) => never): RecordHead {
  const tokens = entry.tokens;
  let i = 0;
  const owner = entry.indented ? undefined : tokens[i++];
  let ttl: number | undefined;
  let classSeen = false;
  for (;;) {
    const token = tokens[i];
    if (token === undefined) return fail('the record has no type');
    if (ttl === undefined && /^[0-9]/.test(token.text)) {
      ttl = parseTtl(token.text, fail);
    } else if (!classSeen && isClassText(token.text)) {
      if (!/^(IN|CLASS0*1)$/i.test(token.text)) fail(`class ${token.text} is not supported (only IN)`);
      classSeen = true;
    } else {
      break;
    }
    i++;
  }
  const typeText = tokens[i]!.text;
  const type = rrTypeFromText(typeText);
  if (type === undefined) return fail(`unknown type "${typeText}"`);
  return { owner, ttl, type, rdata: tokens.slice(i + 1) };
}

function isClassText(text: string): boolean {
  return /^(IN|CH|CS|HS|NONE|ANY|CLASS[0-9]+)$/i.test(text);
}

function parseTtl(text: string, fail: (reason: string) => never): number {
  const ttl = parseDuration(text);
  if (ttl === undefined) return fail(`"${text}" is not a TTL`);
  if (ttl > MAX_TTL) return fail(`TTL ${text} is more than ${MAX_TTL} (RFC 2181 §8)`);
  return ttl;
}

/**
 * The zone's origin: the option, else the first $ORIGIN, else an absolute SOA owner; with the
 * entries read to find it (to be parsed before the rest).
 */
function findOrigin(entries: Iterator<ZoneEntry>, given: Name | undefined, file: string): { origin: Name; readAhead: ZoneEntry[] } {
  const readAhead: ZoneEntry[] = [];
  if (given !== undefined) return { origin: given, readAhead };
  for (let next = entries.next(); next.done !== true; next = entries.next()) {
    const entry = next.value;
    readAhead.push(entry);
    const first = entry.tokens[0]!;
    if (!entry.indented && first.text.toUpperCase() === '$ORIGIN' && entry.tokens.length === 2) {
      try {
        return { origin: parseName(entry.tokens[1]!.text), readAhead };
      } catch (err) {
        throw new ZoneFileError(file, entry.line, `the first $ORIGIN must be absolute: ${(err as Error).message}`, { cause: err });
      }
    }
    if (entry.indented || first.text.startsWith('$')) continue;
    let head: RecordHead;
    try {
      head = splitRecordHead(entry, (reason) => {
        throw new ZoneFileError(file, entry.line, reason);
      });
    } catch {
      continue;
    }
    if (head.type === RRType.SOA && head.owner !== undefined) {
      try {
        return { origin: parseName(head.owner.text), readAhead };
      } catch {
        break;
      }
    }
  }
  throw new ZoneFileError(file, 0, 'no origin: give one, start with $ORIGIN, or write the SOA owner as an absolute name');
}
