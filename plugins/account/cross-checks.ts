/**
 * The household and fleet rules across accounts, persons and vehicles
 * (docs/book-households.md), run by `esdh verify`: it keeps a few fields per
 * account, person and vehicle, checks what one record can tell as it comes
 * (accounts are read before their persons, persons before vehicles) and the
 * rest per account at the end.
 */
import { addYears, type CheckContext, type CrossCheck, type CrossReport, type EntityRecord, yearsBetween } from '../../engine/kit.js';
import { commercialClassProblem } from '../vehicle/classes.js';
import { LOB_BODY_STYLES } from '../vehicle/tables.js';
import { CDL_GVWR, needsUsdot, residenceOf } from './household-plan.js';
import { feinPrefixes } from './tables.js';

const RULES = {
  'account.residents_address': "a household's residents share its address, city, state and ZIP",
  'account.residents_phone_area': "residents' phones have one area code, one of the account's ZIP's",
  'account.named_insured': 'a Personal account has exactly one named insured, 18 or older on as_of; a Commercial account only employees (scheduled drivers), at least one',
  'account.spouse_age_gap': 'a spouse is within 15 years of the named insured',
  'account.child_age_gap': 'a child is at least 16 years younger than the named insured and the spouse',
  'account.household_size': 'household_size = persons of the household + children_under_15',
  'account.garaging': "an account's vehicles are garaged at its state and ZIP",
  'account.principal_driver': "every vehicle's principal driver is a person of its account with licence_status valid or permit",
  'account.vehicle_owner': "every vehicle's owner (person_id) is a person of its account: the named insured, or a scheduled driver",
  'account.fleet_size': 'a Commercial account has fleet_size vehicles; a Personal one 1 to 4',
  'account.usdot': 'usdot_number is present exactly for for-hire carriers and interstate carriers with a vehicle over 10,000 lb GVWR',
  'account.fein_prefix': "a Commercial account's FEIN prefix is one the IRS never assigns; a Personal account has none",
  'account.vehicle_class': 'Personal vehicles are private passenger cars, SUVs, pickups or vans with no commercial class; Commercial ones carry vehicle_class, gvwr_lbs and radius_class that agree',
  'account.cdl': 'every principal driver of a vehicle of 26,001 lb GVWR and over holds a CDL (class A or B)',
  'account.licence_fields': "a person's licence fields are null exactly when licence_status is none",
} as const;

type Rule = keyof typeof RULES;

interface AccountFacts {
  readonly lob: string;
  readonly address: string;
  readonly state: string;
  readonly zip: string;
  readonly householdSize: number | null;
  readonly children: number | null;
  readonly fleetSize: number | null;
  readonly operation: string | null;
  readonly interstate: boolean | null;
  readonly usdot: string | null;
  readonly where: string;
  readonly persons: { readonly role: string; readonly dob: string; readonly where: string }[];
  readonly gvwrs: (number | null)[];
  vehicles: number;
  areaCode?: string;
  areaCodes?: readonly string[];
}

interface PersonFacts {
  readonly account: string;
  readonly status: string;
  readonly cdl: string | null;
}

