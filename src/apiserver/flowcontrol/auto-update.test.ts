import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { parseGoBool } from '../../base/go-bool.js';
import { reviseIfNeeded } from './auto-update.js';
import { mandatoryPriorityLevels, suggestedFlowSchemas } from './bootstrap-configuration.js';

const annotation = 'apf.kubernetes.io/autoupdate-spec';
const globalDefault = suggestedFlowSchemas.find((f) => f.metadata?.name === 'global-default') as KubeObject;
const exempt = mandatoryPriorityLevels.find((p) => p.metadata?.name === 'exempt') as KubeObject;

// An object as stored: the bootstrap one defaulted, with the given generation and annotations.
function stored(bootstrap: KubeObject, generation: number, annotations?: Record<string, string>): KubeObject {
  const o = structuredClone(bootstrap);
  o.metadata = { name: o.metadata?.name, generation, ...(annotations && { annotations }) };
  return o;
}

function edited(o: KubeObject, precedence: number): KubeObject {
  (o['spec'] as { matchingPrecedence: number }).matchingPrecedence = precedence;
  return o;
}

describe('auto-update rules', () => {
  it('parses annotations as Go booleans', () => {
    assert.deepEqual(['1', 't', 'TRUE', 'True', '0', 'F', 'false', 'yes', '', undefined].map(parseGoBool), [
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('leaves an up-to-date object alone', () => {
    assert.equal(
      reviseIfNeeded('FlowSchema', stored(globalDefault, 1, { [annotation]: 'true' }), globalDefault, false),
      undefined,
    );
    assert.equal(
      reviseIfNeeded('FlowSchema', stored(globalDefault, 3, { [annotation]: 'True' }), globalDefault, false),
      undefined,
    );
  });

  it('puts back a suggested spec while its annotation says true', () => {
    const current = edited(stored(globalDefault, 2, { [annotation]: 'true' }), 5);
    const revised = reviseIfNeeded('FlowSchema', current, globalDefault, false);
    assert.equal((revised?.['spec'] as { matchingPrecedence: number }).matchingPrecedence, 9900);
    assert.equal(
      (current['spec'] as { matchingPrecedence: number }).matchingPrecedence,
      5,
      'current is not changed',
    );
  });

  it('keeps a claimed suggested spec, and judges an unannotated one by its generation', () => {
    const claimed = edited(stored(globalDefault, 2, { [annotation]: 'false' }), 5);
    assert.equal(reviseIfNeeded('FlowSchema', claimed, globalDefault, false), undefined);
    const editedBare = reviseIfNeeded(
      'FlowSchema',
      edited(stored(globalDefault, 2), 5),
      globalDefault,
      false,
    );
    assert.equal((editedBare?.['spec'] as { matchingPrecedence: number }).matchingPrecedence, 5);
    assert.equal(editedBare?.metadata?.annotations?.[annotation], 'false');
    const untouched = reviseIfNeeded(
      'FlowSchema',
      edited(stored(globalDefault, 1, { [annotation]: 'maybe' }), 5),
      globalDefault,
      false,
    );
    assert.equal((untouched?.['spec'] as { matchingPrecedence: number }).matchingPrecedence, 9900);
    assert.equal(untouched?.metadata?.annotations?.[annotation], 'true');
  });

  it('always restores mandatory objects, over an annotation of false, but not the exempt member', () => {
    const tuned = stored(exempt, 4, { [annotation]: 'false' });
    (tuned['spec'] as { exempt: object }).exempt = { nominalConcurrencyShares: 10, lendablePercent: 5 };
    const revised = reviseIfNeeded('PriorityLevelConfiguration', tuned, exempt, true);
    assert.equal(revised?.metadata?.annotations?.[annotation], 'true');
    assert.deepEqual(revised?.['spec'], tuned['spec'], 'the operator keeps the exempt shares');
    const repurposed = stored(exempt, 4, { [annotation]: 'true' });
    (repurposed['spec'] as { type: string }).type = 'Limited';
    assert.deepEqual(
      reviseIfNeeded('PriorityLevelConfiguration', repurposed, exempt, true)?.['spec'],
      exempt['spec'],
    );
  });
});
