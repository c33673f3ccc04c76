/**
 * The book's rules across policies, their drivers and vehicles and the
 * account's persons and vehicles (docs/book-policies.md, "Checks"), run by
 * `esdh verify`. Keeps ids and the few fields the rules need.
 */
import { addMonths, addYears, type CheckContext, type CrossCheck, type CrossReport, type EntityRecord } from '../../engine/kit.js';
import { permitAgeMonths } from './drivers.js';

export const POLICY_RULES = {
  'policy.number_format': 'policy_number is QA-<base_state>-<7 digits>-<term_number>',
  'policy.number_unique': 'no two policies share a policy_number',
  'policy.term_dates': 'expiration_date = effective_date + term_months (same day of month); Commercial terms are 12 months',
  'policy.renewal_chain': "term 1 has no prior; term n's prior is term n-1 of the same account and it starts on the prior's expiration",
  'policy.status_dates': 'expired and non_renewed end by as_of; in_force holds as_of (effective <= as_of < expiration); a quote starts after as_of',
  'policy.cancellation': 'a cancelled term has a cancellation date inside the term, not after as_of, and a reason; no other term has either',
  'policy.no_future_dates': "no date after as_of but the expiration of the term around as_of (in force or cancelled in it) and a quote's dates",
  'policy.named_insured': 'Personal: the named insured is a resident of the account, a listed driver of the term, 18 or older on its effective date; Commercial: none (the business)',
  'policy.members_same_account': "a policy's drivers and vehicles belong to its account",
  'policy_driver.rated_licensed': 'a rated driver is 16 or older and holds a valid licence on the effective date (first licensed by then, licence not expired)',
  'policy_driver.permit_age': "a permit driver is at least the base state's permit age on the effective date",
  'policy_vehicle.principal_driver': 'every vehicle on a term has a principal driver listed on it, not excluded, licensed or with a permit on the effective date',
} as const;

type Rule = keyof typeof POLICY_RULES;
const NUMBER = /^QA-([A-Z]{2})-(\d{7})-(\d+)$/;

interface PersonFacts {
  readonly account: string | null;
  readonly dob: string;
  readonly status: string;
  readonly first: string | null;
  readonly expiration: string | null;
}

interface PolicyFacts {
  readonly account: string;
  readonly lob: string;
  readonly state: string;
  readonly effective: string;
  readonly expiration: string;
  readonly termNumber: number;
  readonly prior: string | null;
  readonly insured: string | null;
  readonly where: string;
}

/** A valid licence on `date`. */
export function licensedOnDate(p: PersonFacts, date: string): boolean {
  return p.status === 'valid' && p.first !== null && p.first <= date && p.expiration !== null && p.expiration > date;
}

