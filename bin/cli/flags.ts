// A small flag parser for the CLI: `--name value`, `--name=value`, repeatable flags, booleans.

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ParsedFlags {
  /** Every value given for each flag, in order. */
  readonly values: ReadonlyMap<string, readonly string[]>;
  /** Arguments that are not flags. */
  readonly positional: readonly string[];
}

/**
 * Parses argv against the flags a command knows. `booleans` take no value. An unknown flag
 * or a missing value throws UsageError naming it.
 */
export function parseFlags(argv: readonly string[], known: readonly string[], booleans: readonly string[] = []): ParsedFlags {
  const values = new Map<string, string[]>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!known.includes(name) && !booleans.includes(name)) throw new UsageError(`unknown flag --${name}`);
    let value: string;
    if (booleans.includes(name)) value = eq >= 0 ? arg.slice(eq + 1) : 'true';
    else if (eq >= 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined) throw new UsageError(`--${name} needs a value`);
      value = next;
      i++;
    }
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return { values, positional };
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
