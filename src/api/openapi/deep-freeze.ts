/** Freezes a JSON-like value and everything under it; already-frozen subtrees are skipped. */
export function deepFreeze<T>(value: T): T {
  // Schemas and documents are shared by every caller through caches: mutation must fail loudly.
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
