// Splits the presentation text of one record's RDATA into tokens (RFC 1035 §5.1).
import { RdataError } from '../rdata/rdata-error.js';

/**
 * One token of presentation text. `text` has its quotes removed but its backslash escapes
 * kept raw (`\"`, `\\`, `\DDD`), so each field parser decodes them the way its field needs
 * (a name keeps `\.` as a literal dot inside a label; a character-string does not care).
 * `quoted` is true when any part of the token was inside double quotes.
 */
export interface Token {
  readonly text: string;
  readonly quoted: boolean;
}

/**
 * Splits one RDATA text (what follows the TYPE: '10 mail', '"v=spf1" "-all"') on blanks
 * outside quotes. A quoted part joins the unquoted text around it (`alpn="h2,h3"` is one
 * token, as RFC 9460 presentation needs). Unquoted, unescaped `(`, `)` and `;` are refused:
 * they only mean something in a zone file (grouping, comments), which `parseZoneFile`
 * handles, so here they would only hide a mistake. Throws RdataError on an unterminated quote
 * or a backslash at the end.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (isBlank(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let out = '';
    let quoted = false;
    while (i < text.length && !isBlank(text.charCodeAt(i))) {
      const ch = text[i]!;
      if (ch === '"') {
        quoted = true;
        const end = scanQuoted(text, i + 1);
        out += text.slice(i + 1, end);
        i = end + 1;
      } else if (ch === '\\') {
        if (i + 1 >= text.length) throw new RdataError(`backslash at the end of ${JSON.stringify(text)}`);
        out += text.slice(i, i + 2);
        i += 2;
      } else if (ch === '(' || ch === ')' || ch === ';') {
        throw new RdataError(`"${ch}" must be quoted or escaped in record text`);
      } else {
        out += ch;
        i++;
      }
    }
    tokens.push({ text: out, quoted });
  }
  return tokens;
}

/** Blank for tokenizing: space, tab, CR and LF. */
function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a;
}

/** Index of the closing quote of a quoted part starting at `start`; escapes skip a character. */
function scanQuoted(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') return i;
    i += ch === '\\' ? 2 : 1;
  }
  throw new RdataError(`unterminated quote in ${JSON.stringify(text)}`);
}
