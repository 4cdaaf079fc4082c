import type { KubeObject } from '../object.js';
import { apiVersionOf, type GroupVersionKind } from '../scheme/resource-type.js';
import { retag, type ConversionPair } from './conversion-pair.js';
import { eventsV1Pair } from './event-v1.js';
import { hpaV1Pair } from './hpa-v1.js';
import { hpaV2Pair } from './hpa-v2.js';

const pairs: readonly ConversionPair[] = [hpaV1Pair, hpaV2Pair, eventsV1Pair];

function pairFor(gvk: GroupVersionKind): ConversionPair | undefined {
  return pairs.find(
    (p) => p.served.group === gvk.group && p.served.version === gvk.version && p.served.kind === gvk.kind,
  );
}

/**
 * A new object in the storage version from one sent in `from`; kinds stored as served come back
 * as a copy with apiVersion and kind set.
 */
export function convertToStorage(
  object: KubeObject,
  from: GroupVersionKind,
  storageApiVersion: string,
): KubeObject {
  const pair = pairFor(from);
  if (pair && pair.storageApiVersion === storageApiVersion) return pair.toStorage(object);
  return retag(object, storageApiVersion, from.kind);
}

/** A new object in the served version `to` from a stored one, with apiVersion and kind set. */
export function convertFromStorage(object: KubeObject, to: GroupVersionKind): KubeObject {
  const pair = pairFor(to);
  return pair ? pair.fromStorage(object) : retag(object, apiVersionOf(to), to.kind);
}
