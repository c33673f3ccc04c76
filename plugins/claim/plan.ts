/**
 * The claims of one account (unit), made once and shared by the claim,
 * claim_exposure and claim_transaction plugins (memoised on the unit's
 * policy records, like the policy plugins' unit plan): each vehicle on each
 * term draws its occurrences from a Poisson process over the term's earned
 * days, each occurrence files exposures on the lines the vehicle carries,
 * and each exposure gets its money and dated transactions; `--where` adds
 * the claims it asks for, placed on in-force days of the account's terms
 * (docs/book-claims.md).
 */
import { type Account, type Coverage, fromDayNumber, hashString, meetsAll, type Person, type Policy, type PolicyVehicle, RandomStream, type ReferenceData, toDayNumber, type Vehicle, yearsBetween } from '../../engine/kit.js';
import { CLAIM_SLOTS, type Conditions, type Placement } from './conditions.js';
import {
  CAUSE_RULES, type ClaimModel, claimModel, type ClaimStatus, cents, COMPREHENSIVE_CAUSES, DEDUCTIBLE_CODES, delayDays, type ExposureCode, type ExposureType, lognormal, type LossCause,
  PLACED_CAUSE_WEIGHTS, poisson, THIRD_PARTY_CODES, weighted,
} from './model.js';

export type TransactionType = 'reserve' | 'payment' | 'recovery';
export type CostType = 'indemnity' | 'expense';
export type RecoveryType = 'salvage' | 'subrogation';

export interface PlannedTransaction {
  readonly day: number;
  readonly type: TransactionType;
  readonly costType: CostType | null;
  readonly recoveryType: RecoveryType | null;
  readonly amount: number;
}

export interface PlannedExposure {
  readonly claimIndex: number;
  readonly coverageIndex: number;
  readonly code: ExposureCode;
  readonly exposureType: ExposureType;
  readonly claimantType: 'insured' | 'third_party';
  readonly claimantNumber: number;
  readonly status: 'open' | 'closed';
  readonly closedDay: number | null;
  readonly reserve: number;
  readonly paidIndemnity: number;
  readonly paidExpense: number;
  readonly deductible: number;
  readonly salvage: number;
  readonly subrogation: number;
  readonly transactions: readonly PlannedTransaction[];
}

export interface PlannedClaim {
  readonly policyIndex: number;
  readonly vehicleId: string;
  readonly driverId: string;
  readonly state: string;
  readonly loss: number;
  readonly report: number;
  readonly cause: LossCause;
  readonly atFault: boolean;
  readonly status: ClaimStatus;
  readonly closed: number | null;
  readonly reopened: number | null;
  readonly siu: boolean;
  exposures: PlannedExposure[];
}

export interface UnitClaims {
  readonly claims: readonly PlannedClaim[];
  readonly exposures: readonly PlannedExposure[];
  /** Every transaction with the index of its exposure in `exposures`. */
  readonly transactions: readonly { readonly exposureIndex: number; readonly transaction: PlannedTransaction }[];
}

/** What the plan is made from: a claims plugin's context holds all of it. */
export interface ClaimPlanContext {
  readonly seed: number;
  readonly unitIndex: number;
  readonly asOf: string;
  readonly data: ReferenceData;
  readonly deps: {
    readonly account: readonly Account[];
    readonly person: readonly Person[];
    readonly vehicle: readonly Vehicle[];
    readonly policy: readonly Policy[];
    readonly policy_vehicle: readonly PolicyVehicle[];
    readonly coverage: readonly Coverage[];
  };
}

const OCCURRENCE_KEY = hashString('claim-occurrences');
const PLACE_KEY = hashString('claim-place');
/** Streams per (term, vehicle): term index * VEHICLE_STRIDE + vehicle index on the term. */
const VEHICLE_STRIDE = 64;

const cache = new WeakMap<readonly Policy[], { readonly seed: number; readonly unitIndex: number; readonly asOf: string; readonly key: string; readonly plan: UnitClaims }>();

/** The unit's claims, made once per unit and conditions. */
export function claimPlan(ctx: ClaimPlanContext, conditions: Conditions): UnitClaims {
  const hit = cache.get(ctx.deps.policy);
  if (hit && hit.seed === ctx.seed && hit.unitIndex === ctx.unitIndex && hit.asOf === ctx.asOf && hit.key === conditions.key) return hit.plan;
  const plan = makePlan(ctx, conditions);
  cache.set(ctx.deps.policy, { seed: ctx.seed, unitIndex: ctx.unitIndex, asOf: ctx.asOf, key: conditions.key, plan });
  return plan;
}

