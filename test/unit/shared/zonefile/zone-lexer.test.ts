// Tests shared/zonefile/zone-lexer.ts: entries, parentheses, comments, quotes.
import { describe, expect, test } from 'vitest';
import { ZoneFileError } from '../../../../shared/zonefile/zone-file-error.js';
import { lexZoneFile, type ZoneEntry } from '../../../../shared/zonefile/zone-lexer.js';

/** An entry as "line[+ if indented]: tok|tok", quoted tokens in «». */
function show(entries: readonly ZoneEntry[]): string[] {
  return entries.map((e) => `${e.line}${e.indented ? '+' : ''}: ${e.tokens.map((t) => (t.quoted ? `«${t.text}»` : t.text)).join('|')}`);
}

describe('lexZoneFile', () => {
  test.each<[string, string, string[]]>([
    ['one line per entry', 'a A 1\nb A 2\n', ['1: a|A|1', '2: b|A|2']],
    ['indented entries', 'a A 1\n  A 2\n\tA 3', ['1: a|A|1', '2+: A|2', '3+: A|3']],
    ['blank and comment-only lines vanish', '\n; c\n   ; c\n\n a ; c\n', ['5+: a']],
    ['parentheses join lines, the entry keeps its first line', 'x\na ( 1\n 2 ; c\n 3 )\nb', ['1: x', '2: a|1|2|3', '5: b']],
    ['parentheses need no blanks around them', 'a (1\n2)', ['1: a|1|2']],
    ['an entry may start with a parenthesis', '(a\n b)', ['1: a|b']],
    ['quotes keep blanks, ; and parentheses; escapes stay raw', 'a "b c;(d)" "e\\"f" g\\ h', ['1: a|«b c;(d)»|«e\\"f»|g\\ h']],
    ['a quoted part joins the text around it', 'alpn="h2,h3"x', ['1: «alpn=h2,h3x»']],
    ['an empty quoted string is a token', 'a ""', ['1: a|«»']],
    ['CR is a blank', 'a A 1\r\n  B\r\n', ['1: a|A|1', '2+: B']],
    ['a byte-order mark is skipped', '\uFEFFa A 1', ['1: a|A|1']],
    ['escaped specials are ordinary', 'a\\;b \\( \\"', ['1: a\\;b|\\(|\\"']],
  ])('%s', (_label, text, expected) => {
    expect(show([...lexZoneFile(text, 'f')])).toEqual(expected);
  });

  test.each([
    ['a "b\nc"', 'f:1: unterminated quote'],
    ['a\nb "c', 'f:2: unterminated quote'],
    ['a "b\\\nc"', 'f:1: unterminated quote'],
    ['a\n(b\n(c))', 'f:3: nested "("'],
    ['a )', 'f:1: ")" without "("'],
    ['x\na (\n b', 'f:2: "(" is never closed'],
    ['a b\\\nc', 'f:1: backslash at the end of a line'],
    ['a b\\', 'f:1: backslash at the end of a line'],
  ])('%j is refused', (text, message) => {
    expect(() => [...lexZoneFile(text, 'f')]).toThrow(ZoneFileError);
    expect(() => [...lexZoneFile(text, 'f')]).toThrow(message);
  });
});
