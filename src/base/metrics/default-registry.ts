import { Registry } from './registry.js';

let registry: Registry | undefined;

/** The process-wide registry components register into unless they are handed their own. */
export function defaultRegistry(): Registry {
  registry ??= new Registry();
  return registry;
}