/** A vehicle on a term, with what its claims need. */
interface TermVehicle {
  readonly policyIndex: number;
  readonly state: string;
  readonly vehicleSlot: number;
  readonly vehicle: Vehicle;
  readonly driverId: string;
  readonly driverAge: number;
  /** Coverage index by code: the vehicle's lines, and a policy-level CSL when it has none of its own. */
  readonly lines: ReadonlyMap<string, number>;
  /** Loss days it may have: first..last (day numbers). */
  readonly first: number;
  readonly last: number;
}

/** An exposure before its money: which line and claimant. */
interface Draft {
  readonly code: ExposureCode;
  readonly coverageIndex: number;
  readonly exposureType: ExposureType;
  readonly claimantNumber: number;
}

interface Occurrence {
  readonly cause: LossCause;
  readonly atFault: boolean;
  readonly subrogation: boolean;
  readonly drafts: readonly Draft[];
}

function makePlan(ctx: ClaimPlanContext, conditions: Conditions): UnitClaims {
  const model = claimModel(ctx.data);
  const account = ctx.deps.account[0];
  const asOf = toDayNumber(ctx.asOf);
  const terms = termVehicles(ctx, asOf);
  const inception = inceptionDay(ctx.deps.policy);
  const sev = severityFactor(model, account);
  const random = new RandomStream();
  const natural: PlannedClaim[] = [];
  for (const tv of terms) {
    random.reset(ctx.seed, OCCURRENCE_KEY, ctx.unitIndex, tv.policyIndex * VEHICLE_STRIDE + tv.vehicleSlot);
    occurrencesOf(random, model, account, tv, ctx.deps.coverage, asOf, inception, sev, natural);
  }
  const placed: PlannedClaim[] = [];
  conditions.placements.forEach((placement, i) => {
    random.reset(ctx.seed, PLACE_KEY, ctx.unitIndex, i);
    placed.push(place(random, model, placement, terms, ctx, asOf, inception, sev, conditions.key));
  });
  const byLoss = (a: PlannedClaim, b: PlannedClaim) => a.loss - b.loss || a.report - b.report;
  natural.sort(byLoss);
  const room = Math.max(0, Math.min(conditions.max, CLAIM_SLOTS) - placed.length);
  const claims = [...placed, ...natural.slice(0, room)].sort(byLoss);
  const exposures: PlannedExposure[] = [];
  const transactions: { exposureIndex: number; transaction: PlannedTransaction }[] = [];
  claims.forEach((claim, claimIndex) => {
    claim.exposures = claim.exposures.map((e) => ({ ...e, claimIndex }));
    for (const e of claim.exposures) {
      const exposureIndex = exposures.length;
      exposures.push(e);
      for (const transaction of e.transactions) transactions.push({ exposureIndex, transaction });
    }
  });
  return { claims, exposures, transactions };
}

/** The first day of the account's first term. */
function inceptionDay(policies: readonly Policy[]): number {
  let first = Number.POSITIVE_INFINITY;
  for (const p of policies) if (p.term_number === 1) first = Math.min(first, toDayNumber(p.effective_date));
  return first;
}

/** Every vehicle of every term begun by as_of, with its lines and loss days. */
function termVehicles(ctx: ClaimPlanContext, asOf: number): TermVehicle[] {
  const persons = new Map(ctx.deps.person.map((p) => [p.person_id, p]));
  const vehicles = new Map(ctx.deps.vehicle.map((v) => [v.vehicle_id, v]));
  const byPolicy = new Map<string, { vehicles: PolicyVehicle[]; coverages: number[] }>();
  const entry = (id: string) => byPolicy.get(id) ?? byPolicy.set(id, { vehicles: [], coverages: [] }).get(id)!;
  for (const pv of ctx.deps.policy_vehicle) entry(pv.policy_id).vehicles.push(pv);
  ctx.deps.coverage.forEach((c, i) => entry(c.policy_id).coverages.push(i));
  const out: TermVehicle[] = [];
  ctx.deps.policy.forEach((policy, policyIndex) => {
    if (policy.status === 'quote') return;
    const first = toDayNumber(policy.effective_date);
    const end = toDayNumber(policy.cancellation_date ?? policy.expiration_date);
    const last = Math.min(end - 1, asOf);
    if (last < first) return;
    const { vehicles: scheduled, coverages } = entry(policy.policy_id);
    const policyLevel = coverages.find((i) => ctx.deps.coverage[i]!.vehicle_id === null && ctx.deps.coverage[i]!.coverage_code === 'CSL');
    scheduled.forEach((pv, vehicleSlot) => {
      const vehicle = vehicles.get(pv.vehicle_id);
      if (!vehicle) return;
      const lines = new Map<string, number>();
      for (const i of coverages) {
        const c = ctx.deps.coverage[i]!;
        if (c.vehicle_id === pv.vehicle_id && !lines.has(c.coverage_code)) lines.set(c.coverage_code, i);
      }
      if (policyLevel !== undefined && !lines.has('CSL') && !lines.has('BI')) lines.set('CSL', policyLevel);
      const driver = persons.get(pv.principal_driver_id);
      const driverAge = driver ? yearsBetween(driver.date_of_birth, policy.effective_date) : 40;
      out.push({ policyIndex, state: policy.base_state, vehicleSlot, vehicle, driverId: pv.principal_driver_id, driverAge, lines, first, last });
    });
  });
  return out;
}