const PERSONAL_STYLES: readonly string[] = [...LOB_BODY_STYLES.v01.Personal, ...LOB_BODY_STYLES.full.Personal, 'Truck'];

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** A fresh checker for one verification. */
export function accountCrossChecks(ctx: CheckContext): CrossCheck {
  const accounts = new Map<string, AccountFacts>();
  const persons = new Map<string, PersonFacts>();
  const never = new Set(feinPrefixes(ctx.data));
  const visitAccount = (a: EntityRecord, where: string, report: CrossReport) => {
    const facts: AccountFacts = {
      lob: str(a.lob_type),
      address: [a.address_line_1, a.address_line_2, a.city, a.state, a.postal_code].map(str).join('|'),
      state: str(a.state),
      zip: str(a.postal_code),
      householdSize: a.household_size as number | null,
      children: a.children_under_15 as number | null,
      fleetSize: a.fleet_size as number | null,
      operation: a.operation as string | null,
      interstate: a.interstate as boolean | null,
      usdot: a.usdot_number as string | null,
      where,
      persons: [],
      gvwrs: [],
      vehicles: 0,
    };
    accounts.set(str(a.account_id), facts);
    const fein = a.fein as string | null;
    report('account.fein_prefix', facts.lob === 'Commercial'
      ? fein !== null && never.has(fein.slice(0, 2)) ? null : `FEIN ${fein} has a prefix the IRS assigns (never-assigned: ${[...never].join(', ')})`
      : fein === null ? null : `a Personal account with FEIN ${fein}`, where);
  };
  const visitPerson = (p: EntityRecord, where: string, report: CrossReport) => {
    const status = str(p.licence_status);
    const fields = [p.driver_license_number, p.driver_license_state, p.license_issue_date, p.license_expiration_date, p.first_licensed_date];
    const wrong = fields.filter((f) => (f === null) !== (status === 'none')).length;
    report('account.licence_fields', wrong === 0 ? null : `licence_status ${status} with ${wrong} licence field(s) ${status === 'none' ? 'set' : 'null'}`, where);
    if (p.account_id === null || p.account_id === undefined) return; // v0.1 persons stand alone
    const account = accounts.get(str(p.account_id));
    persons.set(str(p.person_id), { account: str(p.account_id), status, cdl: p.cdl_class as string | null });
    if (!account) return; // foreign_keys reports it
    const role = str(p.relationship);
    account.persons.push({ role, dob: str(p.date_of_birth), where });
    if (role === 'employee') return;
    const address = [p.address_line_1, p.address_line_2, p.city, p.state, p.postal_code].map(str).join('|');
    report('account.residents_address', address === account.address ? null : `lives at ${address}, the household at ${account.address}`, where);
    const area = str(p.phone).slice(0, 3);
    account.areaCodes ??= residenceOf(ctx.data, { state: account.state, postal_code: account.zip }).areaCodes;
    account.areaCode ??= area;
    report('account.residents_phone_area', !account.areaCodes.includes(area)
      ? `area code ${area} does not serve ZIP ${account.zip} (${account.areaCodes.join(', ')})`
      : area === account.areaCode ? null : `area code ${area}, the household's first resident has ${account.areaCode}`, where);
  };
  const visitVehicle = (v: EntityRecord, where: string, report: CrossReport) => {
    if (v.account_id === null || v.account_id === undefined) return;
    const id = str(v.account_id);
    const account = accounts.get(id);
    if (!account) return;
    account.vehicles++;
    const gvwr = v.gvwr_lbs as number | null;
    account.gvwrs.push(gvwr);
    report('account.garaging', v.garaging_state === account.state && v.garaging_postal_code === account.zip ? null : `garaged at ${str(v.garaging_state)} ${str(v.garaging_postal_code)}, the account is at ${account.state} ${account.zip}`, where);
    const principal = persons.get(str(v.principal_driver_id));
    report('account.principal_driver', !principal || principal.account !== id
      ? `principal driver ${str(v.principal_driver_id)} is not a person of account ${id}`
      : principal.status === 'valid' || principal.status === 'permit' ? null : `principal driver ${str(v.principal_driver_id)} has licence_status ${principal.status}`, where);
    const owner = persons.get(str(v.person_id));
    report('account.vehicle_owner', owner && owner.account === id ? null : `owner ${str(v.person_id)} is not a person of account ${id}`, where);
    const classes = { vehicle_class: v.vehicle_class as never, gvwr_lbs: gvwr, radius_class: v.radius_class as never };
    report('account.vehicle_class', account.lob === 'Commercial'
      ? commercialClassProblem(classes)
      : classes.vehicle_class !== null || gvwr !== null || classes.radius_class !== null
        ? `a Personal vehicle with vehicle_class ${str(classes.vehicle_class)}, gvwr_lbs ${str(gvwr)}, radius_class ${str(classes.radius_class)}`
        : PERSONAL_STYLES.includes(str(v.body_style)) ? null : `a Personal ${str(v.body_style)}`, where);
    if (gvwr !== null && gvwr >= CDL_GVWR) {
      report('account.cdl', principal?.cdl === 'A' || principal?.cdl === 'B' ? null : `GVWR ${gvwr} lb needs a CDL; principal driver ${str(v.principal_driver_id)} holds ${principal?.cdl ?? 'none'}`, where);
    }
  };
  return {
    rules: RULES,
    reads: ['account', 'person', 'vehicle'],
    visit(entity, record, where, report) {
      if (entity === 'account') visitAccount(record, where, report);
      else if (entity === 'person') visitPerson(record, where, report);
      else if (entity === 'vehicle') visitVehicle(record, where, report);
    },
    finish(report) {
      for (const a of accounts.values()) finishAccount(a, ctx.asOf, report);
    },
  };
}

