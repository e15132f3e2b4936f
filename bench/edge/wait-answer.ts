// CLI: asks one question over UDP until the answer is the expected one; prints the epoch milliseconds when it was.
import { parseFlags } from '../../bin/cli/flags.js';
import { processAlive } from './process-alive.js';
import { UdpProber } from './udp-prober.js';

const USAGE = 'usage: wait-answer --port P --name NAME --type T --expect VALUE [--host H] [--timeout SECONDS] [--exit-pid PID]';

/**
 * Polls every few milliseconds (each try waits up to 100 ms for its reply). Success needs
 * RCODE NOERROR, AA, and an answer record with the question's owner and type whose data is
 * VALUE (for SOA, the serial). Prints Date.now() at success and exits 0; exits 1 on the
 * deadline or when --exit-pid stops existing.
 */
async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseFlags(argv, ['port', 'host', 'name', 'type', 'expect', 'timeout', 'exit-pid']);
  const get = (k: string): string | undefined => values.get(k)?.at(-1);
  const port = Number(get('port'));
  const name = get('name')?.toLowerCase();
  const type = get('type')?.toUpperCase();
  const expect = get('expect');
  const timeoutS = Number(get('timeout') ?? 300);
  const watchPid = get('exit-pid') === undefined ? undefined : Number(get('exit-pid'));
  if (!Number.isInteger(port) || name === undefined || type === undefined || expect === undefined || !(timeoutS > 0)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const owner = name.endsWith('.') ? name : `${name}.`;
  const prober = await UdpProber.open(get('host') ?? '127.0.0.1', port);
  const deadline = Date.now() + timeoutS * 1000;
  let last = 'no reply';
  try {
    while (Date.now() < deadline) {
      const reply = await prober.ask(owner, type, 100);
      if (reply !== null) {
        const ok = reply.rcode === 0 && reply.aa && reply.answers.some((r) => r.name === owner && r.type === type && r.data === expect);
        if (ok) {
          process.stdout.write(`${Date.now()}\n`);
          return 0;
        }
        last = `rcode ${reply.rcode}, aa ${reply.aa}, answers ${JSON.stringify(reply.answers)}`;
      }
      if (watchPid !== undefined && !processAlive(watchPid)) {
        process.stderr.write(`wait-answer: process ${watchPid} exited before answering ${owner} ${type}\n`);
        return 1;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    prober.close();
  }
  process.stderr.write(`wait-answer: no answer ${owner} ${type} = ${expect} within ${timeoutS} s (last: ${last})\n`);
  return 1;
}

process.exitCode = await main(process.argv.slice(2));
