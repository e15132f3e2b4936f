// The CLI's flags, read by node:util parseArgs: `--name value`, `--name=value`, repeatable flags.
import { parseArgs } from 'node:util';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ParsedFlags {
  /** Every value given for each flag, in order. */
  readonly values: ReadonlyMap<string, readonly string[]>;
  /** Arguments that are not flags. */
  readonly positional: readonly string[];
}

/** parseArgs' own error codes, for the ones we reword. */
interface ParseArgsError extends Error {
  readonly code?: string;
}

/**
 * Parses argv against the flags a command knows, each taking a value and repeatable. An
 * unknown flag or a missing value throws UsageError naming it.
 */
export function parseFlags(argv: readonly string[], known: readonly string[]): ParsedFlags {
  const options = Object.fromEntries(known.map((name) => [name, { type: 'string', multiple: true }] as const));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (err) {
    const e = err as ParseArgsError;
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown flag ${/'([^']+)'/.exec(e.message)?.[1] ?? ''}`.trimEnd());
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`${/--[\w-]+/.exec(e.message)?.[0] ?? 'a flag'} needs a value`);
    if (e.code?.startsWith('ERR_PARSE_ARGS') === true) throw new UsageError(e.message);
    throw err;
  }
  const values = new Map<string, string[]>();
  for (const [name, value] of Object.entries(parsed.values)) values.set(name, (Array.isArray(value) ? value : [value]).map(String));
  return { values, positional: parsed.positionals };
}

/** The last value of a flag, else its environment twin, else the default. */
export function flagOrEnv(flags: ParsedFlags, name: string, env: string, fallback: string): string;
export function flagOrEnv(flags: ParsedFlags, name: string, env: string): string | undefined;
export function flagOrEnv(flags: ParsedFlags, name: string, env: string, fallback?: string): string | undefined {
  return flags.values.get(name)?.at(-1) ?? process.env[env] ?? fallback;
}

/** "127.0.0.1:5353" → host and port; "[::1]:53" works too. Throws UsageError otherwise. */
export function parseHostPort(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):([0-9]{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new UsageError(`"${text}" is not HOST:PORT`);
  return { host: (m[1] ?? m[2])!, port };
}
