import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mandatoryPriorityLevels } from '../flowcontrol/mandatory-configuration.js';
import type { KubeObject } from '../object.js';
import { fieldErrorMessage } from './field-error.js';
import { validateObject } from './validate-object.js';

const create = (o: KubeObject): string[] =>
  validateObject('flowcontrol.apiserver.k8s.io', 'PriorityLevelConfiguration', o).map(fieldErrorMessage);

function level(spec: Record<string, unknown>, name = 'team-a'): KubeObject {
  return { metadata: { name }, spec };
}

function limited(fields: Record<string, unknown>): KubeObject {
  return level({
    type: 'Limited',
    limited: {
      nominalConcurrencyShares: 10,
      lendablePercent: 0,
      limitResponse: { type: 'Reject' },
      ...fields,
    },
  });
}

const queue = (queuing: Record<string, unknown>) => ({ limitResponse: { type: 'Queue', queuing } });

describe('PriorityLevelConfiguration validation', () => {
  it('accepts limited levels, with zero shares too (a level that only borrows)', () => {
    assert.deepEqual(create(limited({})), []);
    assert.deepEqual(create(limited({ nominalConcurrencyShares: 0, borrowingLimitPercent: 300 })), []);
    assert.deepEqual(create(limited(queue({ queues: 64, handSize: 8, queueLengthLimit: 50 }))), []);
  });

  it('keeps shares non-negative and percentages in range', () => {
    assert.deepEqual(
      create(limited({ nominalConcurrencyShares: -1, lendablePercent: 101, borrowingLimitPercent: -1 })),
      [
        'spec.limited.nominalConcurrencyShares: Invalid value: -1: must be a non-negative integer',
        'spec.limited.lendablePercent: Invalid value: 101: must be between 0 and 100, inclusive',
        'spec.limited.borrowingLimitPercent: Invalid value: -1: if specified, must be a non-negative integer',
      ],
    );
  });

  it('requires queuing to queue and forbids it to reject, with upstream wording', () => {
    assert.deepEqual(create(limited({ limitResponse: { type: 'Queue' } })), [
      'spec.limited.limitResponse.queuing: Required value: must not be empty if limited.limitResponse.type is Limited',
    ]);
    assert.deepEqual(create(limited({ limitResponse: { type: 'Reject', queuing: { queues: 1 } } })), [
      'spec.limited.limitResponse.queuing: Forbidden: must be nil if limited.limitResponse.type is not Limited',
    ]);
    assert.deepEqual(create(limited({ limitResponse: { type: 'Drop' } })), [
      'spec.limited.limitResponse.type: Unsupported value: "Drop": supported values: "Queue", "Reject"',
    ]);
  });

  it('checks the queue shape shuffle sharding needs', () => {
    const q = 'spec.limited.limitResponse.queuing';
    assert.deepEqual(create(limited(queue({ queues: 0, handSize: 0, queueLengthLimit: 0 }))), [
      `${q}.queueLengthLimit: Invalid value: 0: must be positive`,
      `${q}.queues: Invalid value: 0: must be positive`,
      `${q}.handSize: Invalid value: 0: must be positive`,
    ]);
    assert.deepEqual(create(limited(queue({ queues: 7, handSize: 8, queueLengthLimit: 50 }))), [
      `${q}.handSize: Invalid value: 8: should not be greater than queues (7)`,
    ]);
    // 8 × log2(512) = 72 bits of hash, more than the 60 a hand may use.
    assert.deepEqual(create(limited(queue({ queues: 512, handSize: 8, queueLengthLimit: 50 }))), [
      `${q}.handSize: Invalid value: 8: required entropy bits of deckSize 512 and handSize 8 should not be greater than 60`,
    ]);
    assert.deepEqual(create(limited(queue({ queues: 10_000_001, handSize: 2, queueLengthLimit: 50 }))), [
      `${q}.queues: Invalid value: 10000001: must not be greater than 10000000`,
    ]);
    assert.deepEqual(create(limited(queue({ queues: 10_000_000, handSize: 2, queueLengthLimit: 50 }))), []);
  });

  it('makes "exempt" and only it of type Exempt, with exactly the member its type names', () => {
    assert.deepEqual(create(level({ type: 'Exempt', exempt: {} })), [
      "spec.type: Invalid value: \"Exempt\": type must be 'Exempt' if and only if name is 'exempt'",
    ]);
    assert.deepEqual(create(level({ type: 'Limited', exempt: {} })), [
      'spec.exempt: Forbidden: must be nil if the type is Limited',
      'spec.limited: Required value: must not be empty when type is Limited',
    ]);
    assert.deepEqual(create(level({ type: 'Burst' })), [
      'spec.type: Unsupported value: "Burst": supported values: "Exempt", "Limited"',
    ]);
  });

  it('lets operators tune only the exempt member of the exempt level, and nothing of catch-all', () => {
    for (const mandatory of mandatoryPriorityLevels)
      assert.deepEqual(create(structuredClone(mandatory) as KubeObject), [], mandatory.metadata?.name);
    const tuned = level(
      { type: 'Exempt', exempt: { nominalConcurrencyShares: 10, lendablePercent: 10 } },
      'exempt',
    );
    assert.deepEqual(create(tuned), []);
    const broken = level(
      { type: 'Exempt', exempt: { nominalConcurrencyShares: -1, lendablePercent: -1 } },
      'exempt',
    );
    assert.deepEqual(create(broken), [
      'spec.exempt.nominalConcurrencyShares: Invalid value: -1: must be a non-negative integer',
      'spec.exempt.lendablePercent: Invalid value: -1: must be between 0 and 100, inclusive',
    ]);
    const repurposed = create(
      level(
        { type: 'Limited', limited: { nominalConcurrencyShares: 5, limitResponse: { type: 'Reject' } } },
        'exempt',
      ),
    );
    assert.equal(
      repurposed[0],
      "spec.type: Invalid value: \"Limited\": type must be 'Exempt' if and only if name is 'exempt'",
    );
    assert.match(
      repurposed[1] ?? '',
      /^spec: Invalid value: .*: spec of 'exempt' except the 'spec.exempt' field must equal the fixed value$/,
    );
    const catchAll = structuredClone(mandatoryPriorityLevels[0]) as KubeObject;
    (catchAll['spec'] as { limited: { nominalConcurrencyShares: number } }).limited.nominalConcurrencyShares =
      50;
    assert.match(
      create(catchAll).join('\n'),
      /^spec: Invalid value: .*: spec of 'catch-all' must equal the fixed value$/,
    );
  });

  it('forbids the v1beta3 round-trip annotation', () => {
    const annotated = limited({});
    annotated.metadata = {
      name: 'team-a',
      annotations: { 'flowcontrol.k8s.io/v1beta3-preserve-zero-concurrency-shares': '' },
    };
    assert.deepEqual(create(annotated), [
      "metadata.annotations: Forbidden: annotation 'flowcontrol.k8s.io/v1beta3-preserve-zero-concurrency-shares' is forbidden",
    ]);
  });
});
