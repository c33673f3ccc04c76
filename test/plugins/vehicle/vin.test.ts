import { expect } from 'chai';
import { RandomStream } from '../../../engine/lib/random.js';
import { VIN_CHARS, buildVin, isVinWellFormed, modelYearCode, vinCheckDigit } from '../../../plugins/vehicle/vin.js';

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

  it('maps model years to the docs/domain-rules.md codes', () => {
    const expected: Record<number, string> = {
      2000: 'Y', 2001: '1', 2005: '5', 2009: '9', 2010: 'A', 2011: 'B', 2012: 'C', 2013: 'D',
      2014: 'E', 2015: 'F', 2016: 'G', 2017: 'H', 2018: 'J', 2019: 'K', 2020: 'L', 2021: 'M',
      2022: 'N', 2023: 'P', 2024: 'R', 2025: 'S', 2026: 'T', 2027: 'V', 2028: 'W', 2029: 'X',
    };
    for (const [year, code] of Object.entries(expected)) expect(modelYearCode(Number(year)), year).to.equal(code);
    for (let y = 2001; y <= 2009; y++) expect(modelYearCode(y)).to.equal(String(y - 2000));
  });

  it('throws RangeError outside 2000..2029', () => {
    expect(() => modelYearCode(1999)).to.throw(RangeError);
    expect(() => modelYearCode(2030)).to.throw(RangeError);
    expect(() => modelYearCode(2020.5)).to.throw(RangeError);
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
      const vin = buildVin({
        wmi: r.chars(VIN_CHARS, 3),
        vds: r.chars(VIN_CHARS, 5),
        modelYear: r.int(2000, 2026),
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
    expect(() => buildVin({ ...ok, modelYear: 1995 })).to.throw(RangeError);
  });
});
