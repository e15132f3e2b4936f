// The command-line dispatcher: `dnscove <command> [flags]`, one module per command.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a command module gives the dispatcher. */
interface CommandModule {
  /** Resolves to the exit code once the command is done (a server resolves when it stops). */
  readonly run: (args: string[]) => Promise<number>;
  /** Its usage text, printed for `dnscove <command> --help`. */
  readonly usage: string;
}

interface Command {
  readonly summary: string;
  load(): Promise<CommandModule>;
}

const commands: Record<string, Command> = {
  start: {
    summary: 'control plane and edge together, data under ./data, dev-mode mail',
    load: async () => import('./start.js').then((m) => ({ run: m.runStart, usage: m.USAGE })),
  },
  control: {
    summary: 'the control plane alone (HTTP API and console)',
    load: async () => import('./control.js').then((m) => ({ run: m.runControl, usage: m.USAGE })),
  },
  edge: {
    summary: 'the authoritative DNS server alone: --snapshots DIR|URL --listen HOST:PORT',
    load: async () => import('./edge.js').then((m) => ({ run: m.runEdge, usage: m.USAGE })),
  },
  'edge-key': {
    summary: 'edge-key create|revoke NAME, edge-key list: keys of remote edges',
    load: async () => import('./edge-key.js').then((m) => ({ run: m.runEdgeKey, usage: m.USAGE })),
  },
  operator: {
    summary: 'operator add|invite EMAIL, operator list: who runs this DNSCove, and who may sign up (DNSCOVE_SIGNUP=invite)',
    load: async () => import('./operator.js').then((m) => ({ run: m.runOperator, usage: m.USAGE })),
  },
  'snapshot-pubkey': {
    summary: 'print the public key remote edges verify snapshots with',
    load: async () => import('./snapshot-pubkey.js').then((m) => ({ run: m.runSnapshotPubkey, usage: m.USAGE })),
  },
  snapshot: {
    summary: 'snapshot build --zone FILE [--zone FILE ...] --out DIR',
    load: async () => import('./snapshot.js').then((m) => ({ run: m.runSnapshot, usage: m.USAGE })),
  },
};

const HELP = new Set(['-h', '--help', 'help']);
const VERSION = new Set(['-V', '--version', 'version']);

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(16)} ${c.summary}`);
  return `usage: dnscove <command> [flags]\n       dnscove <command> --help\n       dnscove --version\n\ncommands:\n${lines.join('\n')}\n`;
}

/** The version in the package.json above this module (src and dist differ in depth). */
function version(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'dnscove' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No package.json here: look further up.
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}

/**
 * Runs one command and returns the process exit code. Help (`-h`, `--help`, `help`, also after
 * a command) and `--version` print to stdout and return 0; no command prints the usage to
 * stderr and returns 2; an unknown command says so in one line and returns 2.
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(usage());
    return 2;
  }
  if (HELP.has(name)) {
    process.stdout.write(usage());
    return 0;
  }
  if (VERSION.has(name)) {
    process.stdout.write(`dnscove ${version()}\n`);
    return 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (command === undefined) {
    process.stderr.write(`dnscove: unknown command "${name}" (dnscove --help lists them)\n`);
    return 2;
  }
  const loaded = await command.load();
  if (rest.some((arg) => arg === '-h' || arg === '--help')) {
    process.stdout.write(loaded.usage.endsWith('\n') ? loaded.usage : `${loaded.usage}\n`);
    return 0;
  }
  return loaded.run(rest);
}
