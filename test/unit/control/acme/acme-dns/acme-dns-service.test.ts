// Table tests of sweepIntervalMs: the acme-dns value lifetime in, how often the expiry sweep runs out.
import { describe, expect, it } from 'vitest';
import { sweepIntervalMs } from '../../../../../control/acme/acme-dns/acme-dns-service.js';

const cases: { seconds: number; ms: number }[] = [
  { seconds: 1, ms: 1_000 },
  { seconds: 4, ms: 1_000 },
  { seconds: 8, ms: 2_000 },
  { seconds: 60, ms: 15_000 },
  { seconds: 240, ms: 60_000 },
  { seconds: 3600, ms: 60_000 },
];

describe('sweepIntervalMs', () => {
  it.each(cases)('$seconds s → every $ms ms', ({ seconds, ms }) => {
    expect(sweepIntervalMs(seconds)).toBe(ms);
  });
});
