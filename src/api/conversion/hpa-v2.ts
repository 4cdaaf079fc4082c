import type { KubeObject } from '../object.js';
import { retag, type ConversionPair } from './conversion-pair.js';
import { withoutRoundTripAnnotations } from './hpa-round-trip.js';

// pkg/apis/autoscaling/v2/conversion.go: v2 is the storage version, yet upstream still passes it
// through the internal version, dropping v1's round-trip annotations both ways so that no stale
// copy of v2 data (say, one a user sent) is ever stored or shown next to the real fields.

function dropRoundTrip(object: KubeObject): KubeObject {
  const out = retag(object, 'autoscaling/v2', 'HorizontalPodAutoscaler');
  const metadata = withoutRoundTripAnnotations(out.metadata);
  return metadata === undefined ? out : { ...out, metadata };
}

/** autoscaling/v2 HorizontalPodAutoscaler, stored as itself minus the v1 round-trip annotations. */
export const hpaV2Pair: ConversionPair = {
  served: { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler' },
  storageApiVersion: 'autoscaling/v2',
  toStorage: dropRoundTrip,
  fromStorage: dropRoundTrip,
};
