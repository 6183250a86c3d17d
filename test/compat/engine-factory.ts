/**
 * Loads `createEngine` lazily, so the runner builds before (or without) lib/engine.ts.
 */
import type { Engine, EngineOptions } from '../../lib/engine-api';

export type CreateEngine = (opts: EngineOptions) => Engine;

export function loadCreateEngine(): CreateEngine {
  let mod: { createEngine?: CreateEngine };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('../../lib/engine');
  } catch (err) {
    throw new Error(`cannot load lib/engine (${(err as Error).message.split('\n')[0]})`);
  }
  if (typeof mod.createEngine !== 'function') throw new Error('lib/engine does not export createEngine');
  return mod.createEngine;
}
