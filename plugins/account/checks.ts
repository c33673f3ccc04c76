import type { Account, CheckContext, RecordCheck } from '../../engine/kit.js';
import { residenceOf } from './household-plan.js';
import { feinPrefixes } from './tables.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const HOUSEHOLD_FIELDS = ['household_size', 'children_under_15'] as const;
const BUSINESS_FIELDS = ['business_name', 'business_type', 'fein', 'operation', 'interstate', 'fleet_size'] as const;

/** The city of the account's ZIP, or null when the state has no such ZIP. */
function cityOf(a: Account, ctx: CheckContext): string | null {
  try {
    return residenceOf(ctx.data, a).city;
  } catch {
    return null;
  }
}

/** docs/book-households.md's rules for one account, run by `esdh verify` on every account. */
export const accountChecks: readonly RecordCheck<Account>[] = [
  {
    name: 'account.id_uuid_v4',
    description: 'account_id is an RFC 9562 version-4 UUID',
    test: (a) => (UUID_V4.test(a.account_id) ? null : `account_id ${a.account_id} is not a v4 UUID`),
  },
  {
    name: 'account.lob_fields',
    description: 'a Personal account has household_size and children_under_15 and no business fields; a Commercial one the business fields (cargo only for for-hire carriers) and no household fields',
    test: (a) => {
      const personal = a.lob_type === 'Personal';
      const [present, absent] = personal ? [HOUSEHOLD_FIELDS, [...BUSINESS_FIELDS, 'cargo', 'usdot_number'] as const] : [BUSINESS_FIELDS, HOUSEHOLD_FIELDS];
      const missing = present.filter((f) => a[f] === null);
      const extra = absent.filter((f) => a[f] !== null);
      if (missing.length > 0 || extra.length > 0) return `a ${a.lob_type} account${missing.length ? ` without ${missing.join(', ')}` : ''}${extra.length ? ` with ${extra.join(', ')}` : ''}`;
      if (!personal && (a.cargo !== null) !== (a.operation === 'for_hire')) return `cargo ${a.cargo} on a ${a.operation} business (cargo is for for-hire carriers only)`;
      return null;
    },
  },
  {
    name: 'account.name',
    description: "a household is named 'The <Surname> household'; a business by its business_name, which starts with 'QA ' (visibly synthetic)",
    test: (a) => {
      if (a.lob_type === 'Personal') return /^The .+ household$/.test(a.account_name) ? null : `household named ${JSON.stringify(a.account_name)}`;
      return a.account_name === a.business_name && a.account_name.startsWith('QA ') ? null : `business ${JSON.stringify(a.business_name)} named ${JSON.stringify(a.account_name)}`;
    },
  },
  {
    name: 'account.children_under_15',
    description: 'children under 15 are fewer than the residents (a household has someone of 15 or more)',
    test: (a) => (a.household_size === null || (a.children_under_15 ?? 0) < a.household_size ? null : `${a.children_under_15} children under 15 in a household of ${a.household_size}`),
  },
  {
    name: 'account.zip_in_city',
    description: "the address's city, state and ZIP belong together (a real ZIP of that city)",
    test: (a, ctx) => {
      const city = cityOf(a, ctx);
      return city === a.city ? null : `ZIP ${a.postal_code} is ${city ? `in ${city}` : `not a ${a.state} ZIP`}, not ${a.city}`;
    },
  },
  {
    name: 'account.fein_format',
    description: 'a FEIN is NN-NNNNNNN with a prefix the IRS never assigns',
    test: (a, ctx) => (a.fein === null || (/^\d{2}-\d{7}$/.test(a.fein) && feinPrefixes(ctx.data).includes(a.fein.slice(0, 2))) ? null : `FEIN ${a.fein} is not NN-NNNNNNN with a never-assigned prefix`),
  },
  {
    name: 'account.usdot_format',
    description: 'a USDOT number is 8 digits from 90,000,000 (a range FMCSA has not reached)',
    test: (a) => (a.usdot_number === null || /^9\d{7}$/.test(a.usdot_number) ? null : `USDOT ${a.usdot_number} is not in the synthetic range 90000000-99999999`),
  },
];
