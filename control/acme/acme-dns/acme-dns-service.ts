// Starts acme-dns inside the control plane: its zone at start, then the expiry sweep on a timer.
import type { Services } from '../../services.js';
import { ensureAcmeDnsZone } from './acme-dns-zone.js';
import { expireAcmeDnsValues } from './expire-values.js';

export interface AcmeDnsService {
  /** Stops the sweep and waits for a running one. Idempotent. */
  close(): Promise<void>;
}

/** The sweep runs a quarter of the value lifetime apart, between 1 s and 60 s, so a value outlives its expiry by little. */
export function sweepIntervalMs(valueSeconds: number): number {
  return Math.min(60_000, Math.max(1_000, (valueSeconds * 1000) / 4));
}

/**
 * Creates the acme-dns zone when missing (ensureAcmeDnsZone), then expires values every
 * sweepIntervalMs. Failures are logged, never thrown: acme-dns trouble must not stop the
 * control plane.
 */
export async function startAcmeDns(services: Services): Promise<AcmeDnsService> {
  try {
    await ensureAcmeDnsZone(services);
  } catch (err) {
    services.log.error('acme-dns: creating the acme-dns zone failed; acme-dns is off', { err });
  }
  let running: Promise<unknown> = Promise.resolve();
  let closed = false;
  const timer = setInterval(() => {
    running = running.then(() =>
      expireAcmeDnsValues(services).catch((err: unknown) => {
        if (!closed) services.log.error('acme-dns: expiring values failed', { err });
      }),
    );
  }, sweepIntervalMs(services.config.acmeDnsValueSeconds));
  timer.unref();
  return {
    async close() {
      closed = true;
      clearInterval(timer);
      await running;
    },
  };
}
