/** The engine tests use: built-in defaults only, no config file, an empty environment. */
import { createEngine, type CreateEngineOptions, type Engine } from '../../engine/index.js';

/**
 * A fresh engine that reads no config file and no process.env (so a
 * DEMO_PROFILE in the shell cannot change a test); options add to that.
 */
export function newEngine(options: CreateEngineOptions = {}): Promise<Engine> {
  return createEngine({ noConfigFile: true, env: {}, ...options });
}
