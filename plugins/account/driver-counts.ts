/** How many scheduled drivers a business has, by its fleet (household-plan.ts businessPlan draws one of these). */

/** The most scheduled drivers a business has (person numbers: book-layout.ts). */
export const MAX_DRIVERS = 50;

/** The driver counts a fleet of `fleet` vehicles may have: the fleet up to 4 vehicles, else 0.9-1.15 times it (rounded), 1-50. */
export function driverCounts(fleet: number): number[] {
  if (fleet <= 4) return [fleet];
  const lo = Math.max(1, Math.min(MAX_DRIVERS, Math.round(fleet * 0.9)));
  const hi = Math.max(1, Math.min(MAX_DRIVERS, Math.round(fleet * 1.15)));
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}
