/* Generated from schemas/policy_vehicle.schema.json by `esdh codegen`: do not edit. */

/**
 * A vehicle scheduled on a policy term, with its principal driver.
 */
export interface PolicyVehicle {
  policy_vehicle_id: string;
  policy_id: string;
  vehicle_id: string;
  /**
   * A driver on the policy, not excluded, licensed or with a permit on the effective date
   */
  principal_driver_id: string;
  /**
   * Governance marker proving the record is synthetic
   */
  synthetic_source: string;
}
