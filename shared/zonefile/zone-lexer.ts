// Splits zone-file text into entries (RFC 1035 §5.1): one per record or directive.
import type { Token } from '../dns/presentation/tokenize.js';
import { ZoneFileError } from './zone-file-error.js';

/**
 * One entry: the tokens of one line, or of several lines joined by parentheses. `line` is
 * where it starts; `indented` is true when it starts with a blank, which means "same owner
 * as the previous record" (RFC 1035 §5.1).
 */
export interface ZoneEntry {
  readonly line: number;
  readonly indented: boolean;
  readonly tokens: readonly Token[];
}

/** Characters that end an unquoted token. */
const DELIMITERS = ' \t\r\n;()';
/** By character code: 1 ends a token (DELIMITERS), 2 needs the slow path (a quote or a backslash). */
const TOKEN_STOP = new Uint8Array(128);
for (const c of DELIMITERS) TOKEN_STOP[c.charCodeAt(0)] = 1;
TOKEN_STOP['"'.charCodeAt(0)] = 2;
TOKEN_STOP['\\'.charCodeAt(0)] = 2;

/**
 * Tokenizes a zone file, yielding entries as it goes (a big file's entries are never all held
 * at once). Outside quotes: blanks (space, tab, CR) separate tokens, `;` starts a comment to
 * the end of the line, `(` and `)` group lines into one entry (not nested). Quotes and
 * backslash escapes work as in `tokenize` (quotes removed, escapes kept raw); a quoted string
 * cannot span lines. Throws ZoneFileError naming the line.
 */
export function* lexZoneFile(text: string, file: string): Generator<ZoneEntry, void, undefined> {
  let line = 1;
  // A byte-order mark is not part of the first owner name (editors on Windows add one).
  let lineStart = text.startsWith('\uFEFF') ? 1 : 0;
  let tokens: Token[] = [];
  let entryLine = 0;
  let indented = false;
  let openParenLine = 0;
  let i = lineStart;

  const fail = (reason: string): never => {
    throw new ZoneFileError(file, line, reason);
  };
  const startEntry = (pos: number): void => {
    if (entryLine === 0) {
      entryLine = line;
      indented = pos !== lineStart;
    }
  };

  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\n') {
      line++;
      lineStart = i + 1;
      i++;
      if (openParenLine === 0 && tokens.length > 0) {
        yield { line: entryLine, indented, tokens };
        tokens = [];
      }
      if (openParenLine === 0) entryLine = 0;
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
    } else if (ch === ';') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (ch === '(') {
      startEntry(i);
      if (openParenLine !== 0) fail('nested "("');
      openParenLine = line;
      i++;
    } else if (ch === ')') {
      if (openParenLine === 0) fail('")" without "("');
      openParenLine = 0;
      i++;
    } else {
      startEntry(i);
      // Most tokens have neither quotes nor escapes: one slice, no building.
      const start = i;
      let stop = 0;
      for (; i < text.length; i++) {
        const code = text.charCodeAt(i);
        stop = code < 128 ? TOKEN_STOP[code]! : 0;
        if (stop !== 0) break;
      }
      if (stop !== 2) {
        tokens.push({ text: text.slice(start, i), quoted: false });
        continue;
      }
      let out = text.slice(start, i);
      let quoted = false;
      while (i < text.length && !DELIMITERS.includes(text[i]!)) {
        const c = text[i]!;
        if (c === '"') {
          quoted = true;
          let j = i + 1;
          while (j < text.length && text[j] !== '"') {
            if (text[j] === '\n' || (text[j] === '\\' && text[j + 1] === '\n')) fail('unterminated quote');
            j += text[j] === '\\' ? 2 : 1;
          }
          if (j >= text.length) fail('unterminated quote');
          out += text.slice(i + 1, j);
          i = j + 1;
        } else if (c === '\\') {
          if (i + 1 >= text.length || text[i + 1] === '\n') fail('backslash at the end of a line');
          out += text.slice(i, i + 2);
          i += 2;
        } else {
          out += c;
          i++;
        }
      }
      tokens.push({ text: out, quoted });
    }
  }
  if (openParenLine !== 0) throw new ZoneFileError(file, openParenLine, '"(" is never closed');
  if (tokens.length > 0) yield { line: entryLine, indented, tokens };
}
