/**
 * A small seeded pseudo-random source for resampling. Same seed, same sequence, on every machine:
 * reports and gate verdicts must not change between two runs over the same results.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state,
 * passes PractRand), seeded through splitmix32 so that nearby seeds give unrelated streams.
 */
export type RandomSource = () => number;

export const DEFAULT_SEED = 20_240_601;

export function createSeededRandom(seed: number = DEFAULT_SEED): RandomSource {
  let mix = seed >>> 0;
  const splitmix32 = (): number => {
    mix = (mix + 0x9e3779b9) >>> 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix32();
  let b = splitmix32();
  let c = splitmix32();
  let counter = splitmix32();
  const next = (): number => {
    const t = (((a + b) >>> 0) + counter) >>> 0;
    counter = (counter + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Discard the first outputs: sfc32's authors recommend warming the state up.
  for (let index = 0; index < 12; index += 1) next();
  return () => next() / 4_294_967_296;
}
