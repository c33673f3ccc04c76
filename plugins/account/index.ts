import { type Account, defineEntityPlugin, uuidV4 } from '../../engine/kit.js';
import { commercialShare } from '../person/lob.js';
import { bookLayout, isCommercialUnit } from './book-layout.js';
import { VEHICLE_SLOTS } from './household-plan.js';
import { lastName } from '../person/names.js';
import { chooseStates, drawResidence, drawState, streetNumber } from '../person/residence.js';
import { loadPersonTables } from '../person/tables.js';
import { accountChecks } from './checks.js';
import { accountCrossChecks } from './cross-checks.js';
import { householdPlan, needsUsdot } from './household-plan.js';
import { fein, NUMBER_CAPACITY, usdotNumber } from './numbers.js';
import { drawFrom, loadAccountTables } from './tables.js';
import { bookConditions } from './conditions.js';
import { accountTargeting } from './targeting.js';

/**
 * The root of a book-of-business unit: a Personal household at one real
 * address (docs/book-households.md), or a Commercial business with its
 * fleet. The residents, drivers and vehicles follow from the record through
 * `householdPlan`.
 */
export const accountPlugin = defineEntityPlugin({
  name: 'account',
  plural: 'accounts',
  version: '1.0.0',
  schemaId: 'account',
  dependencies: [],
  description: 'A Personal household at one address or a Commercial business with its fleet: the root of a book-of-business unit',
  idField: 'account_id',
  uniqueFields: ['fein', 'usdot_number'],
  targeting: accountTargeting,
  setup: (ctx) => {
    const persons = loadPersonTables(ctx.data);
    // --where: the conditioned tables (conditions.ts); inactive without terms, and every draw as before.
    const conditions = bookConditions(ctx);
    return {
      persons,
      choice: chooseStates(persons, ctx.distributions.states),
      tables: loadAccountTables(ctx.data, ctx.distributions),
      conditions,
      // The lob of each unit from its stratum: the mix exact in every block of 4,096 accounts, numbers packed by line (book-layout.ts).
      layout: bookLayout(conditions.active ? conditions.commercialShare : commercialShare(ctx.distributions.lob_mix), VEHICLE_SLOTS),
    };
  },
  maxUnits: () => ({ units: NUMBER_CAPACITY, reason: `synthetic USDOT numbers (8 digits from 90,000,000) are unique only up to ${NUMBER_CAPACITY.toLocaleString('en-US')} accounts` }),
  checks: accountChecks,
  crossChecks: accountCrossChecks,
  generate(ctx) {
    const { random, state: s } = ctx;
    const account_id = uuidV4(random);
    const lob_type = isCommercialUnit(s.layout, ctx.seed, ctx.unitIndex) ? 'Commercial' : 'Personal';
    const c = s.conditions;
    const state = drawState(c.states ? c.states[lob_type] : s.choice, random);
    const { zip: postal_code, city } = drawResidence(state, random);
    const address_line_1 = `${streetNumber(random)} ${random.pick(s.persons.streetNames)} ${random.pick(s.persons.streetSuffixes)}`;
    const address_line_2 = random.bool(lob_type === 'Personal' ? 0.15 : 0.3) ? `${random.pick(s.persons.unitPrefixes)} ${random.int(1, 999)}` : null;
    let record: Account;
    if (lob_type === 'Personal') {
      const surname = lastName(s.persons.names, random);
      let household_size: number;
      let children_under_15: number;
      if (c.household) [household_size, children_under_15] = drawFrom(c.household, random);
      else {
        household_size = drawFrom(s.tables.householdSize, random);
        const children = s.tables.childrenBySize.get(household_size);
        children_under_15 = children ? drawFrom(children, random) : 0;
      }
      record = {
        account_id, lob_type, account_name: `The ${surname} household`, address_line_1, address_line_2, city, state: state.code, postal_code,
        household_size, children_under_15: Math.min(children_under_15, household_size - 1),
        business_name: null, business_type: null, fein: null, operation: null, interstate: null, cargo: null, usdot_number: null, fleet_size: null,
        synthetic_source: ctx.marker,
      };
    } else {
      const business = drawFrom(c.businesses ?? s.tables.businesses, random);
      const pattern = random.pick(s.tables.namePatterns);
      const business_name = `${pattern
        .replace('{surname2}', lastName(s.persons.names, random))
        .replace('{surname}', lastName(s.persons.names, random))
        .replace('{city}', city)
        .replace('{trade}', random.pick(business.trades))} ${random.pick(s.tables.legalForms)}`;
      const operation = random.bool(business.forHire) ? 'for_hire' : 'private';
      const interstate = random.bool(business.interstate);
      const cargo = operation === 'for_hire' ? drawFrom(business.cargo, random) : null;
      const band = c.fleet ? null : drawFrom(s.tables.fleetBands, random);
      record = {
        account_id, lob_type, account_name: business_name, address_line_1, address_line_2, city, state: state.code, postal_code,
        household_size: null, children_under_15: null,
        business_name, business_type: business.name, fein: fein(s.tables.feinPrefixes, ctx.seed, ctx.unitIndex), operation, interstate, cargo,
        usdot_number: null, fleet_size: band ? random.int(band.from, band.to) : drawFrom(c.fleet!, random),
        synthetic_source: ctx.marker,
      };
      // Whether it needs a USDOT number depends on its fleet (a vehicle over 10,000 lb): the plan reads every field but this one.
      const plan = householdPlan(record, ctx);
      if (needsUsdot(record, plan.vehicles.map((v) => v.gvwr))) record.usdot_number = usdotNumber(ctx.seed, ctx.unitIndex);
    }
    return record;
  },
});
