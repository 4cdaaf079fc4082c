// --container-log-max-size and --container-log-max-files as upstream checks them: the size is a
// quantity that must be a whole number of bytes (negative turns rotation off), the file count at
// least 2.
import { isWholeQuantity, parseQuantity, quantityCeil } from '../../api/validation/resource-quantity.js';
import { goQuote } from '../../machinery/errors/index.js';
import type { ContainerLogRotation } from './container-log-manager.js';

const quantityPattern =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** Bytes of a --container-log-max-size such as "10Mi"; throws upstream's message when malformed. */
export function parseContainerLogMaxSize(text: string): number {
  const q = parseQuantity(text);
  if (q === undefined)
    throw new Error(`failed to parse container log max size ${goQuote(text)}: ${quantityPattern}`);
  if (!isWholeQuantity(q))
    throw new Error(`failed to parse container log max size ${goQuote(text)}: invalid max log size`);
  return Number(quantityCeil(q));
}

/** The rotation settings from the two flags' texts (absent ones keep upstream's defaults). */
export function containerLogRotationFlags(
  maxSize: string | undefined,
  maxFiles: string | undefined,
): ContainerLogRotation {
  const out: { maxSizeBytes?: number; maxFiles?: number } = {};
  if (maxSize !== undefined) out.maxSizeBytes = parseContainerLogMaxSize(maxSize);
  if (maxFiles !== undefined) {
    const n = /^[+-]?\d+$/.test(maxFiles.trim()) ? Number(maxFiles) : NaN;
    if (!Number.isSafeInteger(n))
      throw new Error(
        `invalid argument ${goQuote(maxFiles)} for "--container-log-max-files" flag: parse error`,
      );
    if (n < 2)
      throw new Error(
        `invalid configuration: containerLogMaxFiles (--container-log-max-files) ${n} must be equal to or greater than 2`,
      );
    out.maxFiles = n;
  }
  return out;
}
