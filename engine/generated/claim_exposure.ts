/* Generated from schemas/claim_exposure.schema.json by `esdh codegen`: do not edit. */

/**
 * One claimant on one coverage of a claim, with its money as of as_of in US dollars: the sums of its transactions.
 */
export interface ClaimExposure {
  exposure_id: string;
  claim_id: string;
  /**
   * A coverage of the claim's policy term, on the claim's vehicle or policy-level
   */
  coverage_id: string;
  /**
   * The coverage's code
   */
  coverage_code: 'BI' | 'PD' | 'CSL' | 'UMBI' | 'UIMBI' | 'UMPD' | 'MEDPAY' | 'PIP' | 'COMP' | 'COLL';
  /**
   * What is claimed: injury, a third party's property, the insured vehicle, medical expenses of the insured's occupants
   */
  exposure_type: 'bodily_injury' | 'property_damage' | 'vehicle_damage' | 'medical';
  /**
   * third_party on BI, PD and CSL; insured otherwise
   */
  claimant_type: 'insured' | 'third_party';
  /**
   * The claimant within the claim: 1 the insured (driver), 2 and up the other parties and occupants
   */
  claimant_number: number;
  status: 'open' | 'closed';
  /**
   * The latest closing; null while open
   */
  closed_date: string | null;
  /**
   * Outstanding reserve (indemnity and expense): reserve changes minus payments
   */
  reserve_outstanding: number;
  /**
   * Indemnity paid, net of the deductible on COMP and COLL
   */
  paid_indemnity: number;
  /**
   * Loss adjustment expense paid
   */
  paid_expense: number;
  /**
   * The deductible taken off the indemnity (COMP and COLL with a payment); 0 otherwise
   */
  deductible_applied: number;
  /**
   * Salvage recovered (total losses)
   */
  recovery_salvage: number;
  /**
   * Subrogation recovered from an at-fault other party
   */
  recovery_subrogation: number;
  /**
   * Gross incurred: paid indemnity + paid expense + outstanding reserve
   */
  incurred: number;
  /**
   * Incurred minus salvage and subrogation recoveries
   */
  net_incurred: number;
  /**
   * Governance marker proving the record is synthetic
   */
  synthetic_source: string;
}