function territoryFactor(model: ClaimModel, postalCode: string): number {
  const buckets = model.factors.territory_buckets;
  return buckets[hashString(postalCode.slice(0, 3)) % buckets.length]!;
}

function ageFactor(model: ClaimModel, age: number): number {
  return model.factors.driver_age.find((b) => age >= b.from && age <= b.to)?.factor ?? 1;
}

/** The frequency factor of a vehicle: territory × vehicle (Personal: risk rating and calibration; Commercial: class × radius). */
function vehicleFactor(model: ClaimModel, account: Account | undefined, v: Vehicle): number {
  const f = model.factors;
  const territory = territoryFactor(model, v.garaging_postal_code);
  if (account?.lob_type === 'Commercial' || v.lob_type === 'Commercial') {
    return territory * (f.commercial_class[v.vehicle_class ?? 'private passenger'] ?? 1) * (f.commercial_radius[v.radius_class ?? 'local'] ?? 1);
  }
  return territory * (f.risk_rating[v.risk_rating] ?? 1);
}

function severityFactor(model: ClaimModel, account: Account | undefined): (v: Vehicle) => number {
  return (v) => (account?.lob_type === 'Commercial' ? (model.factors.commercial_severity[v.vehicle_class ?? 'private passenger'] ?? 1) : 1);
}

/** The liability line of a vehicle for bodily injury or property damage: BI/PD, else a CSL. */
function liability(lines: ReadonlyMap<string, number>, kind: 'BI' | 'PD'): { code: ExposureCode; index: number } | null {
  const own = lines.get(kind);
  if (own !== undefined) return { code: kind, index: own };
  const csl = lines.get('CSL');
  return csl !== undefined ? { code: 'CSL', index: csl } : null;
}

/** Injured occupants of the insured vehicle on PIP (when carried; else MedPay), claimants from `next`. */
function medical(random: RandomStream, lines: ReadonlyMap<string, number>, medicalShare: number, pipShare: number, drafts: Draft[], forced = false): void {
  const pipDraw = random.next();
  const medDraw = random.next();
  const second = random.bool(0.3);
  const pip = lines.get('PIP');
  const med = lines.get('MEDPAY');
  const code: ExposureCode | null = pip !== undefined ? 'PIP' : med !== undefined ? 'MEDPAY' : null;
  if (code === null) return;
  if (!forced && !(code === 'PIP' ? pipDraw < pipShare : medDraw < medicalShare)) return;
  const index = code === 'PIP' ? pip! : med!;
  add(drafts, { code, coverageIndex: index, exposureType: 'medical', claimantNumber: 1 });
  if (second) add(drafts, { code, coverageIndex: index, exposureType: 'medical', claimantNumber: nextClaimant(drafts) });
}

function nextClaimant(drafts: readonly Draft[]): number {
  return drafts.reduce((m, d) => Math.max(m, d.claimantNumber), 1) + 1;
}

/** Adds an exposure; a claimant already on that line (a CSL's bodily injury and property damage) becomes the next claimant. */
function add(drafts: Draft[], draft: Draft): void {
  const taken = drafts.some((d) => d.coverageIndex === draft.coverageIndex && d.claimantNumber === draft.claimantNumber);
  drafts.push(taken ? { ...draft, claimantNumber: nextClaimant(drafts) } : draft);
}

function own(lines: ReadonlyMap<string, number>, code: ExposureCode, exposureType: ExposureType): Draft | null {
  const index = lines.get(code);
  return index === undefined ? null : { code, coverageIndex: index, exposureType, claimantNumber: 1 };
}

/** Third-party claimants: property damage (claimant 2) and `injured` bodily-injury claimants (2, 3, ...). */
function thirdParty(lines: ReadonlyMap<string, number>, property: boolean, injured: number, drafts: Draft[]): void {
  const pd = liability(lines, 'PD');
  if (property && pd) add(drafts, { code: pd.code, coverageIndex: pd.index, exposureType: 'property_damage', claimantNumber: 2 });
  const bi = liability(lines, 'BI');
  for (let i = 0; bi && i < injured; i++) add(drafts, { code: bi.code, coverageIndex: bi.index, exposureType: 'bodily_injury', claimantNumber: 2 + i });
}

type ScenarioName = 'at_fault_other_party' | 'not_at_fault_insured_other' | 'uninsured_other' | 'single_vehicle' | 'comprehensive';
const SCENARIOS: readonly ScenarioName[] = ['at_fault_other_party', 'not_at_fault_insured_other', 'uninsured_other', 'single_vehicle', 'comprehensive'];

