// TTL-style durations in presentation form: "3600", "1h30m", "2d", "1w" (BIND syntax).

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/**
 * Parses a plain number of seconds or a sequence of number+unit pairs (s, m, h, d, w, either
 * case): "1h30m" is 5400. Returns undefined when the text is not a duration, so a caller can
 * tell a TTL from a class or type. The value is not range-checked (callers know their limit);
 * anything above 2^53 comes back as Infinity.
 */
export function parseDuration(text: string): number | undefined {
  if (/^[0-9]+$/.test(text)) return safe(Number(text));
  if (!/^([0-9]+[smhdwSMHDW])+$/.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(/([0-9]+)([a-zA-Z])/g)) {
    total += Number(m[1]) * UNIT_SECONDS[m[2]!.toLowerCase()]!;
  }
  return safe(total);
}

function safe(n: number): number {
  return Number.isSafeInteger(n) ? n : Infinity;
}
