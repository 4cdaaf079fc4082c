let lastNanos = 0n;

/**
 * Names an event as upstream does, `<object-name>.<unix nanoseconds in hex>`. The clock has only
 * milliseconds, so names are kept strictly increasing within the process: two events about one
 * object in the same millisecond must not collide (the second create would fail AlreadyExists).
 */
export function eventName(objectName: string, nowMs: number): string {
  let nanos = BigInt(Math.floor(nowMs)) * 1_000_000n;
  if (nanos <= lastNanos) nanos = lastNanos + 1n;
  lastNanos = nanos;
  return `${objectName}.${nanos.toString(16)}`;
}
