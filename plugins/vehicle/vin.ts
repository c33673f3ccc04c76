/**
 * VIN rules of 49 CFR 565 / ISO 3779 (see shared DOMAIN.md): the character set,
 * the check digit in position 9 and the model-year code in position 10.
 */

/** The 33 characters a VIN may contain: 0-9 and A-Z without I, O, Q. */
export const VIN_CHARS = '0123456789ABCDEFGHJKLMNPRSTUVWXYZ';

const VIN_PATTERN = /^[A-HJ-NPR-Z0-9]{17}$/;

const TRANSLITERATION: Readonly<Record<string, number>> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};

const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2] as const;

/** Model-year codes for 2000..2029, indexed by year - 2000. */
const YEAR_CODES = 'Y123456789ABCDEFGHJKLMNPRSTVWX';
const FIRST_YEAR = 2000;

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

function charValue(ch: string): number {
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  const v = TRANSLITERATION[ch];
  if (v === undefined) throw new RangeError(`not a VIN character: ${JSON.stringify(ch)}`);
  return v;
}

/** The check digit ('0'..'9' or 'X') for a 17-character VIN; position 9 itself is ignored. */
export function vinCheckDigit(vin: string): string {
  if (vin.length !== 17) throw new RangeError(`a VIN has 17 characters, got ${vin.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    if (i === 8) continue;
    sum += charValue(vin[i]!) * WEIGHTS[i]!;
  }
  const rest = sum % 11;
  return rest === 10 ? 'X' : String(rest);
}

/** The position-10 code of a model year in 2000..2029; RangeError outside. */
export function modelYearCode(year: number): string {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year >= FIRST_YEAR + YEAR_CODES.length) {
    throw new RangeError(`model year ${year} is outside ${FIRST_YEAR}..${FIRST_YEAR + YEAR_CODES.length - 1}`);
  }
  return YEAR_CODES[year - FIRST_YEAR]!;
}

/** true when `vin` is 17 VIN characters and its position 9 is the correct check digit. */
export function isVinWellFormed(vin: string): boolean {
  return VIN_PATTERN.test(vin) && vin[8] === vinCheckDigit(vin);
}

/** The parts a VIN is assembled from (positions 1-3, 4-8, 10, 11, 12-17). */
export interface VinParts {
  wmi: string;
  vds: string;
  modelYear: number;
  plant: string;
  serial: string;
}

/** Assembles a VIN from its parts and sets the check digit; RangeError on a malformed part. */
export function buildVin(parts: VinParts): string {
  const { wmi, vds, modelYear, plant, serial } = parts;
  if (!/^[A-HJ-NPR-Z0-9]{3}$/.test(wmi)) throw new RangeError(`bad WMI ${JSON.stringify(wmi)}`);
  if (!/^[A-HJ-NPR-Z0-9]{5}$/.test(vds)) throw new RangeError(`bad VDS ${JSON.stringify(vds)}`);
  if (!/^[A-HJ-NPR-Z0-9]$/.test(plant)) throw new RangeError(`bad plant code ${JSON.stringify(plant)}`);
  if (!/^[A-HJ-NPR-Z0-9]\d{5}$/.test(serial)) throw new RangeError(`bad serial ${JSON.stringify(serial)}`);
  // Position 7 tells decoders the 30-year cycle: a digit for 1980-2009, a letter from 2010.
  const cycleVds = modelYear < 2010 && !isDigit(vds[3]!) ? vds.slice(0, 3) + String(charValue(vds[3]!)) + vds.slice(4) : vds;
  const draft = `${wmi}${cycleVds}0${modelYearCode(modelYear)}${plant}${serial}`;
  return draft.slice(0, 8) + vinCheckDigit(draft) + draft.slice(9);
}