/** What one occurrence of a scenario files on the vehicle's lines; null when it files nothing (no line pays it). */
function occurrence(random: RandomStream, model: ClaimModel, scenario: ScenarioName, lines: ReadonlyMap<string, number>): Occurrence | null {
  const s = model.scenarios;
  const drafts: Draft[] = [];
  switch (scenario) {
    case 'at_fault_other_party': {
      const p = s.at_fault_other_party;
      const injured = random.bool(p.bi_share) ? weighted(random.next(), p.bi_claimants) : 0;
      const damage = random.bool(p.own_damage_share);
      thirdParty(lines, true, injured, drafts);
      const coll = damage ? own(lines, 'COLL', 'vehicle_damage') : null;
      if (coll) drafts.push(coll);
      medical(random, lines, p.medical_share, p.pip_share, drafts);
      const cause: LossCause = coll ? 'collision' : drafts.some((d) => d.exposureType === 'bodily_injury') ? 'liability_bi' : drafts.some((d) => d.exposureType === 'property_damage') ? 'liability_pd' : 'medical';
      return drafts.length ? { cause, atFault: true, subrogation: false, drafts } : null;
    }
    case 'not_at_fault_insured_other': {
      const p = s.not_at_fault_insured_other;
      const coll = random.bool(p.own_damage_share) ? own(lines, 'COLL', 'vehicle_damage') : null;
      const subrogation = random.bool(p.subrogation_share);
      if (coll) drafts.push(coll);
      medical(random, lines, p.medical_share, p.pip_share, drafts);
      return drafts.length ? { cause: coll ? 'collision' : 'medical', atFault: false, subrogation, drafts } : null;
    }
    case 'uninsured_other': {
      const p = s.uninsured_other;
      const injured = random.bool(p.umbi_share) ? weighted(random.next(), p.umbi_claimants) : 0;
      const umpdWanted = random.bool(p.umpd_share);
      const collWanted = random.bool(p.own_damage_share);
      const um = lines.has('UMBI') ? 'UMBI' : lines.has('UIMBI') ? 'UIMBI' : null;
      for (let i = 0; um && i < injured; i++) drafts.push({ code: um, coverageIndex: lines.get(um)!, exposureType: 'bodily_injury', claimantNumber: 1 + i });
      const umpd = umpdWanted ? own(lines, 'UMPD', 'vehicle_damage') : null;
      if (umpd) drafts.push(umpd);
      const coll = !umpd && collWanted ? own(lines, 'COLL', 'vehicle_damage') : null;
      if (coll) drafts.push(coll);
      const hasUm = drafts.some((d) => d.code === 'UMBI' || d.code === 'UIMBI' || d.code === 'UMPD');
      medical(random, lines, p.medical_share, p.pip_share, drafts);
      const cause: LossCause = hasUm ? 'uninsured_motorist' : coll ? 'collision' : 'medical';
      return drafts.length ? { cause, atFault: false, subrogation: false, drafts } : null;
    }
    case 'single_vehicle': {
      const p = s.single_vehicle;
      const coll = own(lines, 'COLL', 'vehicle_damage');
      if (coll) drafts.push(coll);
      medical(random, lines, p.medical_share, p.pip_share, drafts);
      return drafts.length ? { cause: coll ? 'collision' : 'medical', atFault: true, subrogation: false, drafts } : null;
    }
    case 'comprehensive': {
      const cause = weighted(random.next(), Object.entries(s.comprehensive.causes) as [LossCause, number][]);
      const comp = own(lines, 'COMP', 'vehicle_damage');
      return comp ? { cause, atFault: false, subrogation: false, drafts: [comp] } : null;
    }
  }
}

/** The natural claims of one vehicle on one term. */
function occurrencesOf(random: RandomStream, model: ClaimModel, account: Account | undefined, tv: TermVehicle, coverages: readonly Coverage[], asOf: number, inception: number, sev: (v: Vehicle) => number, out: PlannedClaim[]): void {
  const days = tv.last - tv.first + 1;
  const years = days / 365.25;
  const base = vehicleFactor(model, account, tv.vehicle);
  const age = ageFactor(model, tv.driverAge);
  for (const scenario of SCENARIOS) {
    const rate = model.scenarios[scenario].rate_per_100 / 100;
    // The age factor raises the book's mean (young drivers): the calibration brings Personal back to the ISO level.
    const calibration = account?.lob_type === 'Commercial' ? 1 : model.factors.personal_calibration;
    const factor = base * (model.factors.driver_age_applies_to.includes(scenario) ? age * calibration : 1);
    const n = poisson(random.next(), rate * factor * years);
    for (let k = 0; k < n; k++) {
      const loss = tv.first + Math.floor(random.next() * days);
      const happened = occurrence(random, model, scenario, tv.lines);
      const lag = delayDays(random.next(), model.report_lag.median_days, model.report_lag.sigma);
      // Not reported by as_of: not in the snapshot (no clamping onto as_of).
      if (!happened || loss + lag > asOf) continue;
      out.push(finishClaim(random, model, tv, coverages, happened, loss, loss + lag, null, asOf, inception, sev(tv.vehicle)));
    }
  }
}

