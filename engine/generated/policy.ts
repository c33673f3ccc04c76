/* Generated from schemas/policy.schema.json by `esdh codegen`: do not edit. */

/**
 * An auto policy term of an account: dates, status, named insured, fees and premium; its drivers, vehicles and coverages are their own entities.
 */
export interface Policy {
  policy_id: string;
  /**
   * Unique and visibly synthetic: QA-<base state>-<7 digits>-<term number>
   */
  policy_number: string;
  account_id: string;
  lob_type: 'Personal' | 'Commercial';
  base_state: string;
  term_months: 6 | 12;
  /**
   * 1 for a new business term, n for its (n-1)th renewal
   */
  term_number: number;
  /**
   * The term this one renews; null for term 1
   */
  prior_policy_id: string | null;
  effective_date: string;
  /**
   * effective_date + term_months, same day of month
   */
  expiration_date: string;
  status: 'quote' | 'in_force' | 'expired' | 'cancelled' | 'non_renewed';
  /**
   * Cancelled terms: a date inside the term, not after as_of; null otherwise
   */
  cancellation_date: string | null;
  /**
   * Cancelled terms only
   */
  cancellation_reason: 'non_payment' | 'insured_request' | 'underwriting' | 'misrepresentation' | 'rewritten' | null;
  /**
   * Personal: the resident who is the named insured; Commercial: null (the business is the named insured)
   */
  named_insured_id: string | null;
  /**
   * Policy and state fees in US dollars
   */
  fees: number;
  /**
   * The coverages' premiums plus fees, in US dollars
   */
  total_premium: number;
  /**
   * Governance marker proving the record is synthetic
   */
  synthetic_source: string;
}
