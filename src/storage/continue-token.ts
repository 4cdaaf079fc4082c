import { StorageError } from './errors.js';

/** What a list continue token pins: the revision of the first page and the next key to return. */
export interface ContinuePoint {
  readonly revision: number;
  readonly startKey: string;
}

/** Encodes a continue point as an opaque URL-safe token. */
export function encodeContinue(point: ContinuePoint): string {
  return Buffer.from(JSON.stringify({ v: 1, rv: point.revision, start: point.startKey })).toString(
    'base64url',
  );
}

/** Decodes a token made by encodeContinue for a list of `prefix`; throws InvalidContinue otherwise. */
export function decodeContinue(token: string, prefix: string): ContinuePoint {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new StorageError('InvalidContinue', 'continue key is not valid');
  }
  const p = parsed as { v?: unknown; rv?: unknown; start?: unknown };
  if (
    p === null ||
    typeof p !== 'object' ||
    p.v !== 1 ||
    typeof p.rv !== 'number' ||
    !Number.isSafeInteger(p.rv) ||
    p.rv <= 0 ||
    typeof p.start !== 'string'
  ) {
    throw new StorageError('InvalidContinue', 'continue key is not valid');
  }
  if (!p.start.startsWith(prefix)) {
    throw new StorageError('InvalidContinue', 'continue key does not belong to this list');
  }
  return { revision: p.rv, startKey: p.start };
}
