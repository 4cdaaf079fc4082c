/**
 * Freezes an object graph in place so that writing to a cached object throws (in strict-mode code)
 * instead of silently corrupting the cache — client-go's cache mutation detector, made eager.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}

/**
 * Whether caches freeze objects when not told: K8TS_FREEZE_CACHE=1 forces it on and =0 off;
 * otherwise it is on under `node --test` (which sets NODE_TEST_CONTEXT), so tests catch mutations.
 */
export function freezeCacheByDefault(env: NodeJS.ProcessEnv = process.env): boolean {
  const flag = env['K8TS_FREEZE_CACHE'];
  if (flag !== undefined && flag !== '') return flag === '1' || flag === 'true';
  return env['NODE_TEST_CONTEXT'] !== undefined;
}
