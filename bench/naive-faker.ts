/**
 * The naive baseline of `npm run bench`: what a QA engineer writes first.
 * One faker (en_US), seeded once; per iteration a person, a vehicle and a
 * profile; each written as a CSV line to its own file, waiting for `drain`
 * when a stream reports backpressure. No validation, no manifest, no hashing.
 *
 * Usage: node dist/bench/naive-faker.js <records> <outDir> [seed]
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { fakerEN_US as faker } from '@faker-js/faker';

const MARKER = 'enterprise-synthetic-data-hub v0.1';
const STATES = ['CA', 'AZ', 'NV', 'OR', 'WA'] as const;

/** RFC 4180 quoting, only when needed. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function line(values: readonly (string | number | null)[]): string {
  return values.map(cell).join(',') + '\n';
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function main(): Promise<void> {
  const records = Number(process.argv[2] ?? 100_000);
  const out = process.argv[3] ?? 'naive-out';
  const seed = Number(process.argv[4] ?? 42);
  mkdirSync(out, { recursive: true });
  const persons = createWriteStream(join(out, 'persons.csv'));
  const vehicles = createWriteStream(join(out, 'vehicles.csv'));
  const profiles = createWriteStream(join(out, 'profiles.csv'));
  await write(persons, 'person_id,first_name,last_name,date_of_birth,driver_license_number,driver_license_state,address_line_1,address_line_2,city,state,postal_code,country,lob_type,synthetic_source\n');
  await write(vehicles, 'vehicle_id,person_id,vin,make,model,model_year,body_style,risk_rating,lob_type,garaging_state,garaging_postal_code,synthetic_source\n');
  await write(profiles, 'profile_id,person_id,vehicle_id,full_name,lob_type,residence_state,city,postal_code,garaging_state,primary_vehicle_vin,vehicle_summary,risk_rating,synthetic_source\n');

  faker.seed(seed);
  for (let i = 0; i < records; i++) {
    const personId = faker.string.uuid();
    const sex = faker.person.sexType();
    const firstName = faker.person.firstName(sex);
    const lastName = faker.person.lastName();
    const state = faker.helpers.arrayElement(STATES);
    const city = faker.location.city();
    const zip = faker.location.zipCode({ state });
    const lob = faker.datatype.boolean(0.7) ? 'Personal' : 'Commercial';
    await write(persons, line([
      personId, firstName, lastName,
      faker.date.birthdate({ mode: 'age', min: 16, max: 90 }).toISOString().slice(0, 10),
      faker.string.alphanumeric({ length: 8, casing: 'upper' }), state,
      faker.location.streetAddress(), faker.datatype.boolean(0.15) ? faker.location.secondaryAddress() : null,
      city, state, zip, 'US', lob, MARKER,
    ]));

    const vehicleId = faker.string.uuid();
    const vin = faker.vehicle.vin();
    const make = faker.vehicle.manufacturer();
    const model = faker.vehicle.model();
    const year = faker.number.int({ min: 2006, max: 2026 });
    const risk = faker.helpers.arrayElement(['Low', 'Medium', 'High']);
    await write(vehicles, line([
      vehicleId, personId, vin, make, model, year, faker.helpers.arrayElement(['Sedan', 'SUV', 'Truck']), risk, lob, state, zip, MARKER,
    ]));

    await write(profiles, line([
      faker.string.uuid(), personId, vehicleId, `${firstName} ${lastName}`, lob, state, city, zip, state, vin, `${year} ${make} ${model}`, risk, MARKER,
    ]));
  }
  persons.end();
  vehicles.end();
  profiles.end();
  await Promise.all([once(persons, 'finish'), once(vehicles, 'finish'), once(profiles, 'finish')]);
}

await main();
