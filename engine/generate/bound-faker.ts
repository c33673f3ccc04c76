import { createRequire } from 'node:module';
import type { Faker, Randomizer } from '@faker-js/faker';
import type * as EnUsModule from '@faker-js/faker/locale/en_US';
import type { RandomStream } from '../lib/random.js';

/**
 * The en_US faker, loaded on the first bound faker a thread makes, not at
 * startup: no built-in plugin reads `ctx.faker`, and loading faker costs
 * every start about 45 ms. A synchronous require of the ES module (Node
 * >= 20.19), because `ctx.faker` is a getter. The en_US entry, not the
 * package root: the root loads every locale (~35 MB per thread).
 */
let enUs: Faker | undefined;
function enUsFaker(): Faker {
  return (enUs ??= (createRequire(import.meta.url)('@faker-js/faker/locale/en_US') as typeof EnUsModule).faker);
}

/** A holder whose stream the engine swaps per record; the faker reads through it. */
export interface StreamHolder {
  stream: RandomStream;
}

type FakerClass = new (options: { locale: Faker['rawDefinitions']; randomizer: Randomizer }) => Faker;

/** Bound fakers made in this thread so far (a test reads it to see that a run whose plugins never read `ctx.faker` makes none). */
let made = 0;

/** How many bound fakers this thread has made. */
export function boundFakersMade(): number {
  return made;
}

/**
 * A faker bound to a per-record stream: no global faker, no `faker.seed()`
 * per record (that re-seeds a Mersenne Twister, ~20 µs each). en_US data
 * (with its en and base fallbacks, as the en_US faker has them). Its
 * reference date is the run's as_of, so `faker.date.*` never reads the clock.
 */
export function createBoundFaker(holder: StreamHolder, asOf: string): Faker {
  const randomizer: Randomizer = {
    next: () => holder.stream.next(),
    seed: () => undefined,
    clone: () => randomizer,
  } as Randomizer;
  const base = enUsFaker();
  const faker = new (base.constructor as FakerClass)({ locale: base.rawDefinitions, randomizer });
  made++;
  // faker.date.* would otherwise count from the wall clock: the run's as_of is its 'now'.
  faker.setDefaultRefDate(`${asOf}T00:00:00.000Z`);
  return faker;
}
