import { expect } from 'chai';
import { RandomStream } from '../../../engine/lib/random.js';
import { VIN_CHARS, buildVin, isVinWellFormed, modelYearCode, position7Fits, vinCheckDigit } from '../../../plugins/vehicle/vin.js';

describe('plugins/vehicle/vin', () => {
  it('VIN_CHARS holds the 33 allowed characters and no I, O, Q', () => {
    expect(VIN_CHARS).to.have.length(33);
    expect(new Set(VIN_CHARS).size).to.equal(33);
    for (const bad of 'IOQ') expect(VIN_CHARS).not.to.include(bad);
  });

  it('computes the docs/domain-rules.md worked example 1G4AH59H45G118341 -> 4', () => {
    expect(vinCheckDigit('1G4AH59H45G118341')).to.equal('4');
    // position 9 is ignored
    expect(vinCheckDigit('1G4AH59H05G118341')).to.equal('4');
    expect(isVinWellFormed('1G4AH59H45G118341')).to.equal(true);
  });

  it('agrees with other public VINs and writes 10 as X', () => {
    expect(vinCheckDigit('11111111111111111')).to.equal('1');
    expect(isVinWellFormed('11111111111111111')).to.equal(true);
    expect(vinCheckDigit('1M8GDM9AXKP042788')).to.equal('X');
    expect(isVinWellFormed('1M8GDM9AXKP042788')).to.equal(true);
  });

  it('rejects a wrong check digit, a forbidden letter and a wrong length', () => {
    expect(isVinWellFormed('1G4AH59H55G118341')).to.equal(false);
    expect(isVinWellFormed('1G4AH59H45G11834I')).to.equal(false);
    expect(isVinWellFormed('1G4AH59H45G11834')).to.equal(false);
    expect(() => vinCheckDigit('1G4AH59H45G11834')).to.throw(RangeError);
  });

  it('maps model years to the docs/domain-rules.md codes, 1980-2039 (two 30-year cycles)', () => {
    const expected: Record<number, string> = {
      1980: 'A', 1981: 'B', 1985: 'F', 1988: 'J', 1990: 'L', 1995: 'S', 1999: 'X',
      2000: 'Y', 2001: '1', 2005: '5', 2009: '9', 2010: 'A', 2011: 'B', 2012: 'C', 2013: 'D',
      2014: 'E', 2015: 'F', 2016: 'G', 2017: 'H', 2018: 'J', 2019: 'K', 2020: 'L', 2021: 'M',
      2022: 'N', 2023: 'P', 2024: 'R', 2025: 'S', 2026: 'T', 2027: 'V', 2028: 'W', 2029: 'X',
      2030: 'Y', 2031: '1', 2039: '9',
    };
    for (const [year, code] of Object.entries(expected)) expect(modelYearCode(Number(year)), year).to.equal(code);
    for (let y = 2001; y <= 2009; y++) expect(modelYearCode(y)).to.equal(String(y - 2000));
    for (let y = 1980; y < 2010; y++) expect(modelYearCode(y + 30), String(y)).to.equal(modelYearCode(y));
    // No I, O, Q, U, Z or 0 in position 10.
    for (let y = 1980; y <= 2039; y++) expect(modelYearCode(y)).to.match(/^[A-HJ-NPR-TV-Y1-9]$/);
  });

  it('throws RangeError outside 1980..2039', () => {
    expect(() => modelYearCode(1979)).to.throw(RangeError);
    expect(() => modelYearCode(2040)).to.throw(RangeError);
    expect(() => modelYearCode(2020.5)).to.throw(RangeError);
  });

  it('position 7 is a digit for model years 1980-2009 and a letter for 2010-2039', () => {
    expect(position7Fits('2', 1995)).to.equal(true);
    expect(position7Fits('K', 1995)).to.equal(false);
    expect(position7Fits('F', 2012)).to.equal(true);
    expect(position7Fits('1', 2012)).to.equal(false);
    expect(position7Fits('9', 2009)).to.equal(true);
    expect(position7Fits('A', 2010)).to.equal(true);
  });

  it('buildVin places every part and a correct check digit', () => {
    const vin = buildVin({ wmi: '4T1', vds: 'BF1FK', modelYear: 2012, plant: 'U', serial: 'A12345' });
    expect(vin).to.have.length(17);
    expect(vin.slice(0, 8)).to.equal('4T1BF1FK');
    expect(vin.slice(9)).to.equal('CUA12345');
    expect(vin[8]).to.equal(vinCheckDigit(vin));
    expect(isVinWellFormed(vin)).to.equal(true);
  });

  it('buildVin output is well formed for many random parts', () => {
    for (let i = 0; i < 500; i++) {
      const r = new RandomStream(7, 0, i, 0);
      const modelYear = r.int(1980, 2039);
      const vds = r.chars(VIN_CHARS, 3) + r.chars(modelYear >= 2010 ? 'ABCDEFGHJKLMNPRSTUVWXYZ' : '0123456789', 1) + r.chars(VIN_CHARS, 1);
      const vin = buildVin({
        wmi: r.chars(VIN_CHARS, 3),
        vds,
        modelYear,
        plant: r.chars(VIN_CHARS, 1),
        serial: r.chars(VIN_CHARS, 1) + r.digits(5),
      });
      expect(isVinWellFormed(vin), vin).to.equal(true);
      expect(vin).to.match(/^[A-HJ-NPR-Z0-9]{11}[A-HJ-NPR-Z0-9]\d{5}$/);
    }
  });

  it('buildVin rejects malformed parts', () => {
    const ok = { wmi: '1FT', vds: 'EW1EP', modelYear: 2020, plant: 'F', serial: 'A00001' };
    expect(() => buildVin({ ...ok, wmi: '1F' })).to.throw(RangeError);
    expect(() => buildVin({ ...ok, vds: 'EW1OP' })).to.throw(RangeError);
    expect(() => buildVin({ ...ok, serial: 'AB0001' })).to.throw(RangeError);
    expect(() => buildVin({ ...ok, modelYear: 1979 })).to.throw(RangeError);
    expect(() => buildVin({ ...ok, modelYear: 2040 })).to.throw(RangeError);
  });

  it('buildVin refuses a VDS whose position 7 is of the other 30-year cycle', () => {
    const ok = { wmi: '1HG', vds: 'CM551', modelYear: 2005, plant: 'A', serial: 'A00001' };
    expect(buildVin(ok)[6]).to.equal('5');
    expect(() => buildVin({ ...ok, modelYear: 2015 })).to.throw(RangeError, /position 7 must be a letter/);
    expect(() => buildVin({ ...ok, vds: 'CV1F1' })).to.throw(RangeError, /position 7 must be a digit/);
    expect(buildVin({ ...ok, vds: 'CV1F1', modelYear: 2015 }).slice(3, 10)).to.equal('CV1F1' + vinCheckDigit(buildVin({ ...ok, vds: 'CV1F1', modelYear: 2015 })) + 'F');
  });
});
