import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitErrorMessage, newDiagnosis } from './fit-error.js';
import { NodeToStatus } from './node-to-status.js';
import { Status } from './status.js';

describe('fitErrorMessage', () => {
  it('counts reasons over nodes and sorts them as strings', () => {
    const m = new NodeToStatus();
    m.set('n1', Status.unschedulable('Insufficient cpu'));
    m.set('n2', Status.unschedulable('Insufficient cpu'));
    for (const n of ['n3', 'n4', 'n5'])
      m.set(n, Status.unresolvable('node(s) had untolerated taint {dedicated: db}'));
    const d = newDiagnosis(m);
    assert.equal(
      fitErrorMessage(5, d),
      '0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint {dedicated: db}.',
    );
    d.postFilterMsg = 'preemption: 0/5 nodes are available: 5 No preemption victims found for incoming pod.';
    assert.equal(
      fitErrorMessage(5, d),
      '0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint {dedicated: db}. ' +
        'preemption: 0/5 nodes are available: 5 No preemption victims found for incoming pod..',
    );
  });

  it('a node can give several reasons', () => {
    const m = new NodeToStatus();
    m.set('n1', Status.unschedulable('Insufficient cpu', 'Insufficient memory'));
    assert.equal(
      fitErrorMessage(1, newDiagnosis(m)),
      '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory.',
    );
  });

  it('uses the PreFilter message alone when PreFilter rejected', () => {
    const d = newDiagnosis(new NodeToStatus());
    d.preFilterMsg = 'persistentvolumeclaim "data" not found';
    assert.equal(fitErrorMessage(3, d), '0/3 nodes are available: persistentvolumeclaim "data" not found.');
  });

  it('absent nodes take the absent status', () => {
    const m = new NodeToStatus();
    m.set('n1', Status.unschedulable('Insufficient cpu'));
    m.setAbsentNodesStatus(Status.unresolvable('Preemption is not helpful for scheduling'));
    assert.equal(
      fitErrorMessage(4, newDiagnosis(m)),
      '0/4 nodes are available: 1 Insufficient cpu, 3 Preemption is not helpful for scheduling.',
    );
  });

  it('counts sort as strings, as Go sorts them', () => {
    const m = new NodeToStatus();
    for (let i = 0; i < 10; i++) m.set(`a${i}`, Status.unschedulable('b'));
    m.set('z', Status.unschedulable('a'));
    m.set('y', Status.unschedulable('a'));
    assert.equal(fitErrorMessage(12, newDiagnosis(m)), '0/12 nodes are available: 10 b, 2 a.');
  });
});
