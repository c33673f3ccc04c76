/**
 * Calendar dates as `YYYY-MM-DD` strings and UTC day numbers: no time zones, no wall clock.
 *
 * The common case (a well-formed date in years 0000..9999, whole numbers) is
 * plain integer arithmetic (H. Hinnant's civil-from-days), ~20x cheaper than
 * going through `Date` and `toISOString`; anything else takes the original
 * `Date` path. Years 0000-0099 take the arithmetic too: `Date.UTC` would read
 * them as 1900-1999.
 */

const MS_PER_DAY = 86_400_000;
/** Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar. */
const EPOCH_SHIFT = 719_468;

const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? '0' : '') + i);
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month0: number): number {
  return month0 === 1 && isLeap(year) ? 29 : DAYS_IN_MONTH[month0]!;
}

/** Digit value at `i`, or -1. */
function digitAt(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/**
 * Year, 0-based month and day of a strict `YYYY-MM-DD` (year 0000-9999),
 * month 1-12 and day 1-31 written into `out`; false otherwise (caller falls back).
 */
function parseStrict(date: string, out: Int32Array): boolean {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return false;
  const y0 = digitAt(date, 0), y1 = digitAt(date, 1), y2 = digitAt(date, 2), y3 = digitAt(date, 3);
  const m0 = digitAt(date, 5), m1 = digitAt(date, 6), d0 = digitAt(date, 8), d1 = digitAt(date, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return false;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  out[0] = year;
  out[1] = month - 1;
  out[2] = day;
  return true;
}

const parsed = new Int32Array(3);

/** Days since 1970-01-01 of a proleptic Gregorian date (month 0-based; day may exceed the month, as Date.UTC allows). */
function daysFromCivil(year: number, month0: number, day: number): number {
  const m = month0 + 1;
  const y = m <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - EPOCH_SHIFT;
}

/** `YYYY-MM-DD` of year (0..9999), 0-based month and day. */
function formatDate(year: number, month0: number, day: number): string {
  const yy = year >= 1000 ? String(year) : String(year).padStart(4, '0');
  return `${yy}-${PAD2[month0 + 1]}-${PAD2[day]}`;
}

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` date.
 * @example
 * toDayNumber('2025-11-01'); // → 20393
 */
export function toDayNumber(date: string): number {
  if (parseStrict(date, parsed)) return daysFromCivil(parsed[0]!, parsed[1]!, parsed[2]!);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

/**
 * The `YYYY-MM-DD` of a day number.
 * @example
 * fromDayNumber(20393); // → '2025-11-01'
 */
export function fromDayNumber(day: number): string {
  if (isArithmeticDay(day)) {
    if (day >= CACHE_FIRST && day < CACHE_END) return cachedDate(day);
    return civilText(day);
  }
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** An integer day of years 0..9999 (-719528 .. 2932896): the arithmetic path; other days go through Date. */
function isArithmeticDay(day: number): boolean {
  return Number.isInteger(day) && day >= -719_528 && day <= 2_932_896;
}

/** The `YYYY-MM-DD` of an integer day number of years 0..9999. */
function civilText(day: number): string {
  civilInto(day, scratch);
  return formatDate(scratch[0]!, scratch[1]!, scratch[2]!);
}

const scratch = new Int32Array(3);

/** Year, 0-based month and day of an integer day number of years 0..9999 into `out` (Hinnant's civil-from-days). */
function civilInto(day: number, out: Int32Array): void {
  const z = day + EPOCH_SHIFT;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  out[0] = yoe + era * 400 + (m <= 2 ? 1 : 0);
  out[1] = m - 1;
  out[2] = d;
}

/**
 * The texts of the days of 1800-01-01..2199-12-31 (the dates of birth,
 * licences and terms of every run), each made once when first asked: a fixed
 * table, bounded whatever the run's size (146,097 slots; only the days a run
 * uses hold a string).
 */
const CACHE_FIRST = -62_091; // 1800-01-01
const CACHE_END = CACHE_FIRST + 146_097; // 2200-01-01
const dayTexts: string[] = new Array<string>(146_097).fill('');

function cachedDate(day: number): string {
  const text = dayTexts[day - CACHE_FIRST]!;
  if (text !== '') return text;
  return (dayTexts[day - CACHE_FIRST] = civilText(day));
}

/**
 * The date `months` later, same day of month (clamped to the month's last day).
 * @example
 * addMonths('2025-01-31', 1); // → '2025-02-28'
 */
export function addMonths(date: string, months: number): string {
  if (parseStrict(date, parsed)) return fromDayNumber(monthsLater(parsed[0]!, parsed[1]!, parsed[2]!, months, true));
  return fromDayNumber(monthsLater(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), months, false));
}

/**
 * The day number `months` after year, 0-based month and day (clamped to the
 * month's last day): integer arithmetic for a strict date whose result stays
 * in years 0..9999, else `Date.UTC`, as the `Date` path always did (whose
 * years 0-99 are 1900-1999).
 */
function monthsLater(year: number, month0: number, day: number, months: number, strict: boolean): number {
  if (strict && Number.isInteger(months)) {
    const total = year * 12 + month0 + months;
    const y = Math.floor(total / 12);
    const m = total - y * 12;
    if (y >= 0 && y <= 9999) return daysFromCivil(y, m, Math.min(day, daysInMonth(y, m)));
  }
  const lastDay = new Date(Date.UTC(year, month0 + months + 1, 0)).getUTCDate();
  return Date.UTC(year, month0 + months, Math.min(day, lastDay)) / MS_PER_DAY;
}

/**
 * The date `years` later (Feb 29 → Feb 28 in common years).
 * @example
 * addYears('2024-02-29', 1); // → '2025-02-28'
 */
export function addYears(date: string, years: number): string {
  return addMonths(date, years * 12);
}

/**
 * Whole years from `birth` to `on` (an age).
 * @example
 * yearsBetween('1990-11-02', '2025-11-01'); // → 34
 */
export function yearsBetween(birth: string, on: string): number {
  // Two strict dates: the same answer from char codes, without the four slices.
  if (parseStrict(birth, parsed)) {
    const by = parsed[0]!, bm = parsed[1]!, bd = parsed[2]!;
    if (parseStrict(on, parsed)) {
      const years = parsed[0]! - by;
      return parsed[1]! < bm || (parsed[1]! === bm && parsed[2]! < bd) ? years - 1 : years;
    }
  }
  let years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  if (on.slice(5) < birth.slice(5)) years--;
  return years;
}

/**
 * A date as its year, 0-based month and day: for date arithmetic in day
 * numbers over several dates of one record (a licence's issue, expiration and
 * first dates from a date of birth), each date's text read once. For a
 * `YYYY-MM-DD` date, the functions below give the day numbers of
 * `toDayNumber`, `addMonths` and `yearsBetween` of its text.
 */
export interface CivilDate {
  readonly year: number;
  /** 0-11. */
  readonly month0: number;
  readonly day: number;
}

/**
 * The parts of a `YYYY-MM-DD` date (any other text: the numbers at those
 * places, as the `Date` path of `toDayNumber` reads them).
 * @example
 * civilDate('2004-02-29'); // → { year: 2004, month0: 1, day: 29 }
 */
export function civilDate(date: string): CivilDate {
  if (parseStrict(date, parsed)) return { year: parsed[0]!, month0: parsed[1]!, day: parsed[2]! };
  return { year: Number(date.slice(0, 4)), month0: Number(date.slice(5, 7)) - 1, day: Number(date.slice(8, 10)) };
}

/**
 * The parts of a day number (the date `fromDayNumber` writes).
 * @example
 * civilOfDay(20393); // → { year: 2025, month0: 10, day: 1 }
 */
export function civilOfDay(day: number): CivilDate {
  if (isArithmeticDay(day)) {
    civilInto(day, scratch);
    return { year: scratch[0]!, month0: scratch[1]!, day: scratch[2]! };
  }
  const date = new Date(day * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month0: date.getUTCMonth(), day: date.getUTCDate() };
}

/** A date's parts as valid `parseStrict` output: years 0..9999, month 0-11, day 1-31, whole numbers. */
function isStrict(year: number, month0: number, day: number): boolean {
  return Number.isInteger(year) && year >= 0 && year <= 9999 && Number.isInteger(month0) && month0 >= 0 && month0 <= 11 && Number.isInteger(day) && day >= 1 && day <= 31;
}

/**
 * The day number of a date (`toDayNumber` of its text).
 * @example
 * dayNumberOf(civilDate('2025-11-01')); // → 20393
 */
export function dayNumberOf(date: CivilDate): number {
  if (isStrict(date.year, date.month0, date.day)) return daysFromCivil(date.year, date.month0, date.day);
  return Date.UTC(date.year, date.month0, date.day) / MS_PER_DAY;
}

/**
 * The day number of the date `months` later, same day of month clamped to
 * the month's last day (`addMonths` of its text).
 * @example
 * fromDayNumber(addMonthsToDay(civilDate('2025-01-31'), 1)); // → '2025-02-28'
 */
export function addMonthsToDay(date: CivilDate, months: number): number {
  return monthsLater(date.year, date.month0, date.day, months, isStrict(date.year, date.month0, date.day));
}

/**
 * Whole years from `birth` to `on` (`yearsBetween` of their texts).
 * @example
 * yearsFrom(civilDate('1990-11-02'), civilDate('2025-11-01')); // → 34
 */
export function yearsFrom(birth: CivilDate, on: CivilDate): number {
  const years = on.year - birth.year;
  return on.month0 < birth.month0 || (on.month0 === birth.month0 && on.day < birth.day) ? years - 1 : years;
}
