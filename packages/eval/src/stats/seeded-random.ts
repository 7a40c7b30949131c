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
  // State in an Int32Array: 32-bit values kept in closure variables are boxed as heap numbers by
  // V8, which made each draw about 9× slower (bootstrap draws run in the hundreds of millions).
  const state = new Int32Array(4);
  for (let index = 0; index < 4; index += 1) state[index] = splitmix32();
  const next = (): number => {
    const a = state[0]!;
    const b = state[1]!;
    const c = state[2]!;
    const counter = state[3]!;
    const t = (((a + b) | 0) + counter) | 0;
    state[3] = (counter + 1) | 0;
    state[0] = b ^ (b >>> 9);
    state[1] = (c + (c << 3)) | 0;
    state[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs: sfc32's authors recommend warming the state up.
  for (let index = 0; index < 12; index += 1) next();
  const random = () => next() / 4_294_967_296;
  generatorStates.set(random, state);
  return random;
}

/** The state of each source createSeededRandom made, for drawIndices. */
const generatorStates = new WeakMap<RandomSource, Int32Array>();

/**
 * Fills `target` with unit indices `Math.floor(random() * size)`, one draw of `random` each, in
 * order: the same indices, and the same state after, as calling `random` that many times. For a
 * source of createSeededRandom the sfc32 steps run here on local variables, which V8 keeps in
 * registers (about 2× faster than `next`'s loads and stores to its Int32Array, for the hundreds
 * of millions of draws of a bootstrap); any other source is called once per index.
 */
export function drawIndices(random: RandomSource, target: Uint32Array, size: number): void {
  const state = generatorStates.get(random);
  if (state === undefined) {
    for (let position = 0; position < target.length; position += 1) {
      target[position] = Math.floor(random() * size);
    }
    return;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let counter = state[3]!;
  for (let position = 0; position < target.length; position += 1) {
    const t = (((a + b) | 0) + counter) | 0;
    counter = (counter + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;
    target[position] = Math.floor(((t >>> 0) / 4_294_967_296) * size);
  }
  state[0] = a;
  state[1] = b;
  state[2] = c;
  state[3] = counter;
}
