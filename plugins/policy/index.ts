import { addMonths, defineEntityPlugin, fromDayNumber, toDayNumber, uuidV4 } from '../../engine/kit.js';

/**
 * Stub (off by default): one policy per unit with a coherent term and status.
 * Coverages, limits and premiums arrive with the policy issue.
 */
export const policyPlugin = defineEntityPlugin({
  name: 'policy',
  plural: 'policies',
  version: '0.1.1',
  schemaId: 'policy',
  dependencies: ['person', 'vehicle'],
  description: 'Stub: an auto policy on the unit (term, dates, status); off unless a profile names it',
  idField: 'policy_id',
  references: { person_id: 'person.person_id' },
  uniqueFields: ['policy_number'],
  generate(ctx) {
    const { random } = ctx;
    const insured = ctx.dep('person');
    const term_months = random.bool(0.5) ? 6 : 12;
    // Effective within the 12 months up to as_of, on days 1-28 so the expiry keeps the day of month.
    const start = fromDayNumber(toDayNumber(ctx.asOf) - random.int(0, 364));
    const effective_date = `${start.slice(0, 8)}${String(random.int(1, 28)).padStart(2, '0')}`;
    const expiration_date = addMonths(effective_date, term_months);
    const status = random.bool(0.05) ? 'cancelled' : expiration_date <= ctx.asOf ? 'expired' : effective_date > ctx.asOf ? 'quote' : 'in_force';
    return {
      policy_id: uuidV4(random),
      policy_number: `QA-${insured.state}-${String(ctx.unitIndex + 1).padStart(7, '0')}`,
      person_id: insured.person_id,
      state: insured.state,
      term_months,
      effective_date,
      expiration_date,
      status,
      synthetic_source: ctx.marker,
    };
  },
});