/** A claim `--where` asks for, on an in-force day of a term inside its window. */
function place(random: RandomStream, model: ClaimModel, placement: Placement, terms: readonly TermVehicle[], ctx: ClaimPlanContext, asOf: number, inception: number, sev: (v: Vehicle) => number, key: string): PlannedClaim {
  const candidates: { tv: TermVehicle; first: number; last: number; combos: { cause: LossCause; atFault: boolean; code: ExposureCode }[] }[] = [];
  for (const tv of terms) {
    const first = Math.max(tv.first, placement.first);
    const last = Math.min(tv.last, placement.last);
    if (first > last) continue;
    const combos = placement.combos.flatMap((c) => c.codes.filter((code) => tv.lines.has(code)).map((code) => ({ cause: c.cause, atFault: c.atFault, code })));
    if (combos.length) candidates.push({ tv, first, last, combos });
  }
  if (candidates.length === 0) {
    throw new Error(`--where ${key}: the account has no vehicle on a policy term in force on a day of ${fromDayNumber(placement.first)} to ${fromDayNumber(placement.last)} carrying a line such a claim is paid from (${[...new Set(placement.combos.flatMap((c) => c.codes))].join(', ')}), so the claim cannot be placed`);
  }
  const total = candidates.reduce((s, c) => s + c.last - c.first + 1, 0);
  let target = Math.floor(random.next() * total);
  let chosen = candidates[candidates.length - 1]!;
  for (const c of candidates) {
    const days = c.last - c.first + 1;
    if (target < days) { chosen = c; break; }
    target -= days;
  }
  let loss = chosen.first + Math.min(target, chosen.last - chosen.first);
  // A `!=` day: the next allowed day of the range, else the one before.
  const okDay = (d: number) => meetsAll(placement.lossTerms, fromDayNumber(d));
  if (!okDay(loss)) {
    let d = loss;
    while (d <= chosen.last && !okDay(d)) d++;
    if (d > chosen.last) for (d = loss; d >= chosen.first && !okDay(d); d--);
    loss = d;
  }
  const combo = chosen.combos[weightedPick(random.next(), chosen.combos.map((c) => PLACED_CAUSE_WEIGHTS[c.cause] * (c.atFault ? 0.55 : 0.45)))]!;
  const statuses = placement.statuses.filter((s) => s !== 'reopened' || loss <= asOf - 2);
  const status = statuses[weightedPick(random.next(), statuses.map((s) => (s === 'open' ? 35 : s === 'closed' ? 60 : 5)))] ?? 'open';
  const drafts = placedDrafts(random, model, combo, chosen.tv.lines);
  const room = asOf - loss - (status === 'reopened' ? 2 : 0);
  const lag = delayDays(random.next(), model.report_lag.median_days, model.report_lag.sigma, 0, room);
  const occurrence: Occurrence = { cause: combo.cause, atFault: combo.atFault, subrogation: !combo.atFault && combo.cause === 'collision' && random.bool(0.8), drafts };
  return finishClaim(random, model, chosen.tv, ctx.deps.coverage, occurrence, loss, loss + lag, status, asOf, inception, sev(chosen.tv.vehicle));
}

function weightedPick(u: number, weights: readonly number[]): number {
  return weighted(u, weights.map((w, i) => [i, w] as const));
}

/** The exposures of a placed claim: its first on the line asked for, then what such a claim also files. */
function placedDrafts(random: RandomStream, model: ClaimModel, combo: { cause: LossCause; atFault: boolean; code: ExposureCode }, lines: ReadonlyMap<string, number>): Draft[] {
  const drafts: Draft[] = [];
  const index = lines.get(combo.code)!;
  const firstType: ExposureType = combo.cause === 'liability_pd' ? 'property_damage' : combo.cause === 'liability_bi' || combo.code === 'UMBI' || combo.code === 'UIMBI' ? 'bodily_injury' : combo.code === 'MEDPAY' || combo.code === 'PIP' ? 'medical' : 'vehicle_damage';
  const third = firstType === 'property_damage' || firstType === 'bodily_injury' && THIRD_PARTY_CODES.has(combo.code);
  drafts.push({ code: combo.code, coverageIndex: index, exposureType: firstType, claimantNumber: third ? 2 : 1 });
  const p = model.scenarios.at_fault_other_party;
  if (combo.cause === 'collision' && combo.atFault) {
    const otherParty = random.bool(0.7);
    const injured = random.bool(p.bi_share) ? weighted(random.next(), p.bi_claimants) : 0;
    if (otherParty) thirdParty(lines, true, injured, drafts);
  }
  if (combo.cause === 'liability_bi') {
    const property = random.bool(0.8);
    const pd = liability(lines, 'PD');
    if (property && pd) add(drafts, { code: pd.code, coverageIndex: pd.index, exposureType: 'property_damage', claimantNumber: 2 });
  }
  if (combo.cause === 'collision' || combo.cause === 'liability_bi' || combo.cause === 'liability_pd' || combo.cause === 'uninsured_motorist') {
    if (!drafts.some((d) => d.exposureType === 'medical')) medical(random, lines, p.medical_share, p.pip_share, drafts);
  }
  return drafts;
}

