// A seeded pseudo-random generator (mulberry32), so generated zones and query files are reproducible.

/** Returns a function giving integers in [0, n) from a 32-bit seed; the same seed gives the same sequence. */
export function seededInt(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}
