// Readers that turn untrusted JSON (`unknown`) into typed values, failing loudly on the wrong shape.

/** The API answered with JSON of an unexpected shape. */
export class DecodeError extends Error {
  override name = 'DecodeError';
}

/** `value` as a plain object, or DecodeError naming `what`. */
export function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new DecodeError(`${what}: expected an object`);
  return value as Record<string, unknown>;
}

/** `value` as an array, or DecodeError naming `what`. */
export function array(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new DecodeError(`${what}: expected an array`);
  return value;
}

export function str(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new DecodeError(`${key}: expected a string`);
  return v;
}

export function optStr(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

export function strOrNull(o: Record<string, unknown>, key: string): string | null {
  const v = o[key];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') throw new DecodeError(`${key}: expected a string or null`);
  return v;
}

export function num(o: Record<string, unknown>, key: string): number {
  const v = o[key];
  if (typeof v !== 'number') throw new DecodeError(`${key}: expected a number`);
  return v;
}

export function numOrNull(o: Record<string, unknown>, key: string): number | null {
  const v = o[key];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number') throw new DecodeError(`${key}: expected a number or null`);
  return v;
}

export function bool(o: Record<string, unknown>, key: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new DecodeError(`${key}: expected a boolean`);
  return v;
}

export function strings(o: Record<string, unknown>, key: string): string[] {
  return array(o[key] ?? [], key).map((v, i) => {
    if (typeof v !== 'string') throw new DecodeError(`${key}[${i}]: expected a string`);
    return v;
  });
}

/** The array at `key` (absent = empty), each item read by `item`. */
export function list<T>(o: Record<string, unknown>, key: string, item: (v: unknown, what: string) => T): T[] {
  return array(o[key] ?? [], key).map((v, i) => item(v, `${key}[${i}]`));
}
