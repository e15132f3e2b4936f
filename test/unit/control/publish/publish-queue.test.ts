// The publisher's queue alone, with jobs that record what ran when: one chain per origin,
// shared publishes, exclusive jobs, removal, debounce, retries with backoff.
import { afterEach, describe, expect, it } from 'vitest';
import type { Name } from '../../../../shared/dns/name.js';
import { silentLogger } from '../../../../shared/log.js';
import { createPublishQueue } from '../../../../control/publish/publish-queue.js';
import type { PublishQueue, PublishQueueOptions } from '../../../../control/publish/publish-queue.js';
import { waitUntil } from '../../../helpers/wait-until.js';

const origins: Record<string, Name> = { Z1: 'a.test.' as Name, Z2: 'b.test.' as Name };
let queue: PublishQueue | undefined;

interface Gate {
  readonly opened: Promise<void>;
  open(): void;
}
function gate(): Gate {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

function start(publish: PublishQueueOptions['publish'], over: Partial<PublishQueueOptions> = {}): PublishQueue {
  queue = createPublishQueue({ originOf: (id) => origins[id], publish, log: silentLogger, ...over });
  return queue;
}

afterEach(async () => {
  await queue?.close();
  queue = undefined;
});

describe('publish queue', () => {
  it('runs one origin’s jobs one at a time, in order, and other origins’ beside them', async () => {
    const log: string[] = [];
    const first = gate();
    const q = start(async (zoneId) => {
      log.push(`start ${zoneId}`);
      if (zoneId === 'Z1' && log.length === 1) await first.opened;
      log.push(`end ${zoneId}`);
      return 1;
    });
    const one = q.publish('Z1');
    await waitUntil(() => log.length === 1, { what: 'the first publish' });
    const patch = q.exclusive(origins.Z1!, async () => void log.push('patch'));
    const other = q.publish('Z2');
    await other;
    expect(log).toEqual(['start Z1', 'start Z2', 'end Z2']);
    first.open();
    await Promise.all([one, patch]);
    expect(log).toEqual(['start Z1', 'start Z2', 'end Z2', 'end Z1', 'patch']);
  });

  it('shares a publish queued and not started; a publish asked after an exclusive job runs after it, on its own', async () => {
    let runs = 0;
    const running = gate();
    const q = start(async () => {
      runs++;
      if (runs === 1) await running.opened;
      return runs;
    });
    const first = q.publish('Z1');
    await waitUntil(() => runs === 1, { what: 'the first publish' });
    const [second, third] = [q.publish('Z1'), q.publish('Z1')];
    const patched = q.exclusive(origins.Z1!, async () => 'patched');
    const fourth = q.publish('Z1');
    running.open();
    // The second and third shared one run; the fourth ran on its own after the patch.
    expect(await Promise.all([first, second, third, patched, fourth])).toEqual([1, 2, 2, 'patched', 3]);
    expect(runs).toBe(3);
  });

  it('rejects a publish of a zone that does not exist, without running anything', async () => {
    let runs = 0;
    const q = start(async () => ++runs);
    await expect(q.publish('nope')).rejects.toThrow(/no zone nope/);
    expect(runs).toBe(0);
  });

  it('retries a failed publish with doubling delays until it succeeds, and tells the writer of each failure', async () => {
    const at: number[] = [];
    const failedOrigins: Name[] = [];
    const q = start(
      async () => {
        at.push(performance.now());
        if (at.length < 4) throw new Error('disk full');
        return 9;
      },
      { firstRetryMs: 40, maxRetryMs: 100, failed: (origin) => failedOrigins.push(origin) },
    );
    await expect(q.publish('Z1')).rejects.toThrow(/disk full/);
    await waitUntil(() => at.length === 4, { what: 'three retries', timeoutMs: 5000 });
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
    // Capped at maxRetryMs.
    expect(gaps[2]).toBeGreaterThanOrEqual(95);
    expect(gaps[2]).toBeLessThan(190);
    expect(failedOrigins).toEqual([origins.Z1, origins.Z1, origins.Z1]);
  });

  it('stops retrying a zone that is gone, and after close', async () => {
    let runs = 0;
    let exists = true;
    const q = start(
      async () => {
        runs++;
        throw new Error('fails');
      },
      { originOf: (id) => (exists ? origins[id] : undefined), firstRetryMs: 20 },
    );
    await expect(q.publish('Z1')).rejects.toThrow();
    exists = false;
    await new Promise((r) => setTimeout(r, 120));
    expect(runs).toBe(1);
    exists = true;
    await expect(q.publish('Z1')).rejects.toThrow();
    await q.close();
    await new Promise((r) => setTimeout(r, 120));
    expect(runs).toBe(2);
  });

  it('schedule() coalesces requests within the debounce window into one throttled publish, and flush() waits for it', async () => {
    const runs: boolean[] = [];
    const q = start(async (_zoneId, _origin, throttled) => runs.push(throttled), { debounceMs: 30 });
    for (let i = 0; i < 5; i++) q.schedule('Z1');
    await q.flush();
    expect(runs).toEqual([true]);
  });

  it('waits for `before` ahead of every job, and a removal leaves a fresh chain behind it', async () => {
    const cleaned = gate();
    const log: string[] = [];
    const q = start(async (zoneId) => {
      log.push(zoneId);
      return 1;
    }, { before: cleaned.opened });
    const queued = q.publish('Z1');
    const removed = q.removal(origins.Z1!, async () => void log.push('removed'));
    await new Promise((r) => setTimeout(r, 20));
    expect(log).toEqual([]);
    cleaned.open();
    await Promise.all([queued, removed]);
    expect(log).toEqual(['Z1', 'removed']);
    await q.publish('Z1');
    expect(log).toEqual(['Z1', 'removed', 'Z1']);
  });
});