export function policyCrossChecks(ctx: CheckContext): CrossCheck {
  const asOf = ctx.asOf;
  const persons = new Map<string, PersonFacts>();
  const vehicles = new Map<string, string | null>();
  const policies = new Map<string, PolicyFacts>();
  const numbers = new Map<string, string>();
  const drivers = new Map<string, Map<string, string>>();
  // A snapshot may hold policies without their drivers (entities account..policy): then nothing is said of who is listed.
  let sawDrivers = false;
  const check = (report: CrossReport, rule: Rule, problem: string | null, where: string) => report(rule, problem, where);

  const visitPolicy = (r: EntityRecord, where: string, report: CrossReport) => {
    const id = String(r.policy_id);
    const [eff, exp, status] = [String(r.effective_date), String(r.expiration_date), String(r.status)];
    const cancel = r.cancellation_date as string | null;
    const termNumber = Number(r.term_number);
    const number = String(r.policy_number);
    const m = NUMBER.exec(number);
    check(report, 'policy.number_format', !m ? `${number} is not QA-<state>-<7 digits>-<term>` : m[1] !== r.base_state ? `${number} names ${m[1]}, base_state is ${String(r.base_state)}` : Number(m[3]) !== termNumber ? `${number} ends in ${m[3]}, term_number is ${termNumber}` : null, where);
    const seen = numbers.get(number);
    check(report, 'policy.number_unique', seen ? `${number} is also at ${seen}` : null, where);
    if (!seen) numbers.set(number, where);
    const months = Number(r.term_months);
    check(report, 'policy.term_dates', addMonths(eff, months) !== exp ? `expiration ${exp} is not ${eff} + ${months} months (${addMonths(eff, months)})` : r.lob_type === 'Commercial' && months !== 12 ? `a Commercial term of ${months} months` : null, where);
    const statusProblem =
      (status === 'expired' || status === 'non_renewed') && exp > asOf ? `${status} but expires ${exp}, after as_of ${asOf}`
        : status === 'in_force' && !(eff <= asOf && asOf < exp) ? `in_force but ${eff} to ${exp} does not hold as_of ${asOf}`
          : status === 'quote' && eff <= asOf ? `a quote effective ${eff}, not after as_of ${asOf}`
            : null;
    check(report, 'policy.status_dates', statusProblem, where);
    const reason = r.cancellation_reason;
    const cancelProblem = status === 'cancelled'
      ? cancel === null || reason === null ? 'cancelled without a cancellation date and reason'
        : !(eff <= cancel && cancel < exp) ? `cancelled on ${cancel}, outside its term ${eff} to ${exp}`
          : cancel > asOf ? `cancelled on ${cancel}, after as_of ${asOf}` : null
      : cancel !== null || reason !== null ? `${status} but has a cancellation date or reason` : null;
    check(report, 'policy.cancellation', cancelProblem, where);
    const late: string[] = [];
    if (status !== 'quote') {
      if (eff > asOf) late.push(`effective ${eff}`);
      const holdsAsOf = eff <= asOf && asOf < exp && (status === 'in_force' || status === 'cancelled');
      if (exp > asOf && !holdsAsOf) late.push(`expiration ${exp}`);
      if (cancel !== null && cancel > asOf) late.push(`cancellation ${cancel}`);
    }
    check(report, 'policy.no_future_dates', late.length ? `${late.join(', ')} after as_of ${asOf}` : null, where);
    policies.set(id, { account: String(r.account_id), lob: String(r.lob_type), state: String(r.base_state), effective: eff, expiration: exp, termNumber, prior: (r.prior_policy_id as string | null) ?? null, insured: (r.named_insured_id as string | null) ?? null, where });
  };

  const visitDriver = (r: EntityRecord, where: string, report: CrossReport) => {
    const policy = policies.get(String(r.policy_id));
    const person = persons.get(String(r.person_id));
    sawDrivers = true;
    if (!policy || !person) return; // a dangling reference: verify's reference check reports it
    let listed = drivers.get(String(r.policy_id));
    if (!listed) drivers.set(String(r.policy_id), (listed = new Map()));
    listed.set(String(r.person_id), String(r.driver_status));
    check(report, 'policy.members_same_account', person.account !== policy.account ? `driver ${String(r.person_id)} belongs to account ${String(person.account)}, the policy to ${policy.account}` : null, where);
    if (r.driver_status === 'rated') {
      const problem = addYears(person.dob, 16) > policy.effective ? `born ${person.dob}: under 16 on ${policy.effective}`
        : !licensedOnDate(person, policy.effective) ? `licence (${person.status}, first ${String(person.first)}, expires ${String(person.expiration)}) not valid on ${policy.effective}` : null;
      check(report, 'policy_driver.rated_licensed', problem, where);
    }
    if (r.driver_status === 'permit') {
      const months = permitAgeMonths(ctx.data, policy.state);
      check(report, 'policy_driver.permit_age', addMonths(person.dob, months) > policy.effective ? `born ${person.dob}: under ${policy.state}'s permit age (${months} months) on ${policy.effective}` : null, where);
    }
  };

  const visitPolicyVehicle = (r: EntityRecord, where: string, report: CrossReport) => {
    const policy = policies.get(String(r.policy_id));
    if (!policy) return;
    const owner = vehicles.get(String(r.vehicle_id));
    if (owner !== undefined) check(report, 'policy.members_same_account', owner !== policy.account ? `vehicle ${String(r.vehicle_id)} belongs to account ${String(owner)}, the policy to ${policy.account}` : null, where);
    const principal = String(r.principal_driver_id);
    const status = drivers.get(String(r.policy_id))?.get(principal);
    const person = persons.get(principal);
    const problem = status === undefined ? `principal driver ${principal} is not listed on the policy`
      : status === 'excluded' ? `principal driver ${principal} is excluded`
        : status === 'rated' && person && !licensedOnDate(person, policy.effective) ? `principal driver ${principal} holds no valid licence on ${policy.effective}` : null;
    check(report, 'policy_vehicle.principal_driver', problem, where);
  };

  return {
    rules: POLICY_RULES,
    reads: ['person', 'vehicle', 'policy', 'policy_driver', 'policy_vehicle'],
    visit(entity, r, where, report) {
      if (entity === 'person') persons.set(String(r.person_id), { account: (r.account_id as string | null) ?? null, dob: String(r.date_of_birth), status: String(r.licence_status), first: (r.first_licensed_date as string | null) ?? null, expiration: (r.license_expiration_date as string | null) ?? null });
      else if (entity === 'vehicle') vehicles.set(String(r.vehicle_id), (r.account_id as string | null) ?? null);
      else if (entity === 'policy') visitPolicy(r, where, report);
      else if (entity === 'policy_driver') visitDriver(r, where, report);
      else if (entity === 'policy_vehicle') visitPolicyVehicle(r, where, report);
    },
    finish(report) {
      for (const [id, p] of policies) {
        const prior = p.prior === null ? undefined : policies.get(p.prior);
        const chain = p.termNumber === 1
          ? p.prior !== null ? `term 1 renews ${p.prior}` : null
          : !prior ? `term ${p.termNumber} renews ${String(p.prior)}, not a policy of the snapshot`
            : prior.account !== p.account ? `its prior term belongs to account ${prior.account}`
              : prior.termNumber !== p.termNumber - 1 ? `term ${p.termNumber} renews term ${prior.termNumber}`
                : prior.expiration !== p.effective ? `starts ${p.effective}, its prior expires ${prior.expiration}` : null;
        check(report, 'policy.renewal_chain', chain, p.where);
        if (p.lob === 'Commercial') {
          check(report, 'policy.named_insured', p.insured !== null ? `a Commercial policy names person ${p.insured}` : null, p.where);
          continue;
        }
        const person = p.insured === null ? undefined : persons.get(p.insured);
        const problem = p.insured === null ? 'a Personal policy without a named insured'
          : !person ? null // dangling: the reference check reports it
            : person.account !== p.account ? `named insured ${p.insured} belongs to account ${String(person.account)}`
              : sawDrivers && !drivers.get(id)?.has(p.insured) ? `named insured ${p.insured} is not a listed driver`
                : addYears(person.dob, 18) > p.effective ? `named insured born ${person.dob}: under 18 on ${p.effective}` : null;
        check(report, 'policy.named_insured', problem, p.where);
      }
    },
  };
}
