/** What `--where` may name of an account (conditions.ts constructs each). */
import type { Targeting } from '../../engine/kit.js';

/** USPS codes of the 50 states and DC (the person tables' states). */
export const STATE_CODES = 'AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE NH NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY'.split(' ');

export const accountTargeting: Targeting = {
  fields: {
    state: { type: 'enum', values: STATE_CODES, description: "the account's state (USPS code): its address, ZIP and phone area codes are drawn in that state" },
    lob_type: { type: 'enum', values: ['Personal', 'Commercial'], description: 'Personal household or Commercial business (like --lob: the book layout holds the conditioned mix)' },
    postal_code: { type: 'string', description: "the account's 5-digit ZIP (a real ZIP with residents: its state, city and phone area codes follow); e.g. postal_code=85001..85099" },
    fleet_size: { type: 'integer', description: "a business's fleet, 1-50 vehicles (null for a household: fleet_size>=n makes every account Commercial)" },
  },
};
