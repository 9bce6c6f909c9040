// A small seeded random source for the fuzz suites, so a failing run replays with FUZZ_SEED.

/** mulberry32: deterministic uniform numbers in [0, 1) from a 32-bit seed. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { rand, int, pick };
}
