// Runs a server as a child process, keeps its output, and stops it by its own PID.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** A running child process and everything it has written so far. */
export interface ChildServer {
  readonly name: string;
  readonly pid: number;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Null while running; the exit code or signal once it has exited. */
  exitStatus(): { code: number | null; signal: NodeJS.Signals | null } | null;
  /**
   * Sends SIGTERM and waits for the exit; SIGKILL after `graceMs` (default 5 s). Idempotent:
   * stopping an exited process resolves at once.
   */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Spawns `command` with `args` (no shell, no stdin, this process's environment unless `env`
 * is given) and starts collecting its output. Throws
 * with the reason when the program cannot be started at all (e.g. it is not installed).
 */
export async function startChild(name: string, command: string, args: readonly string[], cwd?: string, env: NodeJS.ProcessEnv = process.env): Promise<ChildServer> {
  const child: ChildProcess = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let status: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      status = { code, signal };
      resolve();
    });
  });
  const spawned = once(child, 'spawn').then(() => 'spawned' as const);
  const failed = once(child, 'error').then(([e]) => e as Error);
  const first = await Promise.race([spawned, failed]);
  if (first !== 'spawned') throw new Error(`${name}: cannot start ${command}: ${first.message}`, { cause: first });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name}: ${command} has no PID`);
  return {
    name,
    pid,
    stdout: () => out,
    stderr: () => err,
    exitStatus: () => status,
    stop: async (graceMs = 5_000) => {
      if (status !== null) return;
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => {
        if (status === null) process.kill(pid, 'SIGKILL');
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
