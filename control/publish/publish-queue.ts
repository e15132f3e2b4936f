// The publisher's queue: one chain of work per origin, so no two writes of a zone's files
// overlap; publishes of a zone that has not started yet are shared; schedule() debounces;
// a failed publish is retried with backoff until it succeeds or the zone is gone.
import type { Name } from '../../shared/dns/name.js';
import type { Logger } from '../../shared/log.js';

export interface PublishQueueOptions {
  /** The origin of a zone that exists now, or undefined. */
  readonly originOf: (zoneId: string) => Name | undefined;
  /** One publish of the zone (run in its origin's chain); resolves with the serial published. */
  readonly publish: (zoneId: string, origin: Name, throttled: boolean) => Promise<number>;
  /** Runs when a job of the origin's chain fails, before the error reaches its caller. */
  readonly failed?: (origin: Name) => void;
  /** Work that must end before any job starts (the publisher's cleanup of stale files). */
  readonly before?: Promise<unknown>;
  readonly log: Logger;
  /** Coalescing window of schedule(), in ms (default 0). */
  readonly debounceMs?: number;
  /** The first retry's delay, doubled after each failure up to maxRetryMs (defaults 1 s and 30 s). */
  readonly firstRetryMs?: number;
  readonly maxRetryMs?: number;
}

export interface PublishQueue {
  /** Publishes the zone soon (throttled), after debounceMs; requests meanwhile share that publish. */
  schedule(zoneId: string): void;
  /**
   * Publishes the zone after the work its origin's chain holds. Joins a publish of the zone
   * queued and not started yet: it will read every change committed before it starts. Rejects
   * when the zone does not exist, or when the publish fails (a retry is scheduled).
   */
  publish(zoneId: string, throttled?: boolean): Promise<number>;
  /** Runs `job` after the work the origin's chain holds; a publish asked for later runs after it and never joins one queued before. */
  exclusive<T>(origin: Name, job: () => Promise<T>): Promise<T>;
  /** As exclusive(), for a zone's removal: the origin's chain is dropped once idle, so a zone created again with it starts afresh. */
  removal(origin: Name, job: () => Promise<void>): Promise<void>;
  /** Runs `work` outside any chain, counted by flush() and close(). */
  track<T>(work: Promise<T>): Promise<T>;
  /** Resolves when every job queued, debounced or started so far has ended (retries pending excepted). */
  flush(): Promise<void>;
  /** Stops retries and pending timers; running jobs finish. */
  close(): Promise<void>;
}

interface Chain {
  tail: Promise<unknown>;
  /** The publish waiting to start at the chain's end, which later requests join. */
  queued: Promise<number> | undefined;
}

export function createPublishQueue(options: PublishQueueOptions): PublishQueue {
  const { log } = options;
  const debounceMs = options.debounceMs ?? 0;
  const firstRetryMs = options.firstRetryMs ?? 1000;
  const maxRetryMs = options.maxRetryMs ?? 30_000;
  const before = options.before ?? Promise.resolve();
  const chains = new Map<Name, Chain>();
  // Debounce timers of schedule() (flush waits for them) and retry timers (it does not).
  const timers = new Map<string, NodeJS.Timeout>();
  const retryTimers = new Map<string, NodeJS.Timeout>();
  const retryDelays = new Map<string, number>();
  const inflight = new Set<Promise<unknown>>();
  let closed = false;

  const track = <T>(work: Promise<T>): Promise<T> => {
    const settled = work.then(() => undefined, () => undefined);
    inflight.add(settled);
    void settled.then(() => inflight.delete(settled));
    return work;
  };

  const chainOf = (origin: Name): Chain => {
    let chain = chains.get(origin);
    if (chain === undefined) chains.set(origin, (chain = { tail: before, queued: undefined }));
    return chain;
  };

  const failing = <T>(origin: Name, job: Promise<T>): Promise<T> =>
    job.catch((err: unknown) => {
      options.failed?.(origin);
      throw err;
    });

  function publish(zoneId: string, throttled = false): Promise<number> {
    const origin = options.originOf(zoneId);
    if (origin === undefined) return Promise.reject(new Error(`publish: no zone ${zoneId}`));
    const chain = chainOf(origin);
    if (chain.queued !== undefined) return chain.queued;
    const job = failing(
      origin,
      chain.tail.then(async () => {
        chain.queued = undefined;
        const serial = await options.publish(zoneId, origin, throttled);
        retryDelays.delete(zoneId);
        return serial;
      }),
    );
    chain.queued = job;
    chain.tail = job.catch(() => undefined);
    return track(
      job.catch((err: unknown) => {
        retryLater(zoneId, err);
        throw err;
      }),
    );
  }

  function exclusive<T>(origin: Name, job: () => Promise<T>): Promise<T> {
    const chain = chainOf(origin);
    const run = failing(origin, chain.tail.then(job));
    chain.queued = undefined;
    chain.tail = run.catch(() => undefined);
    return track(run);
  }

  function retryLater(zoneId: string, err: unknown): void {
    if (closed || options.originOf(zoneId) === undefined) return;
    const delay = Math.min(maxRetryMs, retryDelays.get(zoneId) ?? firstRetryMs);
    retryDelays.set(zoneId, Math.min(maxRetryMs, delay * 2));
    log.error('publish: failed, will retry', { zoneId, retryInMs: delay, err });
    later(retryTimers, zoneId, delay);
  }

  function later(map: Map<string, NodeJS.Timeout>, zoneId: string, delay: number): void {
    if (closed || map.has(zoneId)) return;
    const timer = setTimeout(() => {
      map.delete(zoneId);
      publish(zoneId, true).catch(() => undefined);
    }, delay);
    map.set(zoneId, timer);
  }

  return {
    schedule: (zoneId) => later(timers, zoneId, debounceMs),
    publish,
    exclusive,
    removal(origin, job) {
      const run = exclusive(origin, job);
      const chain = chainOf(origin);
      const tail = chain.tail;
      void tail.then(() => {
        if (chains.get(origin) === chain && chain.tail === tail) chains.delete(origin);
      });
      return run;
    },
    track,
    async flush() {
      while (inflight.size > 0 || timers.size > 0) {
        await Promise.all([...inflight]);
        if (inflight.size === 0 && timers.size > 0) await new Promise((r) => setTimeout(r, debounceMs));
      }
    },
    async close() {
      closed = true;
      for (const t of [...timers.values(), ...retryTimers.values()]) clearTimeout(t);
      timers.clear();
      retryTimers.clear();
      await Promise.all([...inflight]);
    },
  };
}
