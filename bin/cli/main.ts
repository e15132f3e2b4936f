// The command-line dispatcher: `dnscove <command> [flags]`, one module per command.

interface Command {
  readonly summary: string;
  /** Resolves to the exit code once the command is done (a server resolves when it stops). */
  load(): Promise<(args: string[]) => Promise<number>>;
}

const commands: Record<string, Command> = {
  start: {
    summary: 'control plane and edge together, data under ./data, dev-mode mail',
    load: async () => (await import('./start.js')).runStart,
  },
  control: {
    summary: 'the control plane alone (HTTP API and console)',
    load: async () => (await import('./control.js')).runControl,
  },
  edge: {
    summary: 'the authoritative DNS server alone: --snapshots DIR|URL --listen HOST:PORT',
    load: async () => (await import('./edge.js')).runEdge,
  },
  'edge-key': {
    summary: 'edge-key create|revoke NAME, edge-key list: keys of remote edges',
    load: async () => (await import('./edge-key.js')).runEdgeKey,
  },
  'snapshot-pubkey': {
    summary: 'print the public key remote edges verify snapshots with',
    load: async () => (await import('./snapshot-pubkey.js')).runSnapshotPubkey,
  },
  snapshot: {
    summary: 'snapshot build --zone FILE [--zone FILE ...] --out DIR',
    load: async () => (await import('./snapshot.js')).runSnapshot,
  },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(16)} ${c.summary}`);
  return `usage: dnscove <command> [flags]\n\ncommands:\n${lines.join('\n')}\n`;
}

/** Runs one command and returns the process exit code; unknown commands print usage (exit 2). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : commands[name];
  if (command === undefined) {
    process.stderr.write(usage());
    return name === undefined || name === 'help' || name === '--help' ? 0 : 2;
  }
  const run = await command.load();
  return run(rest);
}
