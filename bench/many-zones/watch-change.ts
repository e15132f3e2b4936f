// CLI: makes one change (rename, unlink or a command) and times how long until the server's answer shows it, polling every 1 ms.
import { spawn } from 'node:child_process';
import { renameSync, unlinkSync } from 'node:fs';
import { parseFlags } from '../../bin/cli/flags.js';
import type { Reply } from '../edge/reply.js';
import { UdpProber } from '../edge/udp-prober.js';

const USAGE =
  'usage: watch-change --port P --name NAME --type T (--expect VALUE | --expect-rcode N) ' +
  '(--rename SRC --to DST | --unlink PATH | --run SHELL_COMMAND) [--timeout SECONDS]';

/** Runs the change and resolves when it has finished (a command: when it exits 0). */
async function act(values: ReadonlyMap<string, readonly string[]>): Promise<void> {
  const get = (k: string): string | undefined => values.get(k)?.at(-1);
  const rename = get('rename');
  const unlink = get('unlink');
  const run = get('run');
  if (rename !== undefined) return renameSync(rename, get('to')!);
  if (unlink !== undefined) return unlinkSync(unlink);
  const child = spawn('sh', ['-c', run!], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`"${run}" exited ${code}: ${output.trim()}`);
}

/**
 * Checks that the server does not show the change yet, then starts the change and, from that
 * moment, sends the question every millisecond (without waiting for replies) until a reply
 * shows it: the expected rcode, or NOERROR + AA with an answer record of the question's name
 * and type whose data is VALUE. Prints one JSON line {served_ms, action_ms, asked}: ms from
 * the start of the change until that reply arrived, and until the change itself finished
 * (the control command exited, or the rename/unlink returned). Exits 1 on the deadline.
 */
async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseFlags(argv, ['port', 'name', 'type', 'expect', 'expect-rcode', 'rename', 'to', 'unlink', 'run', 'timeout']);
  const get = (k: string): string | undefined => values.get(k)?.at(-1);
  const port = Number(get('port'));
  const name = get('name')?.toLowerCase();
  const type = get('type')?.toUpperCase();
  const expect = get('expect');
  const rcode = get('expect-rcode') === undefined ? undefined : Number(get('expect-rcode'));
  const actions = ['rename', 'unlink', 'run'].filter((k) => get(k) !== undefined).length;
  const timeoutMs = Number(get('timeout') ?? 300) * 1000;
  if (!Number.isInteger(port) || name === undefined || type === undefined || (expect === undefined) === (rcode === undefined) || actions !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (get('rename') !== undefined && get('to') === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const owner = name.endsWith('.') ? name : `${name}.`;
  const shows = (reply: Reply): boolean =>
    rcode !== undefined
      ? reply.rcode === rcode
      : reply.rcode === 0 && reply.aa && reply.answers.some((r) => r.name === owner && r.type === type && r.data === expect);
  const prober = await UdpProber.open('127.0.0.1', port);
  let timer: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;
  try {
    const before = await prober.ask(owner, type, 1000);
    if (before === null) throw new Error(`no reply to ${owner} ${type} before the change`);
    if (shows(before)) throw new Error(`${owner} ${type} already shows the change before it is made`);

    const started = performance.now();
    let actionMs: number | undefined;
    let asked = 0;
    const served = new Promise<number>((resolve, reject) => {
      deadline = setTimeout(() => reject(new Error(`the change was not served within ${timeoutMs / 1000} s`)), timeoutMs);
      timer = setInterval(() => {
        asked++;
        void prober.ask(owner, type, 1000).then((reply) => {
          if (reply === null || !shows(reply)) return;
          clearInterval(timer);
          clearTimeout(deadline);
          resolve(performance.now() - started);
        });
      }, 1);
    });
    const acted = act(values).then(() => {
      actionMs = performance.now() - started;
    });
    const [servedMs] = await Promise.all([served, acted]);
    process.stdout.write(`${JSON.stringify({ served_ms: Number(servedMs.toFixed(1)), action_ms: Number(actionMs!.toFixed(1)), asked })}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`watch-change: ${(err as Error).message}\n`);
    return 1;
  } finally {
    clearInterval(timer);
    clearTimeout(deadline);
    prober.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
