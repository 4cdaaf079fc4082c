import { maxValueBytes } from './backend.js';
import { StorageError } from './errors.js';

/** Throws InvalidKey unless `key` is a non-empty string without NUL characters. */
export function assertValidKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0)
    throw new StorageError('InvalidKey', 'key must not be empty');
  if (key.includes('\0'))
    throw new StorageError('InvalidKey', `key ${JSON.stringify(key)} contains a NUL character`);
}

/** Throws InvalidKey unless `prefix` is a string without NUL (the empty prefix means every key). */
export function assertValidPrefix(prefix: string): void {
  if (typeof prefix !== 'string') throw new StorageError('InvalidKey', 'prefix must be a string');
  if (prefix.includes('\0')) {
    throw new StorageError('InvalidKey', `prefix ${JSON.stringify(prefix)} contains a NUL character`);
  }
}

/** Throws ValueTooLarge when `value` exceeds the limit every backend shares. */
export function assertValidValue(key: string, value: Uint8Array): void {
  if (!(value instanceof Uint8Array)) throw new StorageError('InvalidKey', `value for ${key} must be bytes`);
  if (value.byteLength > maxValueBytes) {
    throw new StorageError(
      'ValueTooLarge',
      `value for ${key} is ${value.byteLength} bytes, over the limit of ${maxValueBytes} bytes`,
    );
  }
}

/** True when `key` lies under `prefix` (plain string prefix: "/a/" never matches "/ab"). */
export function hasPrefix(key: string, prefix: string): boolean {
  return key.startsWith(prefix);
}

/**
 * The smallest string greater than every string starting with `prefix`, or undefined when none
 * exists (empty prefix). Compares as JS strings (UTF-16 code units), like our sorted indexes do.
 */
export function prefixEnd(prefix: string): string | undefined {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const code = prefix.charCodeAt(i);
    if (code < 0xffff) return prefix.slice(0, i) + String.fromCharCode(code + 1);
  }
  return undefined;
}
