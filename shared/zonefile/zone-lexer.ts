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

/**
 * Tokenizes a whole zone file. Outside quotes: blanks (space, tab, CR) separate tokens, `;`
 * starts a comment to the end of the line, `(` and `)` group lines into one entry (not
 * nested). Quotes and backslash escapes work as in `tokenize` (quotes removed, escapes kept
 * raw); a quoted string cannot span lines. Throws ZoneFileError naming the line.
 */
export function lexZoneFile(text: string, file: string): ZoneEntry[] {
  const entries: ZoneEntry[] = [];
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
  const flush = (): void => {
    if (tokens.length > 0) entries.push({ line: entryLine, indented, tokens });
    tokens = [];
    entryLine = 0;
  };

  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\n') {
      line++;
      lineStart = i + 1;
      i++;
      if (openParenLine === 0) flush();
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
    } else if (ch === ';') {
      while (i < text.length && text[i] !== '\n') i++;
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
      let out = '';
      let quoted = false;
      while (i < text.length && !' \t\r\n;()'.includes(text[i]!)) {
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
  flush();
  return entries;
}
