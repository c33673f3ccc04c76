/* Generated from schemas/coverage.schema.json by `esdh codegen`: do not edit. */

/**
 * A coverage of a policy term: per vehicle (vehicle_id set) or policy-level (null), with limits, deductible and premium in US dollars.
 */
export interface Coverage {
  coverage_id: string;
  policy_id: string;
  /**
   * The vehicle covered; null for policy-level coverages (HNOA)
   */
  vehicle_id: string | null;
  coverage_code:
    'BI' | 'PD' | 'CSL' | 'UMBI' | 'UMPD' | 'UIMBI' | 'MEDPAY' | 'PIP' | 'COMP' | 'COLL' | 'RENTAL' | 'TOWING' | 'HNOA';
  /**
   * BI, UMBI, UIMBI, MEDPAY, PIP: per person; RENTAL: per day
   */
  limit_per_person: number | null;
  /**
   * BI, UMBI, UIMBI, PD, UMPD: per accident; RENTAL: per loss
   */
  limit_per_accident: number | null;
  /**
   * CSL and HNOA: one combined single limit; TOWING: per disablement
   */
  limit_single: number | null;
  /**
   * COMP, COLL (and UMPD where a state has one)
   */
  deductible: number | null;
  /**
   * Term premium of this coverage, in US dollars (from the rating sketch)
   */
  premium: number;
  /**
   * Commercial covered-auto symbol: 1 any auto, 2 owned, 7 specifically described, 8 hired, 9 non-owned; null for Personal
   */
  symbol: '1' | '2' | '7' | '8' | '9' | null;
  /**
   * Governance marker proving the record is synthetic
   */
  synthetic_source: string;
}
