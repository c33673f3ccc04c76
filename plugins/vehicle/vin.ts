/**
 * VIN rules of 49 CFR 565 / ISO 3779 (docs/domain-rules.md): the character set,
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

/**
 * Model-year codes of the 30-year cycle, indexed by (year - 1980) mod 30:
 * 1980 A ... 2000 Y, 2001-2009 1-9, 2010 A again ... 2039 9.
 */
const YEAR_CODES = 'ABCDEFGHJKLMNPRSTVWXY123456789';
/** The two cycles ESDH writes: 1980-2009 (VIN position 7 a digit) and 2010-2039 (a letter). */
export const FIRST_CODED_YEAR = 1980;
export const LAST_CODED_YEAR = 2039;
/** The first model year of the second cycle: from it, position 7 is a letter. */
export const LETTER_CYCLE_YEAR = 2010;

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

/** The position-10 code of a model year in 1980..2039; RangeError outside. */
export function modelYearCode(year: number): string {
  if (!Number.isInteger(year) || year < FIRST_CODED_YEAR || year > LAST_CODED_YEAR) {
    throw new RangeError(`model year ${year} is outside ${FIRST_CODED_YEAR}..${LAST_CODED_YEAR}`);
  }
  return YEAR_CODES[(year - FIRST_CODED_YEAR) % 30]!;
}

/** true when VIN position 7 (`ch`) fits the model year's cycle: a digit for 1980-2009, a letter for 2010-2039. */
export function position7Fits(ch: string, year: number): boolean {
  const letter = ch >= 'A' && ch <= 'Z';
  return letter === year >= LETTER_CYCLE_YEAR;
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

/** Transliterated value of each VIN character by char code (digits their own value); -1 for anything else. */
const VALUE_OF = new Int8Array(128).fill(-1);
for (let d = 0; d < 10; d++) VALUE_OF[48 + d] = d;
for (const [ch, v] of Object.entries(TRANSLITERATION)) VALUE_OF[ch.charCodeAt(0)] = v;

/** Character codes of the VIN being assembled. */
const CODES = new Uint8Array(17);

/** true when `text` is `length` VIN characters (the set of `[A-HJ-NPR-Z0-9]`), written from `at` into CODES. */
function putVinChars(text: string, length: number, at: number): boolean {
  if (text.length !== length) return false;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || VALUE_OF[c]! < 0) return false;
    CODES[at + i] = c;
  }
  return true;
}

/** A serial: one VIN character then five digits, written at CODES[11..16]. */
function putSerial(serial: string): boolean {
  if (!putVinChars(serial, 6, 11)) return false;
  for (let i = 12; i < 17; i++) if (CODES[i]! > 57) return false;
  return true;
}

/**
 * Assembles a VIN from its parts and sets the check digit; RangeError on a
 * malformed part, a model year outside 1980-2039, or a VDS whose 4th
 * character (VIN position 7) does not fit the model year's cycle (a digit for
 * 1980-2009, a letter from 2010). Character codes in a scratch array and the
 * VIN made in one piece: the same text as joining the parts, without the
 * regular expressions and intermediate strings.
 */
export function buildVin(parts: VinParts): string {
  const { wmi, vds, modelYear, plant, serial } = parts;
  if (!putVinChars(wmi, 3, 0)) throw new RangeError(`bad WMI ${JSON.stringify(wmi)}`);
  if (!putVinChars(vds, 5, 3)) throw new RangeError(`bad VDS ${JSON.stringify(vds)}`);
  if (!putVinChars(plant, 1, 10)) throw new RangeError(`bad plant code ${JSON.stringify(plant)}`);
  if (!putSerial(serial)) throw new RangeError(`bad serial ${JSON.stringify(serial)}`);
  // Position 7 tells decoders the 30-year cycle: a digit for 1980-2009, a letter from 2010.
  if ((CODES[6]! > 57) !== modelYear >= LETTER_CYCLE_YEAR) {
    throw new RangeError(`VDS ${JSON.stringify(vds)}: VIN position 7 must be a ${modelYear >= LETTER_CYCLE_YEAR ? 'letter' : 'digit'} for model year ${modelYear}`);
  }
  CODES[9] = modelYearCode(modelYear).charCodeAt(0);
  let sum = 0;
  for (let i = 0; i < 17; i++) if (i !== 8) sum += VALUE_OF[CODES[i]!]! * WEIGHTS[i]!;
  const rest = sum % 11;
  CODES[8] = rest === 10 ? 88 : 48 + rest;
  const c = CODES;
  return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!, c[14]!, c[15]!, c[16]!);
}
