// Polls a condition up to a deadline, so tests wait for asynchronous effects without fixed sleeps.
import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** What is being waited for, used in the timeout message. */
  readonly what: string;
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

/**
 * Calls `check` until it returns true (or a promise of true), every `intervalMs` (default 50),
 * and throws naming `what` once `timeoutMs` (default 10 s) has passed. An exception from
 * `check` counts as "not yet"; the last one is attached as the timeout error's cause.
 */
export async function waitUntil(check: () => boolean | Promise<boolean>, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out waiting for ${options.what}`, { cause: lastError });
    }
    await sleep(options.intervalMs ?? 50);
  }
}
