import { Faker, base, en, en_US, type Randomizer } from '@faker-js/faker';
import type { RandomStream } from './random.js';

/** A holder whose stream the engine swaps per record; the faker reads through it. */
export interface StreamHolder {
  stream: RandomStream;
}

/**
 * A faker bound to a per-record stream: no global faker, no `faker.seed()`
 * per record (that re-seeds a Mersenne Twister, ~20 µs each).
 */
export function createBoundFaker(holder: StreamHolder): Faker {
  const randomizer: Randomizer = {
    next: () => holder.stream.next(),
    seed: () => undefined,
    clone: () => randomizer,
  } as Randomizer;
  return new Faker({ locale: [en_US, en, base], randomizer });
}