function finishAccount(a: AccountFacts, asOf: string, report: (rule: Rule, problem: string | null, where: string) => void): void {
  if (a.lob === 'Commercial') {
    const others = a.persons.filter((p) => p.role !== 'employee');
    report('account.named_insured', a.persons.length === 0 ? 'a business without scheduled drivers' : others.length === 0 ? null : `a business with ${others.map((p) => p.role).join(', ')}`, a.where);
    report('account.fleet_size', a.vehicles === a.fleetSize ? null : `fleet_size ${a.fleetSize}, ${a.vehicles} vehicles`, a.where);
    const needed = needsUsdot({ operation: a.operation as 'for_hire' | 'private' | null, interstate: a.interstate }, a.gvwrs);
    report('account.usdot', needed === (a.usdot !== null) ? null : needed ? `a ${a.operation}${a.interstate ? ' interstate' : ''} carrier (heaviest ${Math.max(0, ...a.gvwrs.map((g) => g ?? 0))} lb) without a USDOT number` : `USDOT ${a.usdot} on a carrier that needs none`, a.where);
    return;
  }
  report('account.usdot', a.usdot === null ? null : `a Personal account with USDOT ${a.usdot}`, a.where);
  const insured = a.persons.filter((p) => p.role === 'named_insured');
  const ni = insured[0];
  report('account.named_insured', insured.length !== 1 ? `${insured.length} named insureds` : yearsBetween(ni!.dob, asOf) >= 18 ? null : `the named insured is ${yearsBetween(ni!.dob, asOf)} on ${asOf}`, a.where);
  report('account.household_size', a.persons.length + (a.children ?? 0) === a.householdSize ? null : `household_size ${a.householdSize}, ${a.persons.length} persons + ${a.children} children under 15`, a.where);
  report('account.fleet_size', a.vehicles >= 1 && a.vehicles <= 4 ? null : `a household with ${a.vehicles} vehicles`, a.where);
  const spouses = a.persons.filter((p) => p.role === 'spouse');
  const parents = [...insured, ...spouses];
  if (ni) {
    for (const s of spouses) {
      const gap = Math.abs(yearsBetween(ni.dob < s.dob ? ni.dob : s.dob, ni.dob < s.dob ? s.dob : ni.dob));
      report('account.spouse_age_gap', gap <= 15 ? null : `spouse born ${s.dob}, named insured ${ni.dob}: ${gap} years apart`, s.where);
    }
  }
  for (const c of a.persons.filter((p) => p.role === 'child')) {
    const tooClose = parents.filter((p) => c.dob < addYears(p.dob, 16));
    report('account.child_age_gap', tooClose.length === 0 ? null : `child born ${c.dob}, less than 16 years after ${tooClose.map((p) => `${p.role} (${p.dob})`).join(', ')}`, c.where);
  }
}