/** Money, dates and status of an occurrence reported on `report`; `want` a status --where asks for (null: as drawn). */
function finishClaim(random: RandomStream, model: ClaimModel, tv: TermVehicle, coverages: readonly Coverage[], o: Occurrence, loss: number, report: number, want: ClaimStatus | null, asOf: number, inception: number, severity: number): PlannedClaim {
  // Ultimate indemnity and expense of every exposure, and its days from report to close.
  const amounts = o.drafts.map((d) => {
    const paid = !random.bool(model.no_payment_share[d.code] ?? 0.1);
    const s = model.severity[d.code === 'CSL' ? (d.exposureType === 'bodily_injury' ? 'BI' : 'PD') : d.code]!;
    const causeFactor = d.code === 'COMP' ? compCauseFactor(model, o.cause) : 1;
    const indemnity = lognormal(random.next(), s.mean * causeFactor * severity, s.sigma);
    const e = model.expense[d.code]!;
    const expense = random.bool(e.share) ? lognormal(random.next(), e.mean, e.sigma) : e.otherwise;
    return { ultimate: paid ? cents(Math.max(indemnity, 25)) : 0, expense: cents(expense), delayU: random.next() };
  });
  capToLimits(o.drafts, amounts, coverages);
  const reopenU = random.next();
  const reopenAfterU = random.next();
  const recloseU = random.next();
  const room = asOf - report;
  const main = amounts.reduce((best, a, i) => (a.ultimate > amounts[best]!.ultimate ? i : best), 0);
  const delays = o.drafts.map((d, i) => {
    const cd = model.close_delay[d.code]!;
    const median = cd.median_days * (amounts[i]!.ultimate === 0 ? model.no_payment_close_factor : 1);
    if (want === 'closed') return delayDays(amounts[i]!.delayU, median, cd.sigma, 0, room);
    if (want === 'reopened') return delayDays(amounts[i]!.delayU, median, cd.sigma, 0, room - 1);
    if (want === 'open' && i === main) return delayDays(amounts[i]!.delayU, median, cd.sigma, room + 1);
    return delayDays(amounts[i]!.delayU, median, cd.sigma);
  });
  const firstClose = report + Math.max(...delays);
  // Reopening: drawn for every claim, conditioned for a reopened one.
  const r = model.reopen;
  let reopen: number | null = null;
  let reclose: number | null = null;
  if (want === 'reopened') {
    reopen = firstClose + 1 + Math.floor(reopenAfterU * Math.min(r.after_days[1], asOf - firstClose));
    reclose = reopen + delayDays(recloseU, r.reclose_median_days, r.reclose_sigma, asOf - reopen + 1);
  } else if (want === null && reopenU < r.share) {
    reopen = firstClose + r.after_days[0] + Math.floor(reopenAfterU * (r.after_days[1] - r.after_days[0] + 1));
    reclose = reopen + delayDays(recloseU, r.reclose_median_days, r.reclose_sigma);
  }
  const reopened = firstClose <= asOf && reopen !== null && reopen <= asOf;
  const status: ClaimStatus = firstClose > asOf ? 'open' : !reopened ? 'closed' : reclose! <= asOf ? 'closed' : 'reopened';
  const claim: PlannedClaim = {
    policyIndex: tv.policyIndex, vehicleId: tv.vehicle.vehicle_id, driverId: tv.driverId, state: tv.state,
    loss, report, cause: o.cause, atFault: o.atFault, status,
    closed: firstClose > asOf ? null : reopened && reclose! <= asOf ? reclose : firstClose,
    reopened: reopened ? reopen : null,
    siu: false, exposures: [],
  };
  const siuDraw = random.next();
  const siu = (Number.isFinite(inception) && loss - inception < model.siu.inception_days) || siuDraw < model.siu.base_rate;
  const supplementShare = r.supplement_share[0] + random.next() * (r.supplement_share[1] - r.supplement_share[0]);
  claim.exposures = o.drafts.map((d, i) => {
    const close = report + delays[i]!;
    const second = reopened && i === main ? { start: reopen!, end: reclose!, share: supplementShare } : null;
    return exposureMoney(random, model, d, amounts[i]!, report, close, second, o, coverages[d.coverageIndex]!, asOf);
  });
  return { ...claim, siu };
}

