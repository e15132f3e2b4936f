// CLI: writes one benchmark zone file (`mix`, `big` or `reload`), streaming it so a million records take seconds.
import { parseFlags } from '../../bin/cli/flags.js';
import { writeBigZone } from './big-zone.js';
import { LineWriter } from './line-writer.js';
import { MIX_PROBE, writeMixZone } from './mix-zone.js';
import { writeReloadZone } from './reload-zone.js';

const USAGE = 'usage: gen-zone mix --out FILE | big --out FILE --records N | reload --out FILE --records N --version V';

function intFlag(values: ReadonlyMap<string, readonly string[]>, name: string): number {
  const text = values.get(name)?.at(-1);
  const n = Number(text);
  if (text === undefined || !Number.isInteger(n) || n < 0) throw new Error(`--${name} needs a non-negative integer (${USAGE})`);
  return n;
}

/**
 * Writes the zone and prints one line: for `mix` and `big`, "probe NAME TYPE VALUE" (the
 * question a fully loaded server answers with VALUE); for `reload`, the number of lines written.
 */
function main(argv: readonly string[]): void {
  const { values, positional } = parseFlags(argv, ['out', 'records', 'version']);
  const out = values.get('out')?.at(-1);
  const kind = positional[0];
  if (out === undefined || positional.length !== 1) throw new Error(USAGE);
  const writer = new LineWriter(out);
  try {
    if (kind === 'mix') {
      writeMixZone(writer);
      process.stdout.write(`probe ${MIX_PROBE.name} ${MIX_PROBE.type} ${MIX_PROBE.value}\n`);
      return;
    } else if (kind === 'big') {
      const probe = writeBigZone(writer, intFlag(values, 'records'));
      process.stdout.write(`probe ${probe.name} ${probe.type} ${probe.value}\n`);
      return;
    } else if (kind === 'reload') writeReloadZone(writer, intFlag(values, 'records'), intFlag(values, 'version'));
    else throw new Error(USAGE);
  } finally {
    writer.close();
  }
  process.stdout.write(`${writer.lines} lines\n`);
}

try {
  main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`gen-zone: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
