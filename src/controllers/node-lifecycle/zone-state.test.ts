import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeCondition } from 'kubernetes-types/core/v1.js';
import {
  computeZoneState,
  decideDisruption,
  defaultEvictionRates,
  evictionQpsFor,
  zoneKeyOf,
  type ZoneState,
} from './zone-state.js';

const ready: NodeCondition = { type: 'Ready', status: 'True' };
const unknown: NodeCondition = { type: 'Ready', status: 'Unknown' };
const conditions = (up: number, down: number) => [
  ...Array.from({ length: up }, () => ready),
  ...Array.from({ length: down }, () => unknown),
];

describe('zone states', () => {
  it('classifies zones as upstream does', () => {
    assert.deepEqual(computeZoneState(conditions(0, 3), 0.55), { notReady: 3, state: 'FullDisruption' });
    assert.deepEqual(computeZoneState(conditions(2, 3), 0.55), { notReady: 3, state: 'PartialDisruption' });
    // Two unready nodes never make a partial disruption, whatever the share.
    assert.deepEqual(computeZoneState(conditions(1, 2), 0.55), { notReady: 2, state: 'Normal' });
    assert.deepEqual(computeZoneState(conditions(3, 3), 0.55), { notReady: 3, state: 'Normal' });
    assert.deepEqual(computeZoneState([undefined, ready], 0.55), { notReady: 1, state: 'Normal' });
    assert.deepEqual(computeZoneState([], 0.55), { notReady: 0, state: 'Normal' });
  });

  it('picks the tainting rate per state and zone size', () => {
    assert.equal(evictionQpsFor('Normal', 10, defaultEvictionRates), 0.1);
    assert.equal(evictionQpsFor('PartialDisruption', 10, defaultEvictionRates), 0);
    assert.equal(evictionQpsFor('PartialDisruption', 51, defaultEvictionRates), 0.01);
    assert.equal(evictionQpsFor('FullDisruption', 10, defaultEvictionRates), 0.1);
  });

  it('keys zones by region and zone labels', () => {
    assert.equal(zoneKeyOf({ metadata: {} }), '');
    assert.equal(
      zoneKeyOf({
        metadata: { labels: { 'topology.kubernetes.io/region': 'r', 'topology.kubernetes.io/zone': 'z' } },
      }),
      'r:\u0000:z',
    );
    assert.equal(
      zoneKeyOf({ metadata: { labels: { 'failure-domain.beta.kubernetes.io/zone': 'old' } } }),
      ':\u0000:old',
    );
  });
});

describe('decideDisruption', () => {
  const rates = defaultEvictionRates;
  const states = (entries: [string, ZoneState][]) => new Map(entries);

  it('slows a partially disrupted zone and restores it when it recovers', () => {
    const partial = decideDisruption(
      states([
        ['a', 'Normal'],
        ['b', 'Normal'],
      ]),
      new Map([
        ['a', conditions(1, 4)],
        ['b', conditions(3, 0)],
      ]),
      rates,
    );
    assert.equal(partial.states.get('a'), 'PartialDisruption');
    assert.deepEqual([...partial.limiterQps], [['a', 0]]);
    const healed = decideDisruption(
      partial.states,
      new Map([
        ['a', conditions(5, 0)],
        ['b', conditions(3, 0)],
      ]),
      rates,
    );
    assert.deepEqual([...healed.limiterQps], [['a', 0.1]]);
    assert.equal(healed.states.get('a'), 'Normal');
  });

  it('keeps tainting at the normal rate in a fully disrupted zone while another zone is healthy', () => {
    const d = decideDisruption(
      states([
        ['a', 'Normal'],
        ['b', 'Normal'],
      ]),
      new Map([
        ['a', conditions(0, 3)],
        ['b', conditions(2, 0)],
      ]),
      rates,
    );
    assert.equal(d.states.get('a'), 'FullDisruption');
    assert.deepEqual([...d.limiterQps], [['a', 0.1]]);
    assert.equal(d.enteredFullDisruption, false);
  });

  it('stops all tainting when every zone is fully disrupted, and resumes on the way out', () => {
    const all = decideDisruption(
      states([
        ['a', 'Normal'],
        ['b', 'Normal'],
      ]),
      new Map([
        ['a', conditions(0, 3)],
        ['b', conditions(0, 1)],
      ]),
      rates,
    );
    assert.equal(all.enteredFullDisruption, true);
    assert.deepEqual([...all.limiterQps].sort(), [
      ['a', 0],
      ['b', 0],
    ]);
    const still = decideDisruption(
      all.states,
      new Map([
        ['a', conditions(0, 3)],
        ['b', conditions(0, 1)],
      ]),
      rates,
    );
    assert.equal(still.limiterQps.size, 0);
    const back = decideDisruption(
      all.states,
      new Map([
        ['a', conditions(0, 3)],
        ['b', conditions(1, 0)],
      ]),
      rates,
    );
    assert.equal(back.exitedFullDisruption, true);
    assert.deepEqual([...back.limiterQps].sort(), [
      ['a', 0.1],
      ['b', 0.1],
    ]);
    assert.equal(back.states.get('b'), 'Normal');
  });

  it('gives unseen zones the Initial state and forgets vanished ones', () => {
    const d = decideDisruption(states([['gone', 'Normal']]), new Map([['new', conditions(1, 0)]]), rates);
    assert.equal(d.states.has('gone'), false);
    assert.equal(d.states.get('new'), 'Normal');
  });
});
