// CLI: asks the reload zone's names over UDP until stopped and checks every answer against the published versions.
import { parseFlags } from '../../bin/cli/flags.js';
import { seededInt } from './prng.js';
import { checkReloadReply } from './reload-check.js';
import type { VerifySummary } from './reload-check.js';
import { drawReloadQuestion, reloadIndexes } from './reload-zone.js';
import { UdpProber } from './udp-prober.js';

const USAGE = 'usage: verify-reload --port P --records N --max-version V [--host H] [--window W] [--timeout-ms T]';
const MAX_EXAMPLES = 10;


/**
 * Keeps `window` questions outstanding until SIGTERM or SIGINT, then prints the summary and
 * exits 0. A reply that no single version 0..max-version could have produced is a mismatch; a
 * question without a reply within the timeout counts as unanswered, not as a mismatch.
 */
async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseFlags(argv, ['port', 'host', 'records', 'max-version', 'window', 'timeout-ms']);
  const get = (k: string): string | undefined => values.get(k)?.at(-1);
  const port = Number(get('port'));
  const records = Number(get('records'));
  const maxVersion = Number(get('max-version'));
  const window = Number(get('window') ?? 4);
  const timeoutMs = Number(get('timeout-ms') ?? 2000);
  if (![port, records, maxVersion, window, timeoutMs].every((n) => Number.isInteger(n) && n >= 0) || window < 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const indexes = reloadIndexes(records);
  const int = seededInt(Date.now());
  const prober = await UdpProber.open(get('host') ?? '127.0.0.1', port);
  const summary: VerifySummary = { asked: 0, answered: 0, unanswered: 0, mismatches: 0, versions: {}, regressions: 0, examples: [] };
  let highest = -1;
  let stopping = false;
  const stopped = new Promise<void>((resolve) => {
    const stop = (): void => {
      stopping = true;
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  const lane = async (): Promise<void> => {
    while (!stopping) {
      const q = drawReloadQuestion(indexes, int);
      summary.asked++;
      const reply = await prober.ask(q.name, q.type, timeoutMs);
      if (reply === null) {
        summary.unanswered++;
        continue;
      }
      summary.answered++;
      const verdict = checkReloadReply(q, reply, maxVersion);
      if (!verdict.ok) {
        summary.mismatches++;
        if (summary.examples.length < MAX_EXAMPLES) summary.examples.push(verdict.reason);
        continue;
      }
      summary.versions[verdict.version] = (summary.versions[verdict.version] ?? 0) + 1;
      if (verdict.version < highest) summary.regressions++;
      highest = Math.max(highest, verdict.version);
    }
  };
  const lanes = Array.from({ length: window }, () => lane());
  await stopped;
  await Promise.all(lanes);
  prober.close();
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