const causeFactors = new WeakMap<ClaimModel, ReadonlyMap<string, number>>();

/** A comprehensive cause's severity relative to the mean, normalised so the causes' mix averages 1 (the mean stays the ISO figure). */
function compCauseFactor(model: ClaimModel, cause: LossCause): number {
  let factors = causeFactors.get(model);
  if (!factors) {
    const mix = model.scenarios.comprehensive.causes;
    const by = model.severity.COMP!.by_cause ?? {};
    const total = Object.values(mix).reduce((a, b) => a + b, 0);
    const mean = Object.entries(mix).reduce((sum, [c, w]) => sum + (w / total) * (by[c] ?? 1), 0);
    factors = new Map(Object.entries(mix).map(([c]) => [c, (by[c] ?? 1) / mean]));
    causeFactors.set(model, factors);
  }
  return factors.get(cause) ?? 1;
}

/** Per-person limits on each exposure, then per-accident (or single) limits over the claim. */
function capToLimits(drafts: readonly Draft[], amounts: { ultimate: number }[], coverages: readonly Coverage[]): void {
  const byCoverage = new Map<number, number[]>();
  drafts.forEach((d, i) => {
    const c = coverages[d.coverageIndex]!;
    if (c.limit_per_person !== null && d.code !== 'CSL') amounts[i]!.ultimate = Math.min(amounts[i]!.ultimate, c.limit_per_person);
    (byCoverage.get(d.coverageIndex) ?? byCoverage.set(d.coverageIndex, []).get(d.coverageIndex)!).push(i);
  });
  for (const [index, members] of byCoverage) {
    const c = coverages[index]!;
    const limit = c.coverage_code === 'CSL' ? c.limit_single : c.limit_per_accident;
    if (limit === null) continue;
    const sum = members.reduce((s, i) => s + amounts[i]!.ultimate, 0);
    if (sum <= limit) continue;
    for (const i of members) amounts[i]!.ultimate = Math.floor((amounts[i]!.ultimate * limit) / sum * 100) / 100;
  }
}

/** Splits `total` (dollars) into `k` parts in cents that add up exactly. */
function split(random: RandomStream, total: number, k: number): number[] {
  const weights = Array.from({ length: k }, () => 0.5 + random.next());
  const sum = weights.reduce((a, b) => a + b, 0);
  const cents100 = Math.round(total * 100);
  const parts = weights.map((w) => Math.floor((cents100 * w) / sum));
  parts[k - 1]! += cents100 - parts.reduce((a, b) => a + b, 0);
  return parts.map((c) => c / 100);
}

const PAYMENTS: Readonly<Record<string, readonly (readonly [number, number])[]>> = {
  BI: [[1, 70], [2, 30]], CSL: [[1, 75], [2, 25]], UMBI: [[1, 70], [2, 30]], UIMBI: [[1, 70], [2, 30]],
  MEDPAY: [[1, 40], [2, 35], [3, 25]], PIP: [[1, 25], [2, 30], [3, 25], [4, 20]],
};

/**
 * An exposure's dated transactions and its totals as of as_of. Reserves are
 * changes per cost type: set on the report day, raised before a payment to
 * what is left to pay, taken down to zero on the closing day; so the
 * outstanding reserve (reserves minus payments, per cost type) never goes
 * below zero and is zero once closed. Recoveries (salvage on a total loss,
 * subrogation when the other party was at fault) come after the payments.
 * Nothing after as_of is written.
 */
