import { availableParallelism } from 'node:os';
import { checkWorkers } from '../../../engine/index.js';

/** `--workers`: a whole number, or `auto` for one per core (os.availableParallelism). Default 1. */
export function parseWorkers(value: string | undefined): number {
  if (value === undefined) return 1;
  if (value.trim().toLowerCase() === 'auto') return availableParallelism();
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return checkWorkers(n, '--workers');
}
