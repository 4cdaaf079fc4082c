import { randomInt } from 'node:crypto';

// Upstream's alphabet for generated names: no vowels (no accidental words) and no easily confused characters.
const alphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** `n` random characters from upstream's generateName alphabet. */
export function randomNameSuffix(n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}