function exposureMoney(
  random: RandomStream, model: ClaimModel, d: Draft, a: { ultimate: number; expense: number }, report: number, close: number,
  second: { start: number; end: number; share: number } | null, o: Occurrence, coverage: Coverage, asOf: number,
): PlannedExposure {
  const events: { day: number; order: number; kind: 'open' | 'pay' | 'close'; cost: CostType; amount: number }[] = [];
  const estimateNoise = () => lognormal(random.next(), 1, 0.45);
  const fallback = model.severity[d.code === 'CSL' ? 'PD' : d.code]!.mean * 0.4;
  const segment = (start: number, end: number, indemnity: number, expense: number) => {
    events.push({ day: start, order: 0, kind: 'open', cost: 'indemnity', amount: cents(Math.max(100, (indemnity > 0 ? indemnity : fallback) * estimateNoise())) });
    if (expense > 0) events.push({ day: start, order: 0, kind: 'open', cost: 'expense', amount: cents(Math.max(50, expense * estimateNoise())) });
    if (indemnity > 0) {
      const k = weighted(random.next(), PAYMENTS[d.code] ?? [[1, 80], [2, 20]]);
      const parts = split(random, indemnity, k);
      const days = parts.map((_, j) => (j === k - 1 ? end : start + Math.floor(random.next() * (end - start + 1)))).sort((x, y) => x - y);
      parts.forEach((amount, j) => events.push({ day: days[j]!, order: 1, kind: 'pay', cost: 'indemnity', amount }));
    }
    if (expense > 0) events.push({ day: start + Math.floor(random.next() * (end - start + 1)), order: 1, kind: 'pay', cost: 'expense', amount: expense });
    events.push({ day: end, order: 2, kind: 'close', cost: 'indemnity', amount: 0 }, { day: end, order: 2, kind: 'close', cost: 'expense', amount: 0 });
  };
  const supplement = second ? cents(a.ultimate * second.share) : 0;
  segment(report, close, cents(a.ultimate - supplement), a.expense);
  if (second) segment(second.start, second.end, supplement, 0);
  events.sort((x, y) => x.day - y.day || x.order - y.order);

  const transactions: PlannedTransaction[] = [];
  const outstanding = { indemnity: 0, expense: 0 };
  const paid = { indemnity: 0, expense: 0 };
  const remainingOf = (cost: CostType, from: number) => events.slice(from).filter((e) => e.kind === 'pay' && e.cost === cost).reduce((s, e) => s + e.amount, 0);
  let lastClose: number | null = null;
  let lastPayment = -1;
  events.forEach((e, i) => {
    if (e.day > asOf) return;
    const reserve = (amount: number) => {
      const value = cents(amount);
      if (value === 0) return;
      transactions.push({ day: e.day, type: 'reserve', costType: e.cost, recoveryType: null, amount: value });
      outstanding[e.cost] = cents(outstanding[e.cost] + value);
    };
    if (e.kind === 'open') reserve(e.amount);
    if (e.kind === 'pay') {
      // Before a payment the reserve holds at least what is left to pay in this segment (the open, pay and close of a segment are its events up to its close).
      const segmentEnd = events.findIndex((x, j) => j >= i && x.kind === 'close' && x.cost === e.cost);
      const left = cents(remainingOf(e.cost, i) - remainingOf(e.cost, segmentEnd));
      if (outstanding[e.cost] < left) reserve(left - outstanding[e.cost]);
      transactions.push({ day: e.day, type: 'payment', costType: e.cost, recoveryType: null, amount: e.amount });
      outstanding[e.cost] = cents(outstanding[e.cost] - e.amount);
      paid[e.cost] = cents(paid[e.cost] + e.amount);
      if (e.cost === 'indemnity') lastPayment = e.day;
    }
    if (e.kind === 'close') {
      reserve(-outstanding[e.cost]);
      lastClose = e.day;
    }
  });
  const finalClose = second && second.start <= asOf ? second.end : close;
  const closed = finalClose <= asOf;

  // Recoveries on what the first segment paid, after its last payment.
  let salvage = 0;
  let subrogation = 0;
  const firstPaid = cents(a.ultimate - supplement);
  const salvageDraw = random.next();
  const salvageDays = random.int(15, 90);
  const subroDraw = random.next();
  const subroShare = random.next();
  const subroDays = random.int(45, 300);
  if (firstPaid > 0 && close <= asOf && lastPayment >= 0) {
    const threshold = model.total_loss_threshold[d.code];
    if (threshold !== undefined && firstPaid >= threshold && close + salvageDays <= asOf) {
      const [lo, hi] = model.salvage_share;
      salvage = cents(firstPaid * (lo + salvageDraw * (hi - lo)));
      transactions.push({ day: close + salvageDays, type: 'recovery', costType: null, recoveryType: 'salvage', amount: salvage });
    }
    if (o.subrogation && d.code === 'COLL' && subroDraw < 0.9 && close + subroDays <= asOf) {
      const [lo, hi] = model.subrogation_share;
      subrogation = cents(Math.min(firstPaid * (lo + subroShare * (hi - lo)), firstPaid - salvage));
      if (subrogation > 0) transactions.push({ day: close + subroDays, type: 'recovery', costType: null, recoveryType: 'subrogation', amount: subrogation });
      else subrogation = 0;
    }
  }
  transactions.sort((x, y) => x.day - y.day);
  const reserve = cents(outstanding.indemnity + outstanding.expense);
  return {
    claimIndex: -1, coverageIndex: d.coverageIndex, code: d.code, exposureType: d.exposureType,
    claimantType: THIRD_PARTY_CODES.has(d.code) ? 'third_party' : 'insured', claimantNumber: d.claimantNumber,
    status: closed ? 'closed' : 'open', closedDay: closed ? lastClose : null,
    reserve, paidIndemnity: paid.indemnity, paidExpense: paid.expense,
    deductible: DEDUCTIBLE_CODES.has(d.code) && paid.indemnity > 0 ? (coverage.deductible ?? 0) : 0,
    salvage, subrogation, transactions,
  };
}

export { COMPREHENSIVE_CAUSES, CAUSE_RULES };
