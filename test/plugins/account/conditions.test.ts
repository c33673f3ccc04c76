/**
 * The account plugin's conditioned tables (plugins/account/conditions.ts):
 * what the terms leave, at the weights the run had, and the lines they rule
 * out; no terms, nothing conditioned.
 */
import { expect } from 'chai';
import type { Distributions } from '../../../engine/kit.js';
import { bookConditions } from '../../../plugins/account/conditions.js';
import { minimumsOn } from '../../../plugins/policy/state-minimums.js';
import { AS_OF, data, where } from '../../book/where-helpers.js';

const distributions: Distributions = { states: 'all', lob_mix: { Personal: 0.9, Commercial: 0.1 } };
const of = (text: string) => bookConditions({ where: where(text), data, asOf: AS_OF, distributions });
const weights = (cumulative: readonly number[]) => cumulative.map((c, i) => c - (i > 0 ? cumulative[i - 1]! : 0));

describe('plugins/account/conditions (book --where tables)', () => {
  it('no terms: inactive, the run\'s lob share', () => {
    const c = of('');
    expect(c.active).to.equal(false);
    expect(c.commercialShare).to.be.closeTo(0.1, 1e-12);
    expect(c.states).to.equal(null);
  });

  it('state terms keep the run\'s weights of the states left, for both lines', () => {
    const c = of('state!=CA,state!=TX,state<=GA');
    const codes = c.states!.Personal.states.map((s) => s.code);
    expect(codes).to.not.include('CA');
    expect(codes.every((s) => s <= 'GA')).to.equal(true);
    const w = weights(c.states!.Personal.weights);
    c.states!.Personal.states.forEach((s, i) => expect(w[i]).to.equal(s.population));
    expect(c.states!.Commercial.states.map((s) => s.code)).to.deep.equal(codes);
  });

  it('a coverage code some states write keeps each line to those states (PIP where required)', () => {
    const c = of('coverage.coverage_code=PIP');
    for (const s of c.states!.Personal.states) expect(minimumsOn(data, s.code, AS_OF).pip_required, s.code).to.equal(true);
    expect(c.states!.Personal.states.length).to.be.within(5, 20);
  });

  it('fleet sizes spread each band\'s weight evenly and keep only those the terms leave; a household-only term leaves the mix', () => {
    const c = of('fleet_size=2..7');
    expect(c.commercialShare).to.equal(1);
    expect(c.fleet!.values).to.deep.equal([2, 3, 4, 5, 6, 7]);
    const w = weights(c.fleet!.cumulative);
    expect(w[0]).to.be.closeTo(33 / 3, 1e-9); // band 2-4 weighs 33
    expect(w[3]).to.be.closeTo(8 / 5, 1e-9); // band 5-9 weighs 8
    expect(of('vehicle.usage=commute').commercialShare).to.equal(0);
  });

  it('a target that is not the named insured keeps households of two or more residents of 15 and over', () => {
    const c = of('person.relationship=child');
    for (const [size, young] of c.household!.values) expect(size - young).to.be.at.least(2);
    expect(of('person.age=40..50').household!.values.some(([size]) => size === 1)).to.equal(true);
  });

  it('a claim window makes the named insured old enough to have started the chain by its end', () => {
    expect(of('claims>=1,claim.loss_date=2015-03-01..2015-06-30').minAge).to.equal(18 + 11); // 18 by 2015-06-30, as_of 2025-11-01
    expect(of('claims>=1').minAge).to.equal(18);
    expect(of('state=AZ').minAge).to.equal(0);
  });
});
