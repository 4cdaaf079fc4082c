// Upstream's APF configuration-producer rules (kubernetes pkg/registry/flowcontrol/ensurer) for an
// object that exists: whether its spec goes back to the bootstrap value, and how the
// `apf.kubernetes.io/autoupdate-spec` annotation records that decision.
//
// Mandatory objects always get the bootstrap spec back, and the annotation "true" — even over an
// operator's "false". A suggested object follows its annotation when it holds a Go boolean; without
// one, an object still at generation 1 has never been edited and is updated (annotation "true"),
// an edited one is left to the operator (annotation "false").

import type { KubeObject } from '../../api/object.js';
import { parseGoBool } from '../../base/go-bool.js';
import { defaultObject } from '../../api/defaults/default-object.js';
import { autoUpdateAnnotation, exemptName } from '../../api/flowcontrol/mandatory-configuration.js';
import { specsEqual } from '../../api/flowcontrol/spec-equal.js';

/** The two flowcontrol kinds. */
export type ConfigurationKind = 'FlowSchema' | 'PriorityLevelConfiguration';

function annotationOf(object: KubeObject): string | undefined {
  return object.metadata?.annotations?.[autoUpdateAnnotation];
}

function autoUpdatesSpec(current: KubeObject): boolean {
  return parseGoBool(annotationOf(current)) ?? current.metadata?.generation === 1;
}

/**
 * True when `current`'s spec is what the bootstrap object's becomes once defaulted; the exempt
 * priority level's `exempt` member belongs to the operator and is not compared.
 */
export function specMatchesBootstrap(
  kind: ConfigurationKind,
  bootstrap: KubeObject,
  current: KubeObject,
): boolean {
  const expected = structuredClone(bootstrap);
  defaultObject('flowcontrol.apiserver.k8s.io', 'v1', kind, expected);
  const spec = expected['spec'] as Record<string, unknown>;
  const actual = current['spec'] as Record<string, unknown> | undefined;
  if (kind === 'PriorityLevelConfiguration' && bootstrap.metadata?.name === exemptName) {
    const exempt = actual?.['exempt'] as Record<string, unknown> | undefined;
    if (exempt === undefined || exempt === null) return false;
    spec['exempt'] = {
      nominalConcurrencyShares: exempt['nominalConcurrencyShares'],
      lendablePercent: exempt['lendablePercent'],
    };
  }
  return specsEqual(spec, actual);
}

/**
 * The object to write back over `current` (its spec and/or annotation revised), or undefined when
 * it is up to date. `current` is not changed.
 */
export function reviseIfNeeded(
  kind: ConfigurationKind,
  current: KubeObject,
  bootstrap: KubeObject,
  mandatory: boolean,
): KubeObject | undefined {
  const autoUpdate = mandatory || autoUpdatesSpec(current);
  const annotationStale = parseGoBool(annotationOf(current)) !== autoUpdate;
  const specStale = autoUpdate && !specMatchesBootstrap(kind, bootstrap, current);
  if (!annotationStale && !specStale) return undefined;
  const revised = structuredClone(current);
  if (specStale) revised['spec'] = structuredClone(bootstrap['spec']);
  if (annotationStale) {
    const meta = (revised.metadata ??= {});
    meta.annotations = { ...meta.annotations, [autoUpdateAnnotation]: String(autoUpdate) };
  }
  return revised;
}
