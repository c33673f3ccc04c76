/**
 * engine/lib/dates.ts: the day-number text table (1800-2199) and the
 * char-code yearsBetween give what the Date-based and slice-based functions
 * they replaced give, over the table's whole domain and past its edges; the
 * CivilDate functions give the day numbers of the text functions.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { addMonths, addMonthsToDay, civilDate, civilOfDay, dayNumberOf, fromDayNumber, toDayNumber, yearsBetween, yearsFrom } from '../../engine/lib/dates.js';

const MS_PER_DAY = 86_400_000;

/** The Date-based addMonths this module had before its arithmetic path (years 100-9999). */
function dateAddMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** The slice-based yearsBetween it had before the char-code path. */
function sliceYearsBetween(birth: string, on: string): number {
  let years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  if (on.slice(5) < birth.slice(5)) years--;
  return years;
}

const isoOf = (day: number): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

describe('engine/lib/dates.ts', () => {
  const first = toDayNumber('1800-01-01');
  const end = toDayNumber('2200-01-01');

  it('fromDayNumber gives the ISO date of every day of 1790-2209, first asked and asked again (the cached table and past its edges)', () => {
    for (let round = 0; round < 2; round++) {
      for (let day = first - 3700; day < end + 3700; day++) {
        const text = fromDayNumber(day);
        if (text !== isoOf(day)) expect(text, `day ${day}`).to.equal(isoOf(day));
      }
    }
    expect(fromDayNumber(first)).to.equal('1800-01-01');
    expect(fromDayNumber(end - 1)).to.equal('2199-12-31');
    expect(fromDayNumber(end)).to.equal('2200-01-01');
  });

  it('addMonths equals the Date-based rule for every day of 1799-2201 and month shifts across the table edges', () => {
    for (let day = first - 400; day < end + 400; day += 1) {
      const date = isoOf(day);
      for (const months of day % 7 === 0 ? [-1200, -193, -13, -1, 0, 1, 11, 12, 31, 1200] : [1, -12]) {
        const got = addMonths(date, months);
        const want = dateAddMonths(date, months);
        if (got !== want) expect(got, `${date} + ${months}`).to.equal(want);
      }
    }
    // Text that is not YYYY-MM-DD takes the Date path: the same answer, or the same RangeError.
    const outcome = (f: () => string) => {
      try {
        return f();
      } catch (error) {
        return (error as Error).name;
      }
    };
    const loose = fc.oneof(fc.constantFrom('2024/01/31', '2024-1-31', '0050/06/15', '2024-02-30', '2024-13-01', 'soon', '', '2024-01-31T00:00'), fc.string({ maxLength: 12 }));
    fc.assert(fc.property(loose, fc.integer({ min: -30, max: 30 }), (date, months) => outcome(() => addMonths(date, months)) === outcome(() => dateAddMonths(date, months))), { numRuns: 5_000 });
  });

  it('yearsBetween equals the slice-based rule for any two strict dates and for strings that are not', () => {
    const date = fc.integer({ min: -700_000, max: 2_900_000 }).map(fromDayNumber);
    const loose = fc.oneof(date, fc.string({ maxLength: 12 }), date.map((d) => d.replace('-', '/')), date.map((d) => `${d}T00:00`), fc.constantFrom('2024-13-01', '2024-00-10', '2024-02-32', '2024-1-01'));
    fc.assert(fc.property(date, date, (a, b) => yearsBetween(a, b) === sliceYearsBetween(a, b)), { numRuns: 20_000 });
    fc.assert(fc.property(loose, loose, (a, b) => Object.is(yearsBetween(a, b), sliceYearsBetween(a, b))), { numRuns: 20_000 });
    expect(yearsBetween('1990-11-02', '2025-11-01')).to.equal(34);
    expect(yearsBetween('1990-11-01', '2025-11-01')).to.equal(35);
  });

  it('civilDate, civilOfDay, dayNumberOf, addMonthsToDay and yearsFrom agree with toDayNumber, fromDayNumber, addMonths and yearsBetween', () => {
    const day = fc.integer({ min: -700_000, max: 2_900_000 });
    const months = fc.oneof(fc.integer({ min: -1300, max: 1300 }), fc.constantFrom(0, 1, -1, 12, -12, 216, 1200));
    fc.assert(fc.property(day, months, (d, m) => {
      const text = fromDayNumber(d);
      const parts = civilDate(text);
      const back = civilOfDay(d);
      return back.year === parts.year && back.month0 === parts.month0 && back.day === parts.day
        && dayNumberOf(parts) === d && toDayNumber(text) === d
        && fromDayNumber(addMonthsToDay(parts, m)) === addMonths(text, m);
    }), { numRuns: 20_000 });
    fc.assert(fc.property(day, day, (a, b) => yearsFrom(civilDate(fromDayNumber(a)), civilDate(fromDayNumber(b))) === yearsBetween(fromDayNumber(a), fromDayNumber(b))), { numRuns: 20_000 });
    // Feb 29 and month ends clamp as addMonths does; a day past the month's end (strict text, not a real date) counts on as toDayNumber does.
    expect(fromDayNumber(addMonthsToDay(civilDate('2024-02-29'), 12))).to.equal('2025-02-28');
    expect(fromDayNumber(addMonthsToDay(civilDate('2025-01-31'), 1))).to.equal('2025-02-28');
    expect(dayNumberOf(civilDate('2025-02-30'))).to.equal(toDayNumber('2025-02-30'));
    expect(yearsFrom(civilDate('1990-11-02'), civilDate('2025-11-01'))).to.equal(34);
    expect(civilOfDay(20393)).to.deep.equal({ year: 2025, month0: 10, day: 1 });
  });
});
