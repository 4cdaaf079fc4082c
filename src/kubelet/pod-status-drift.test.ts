import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kubeletConditionsDrifted } from './pod-status-drift.js';

const written = [
  { type: 'PodScheduled', status: 'True' },
  { type: 'Ready', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z' },
  { type: 'ContainersReady', status: 'True' },
];

describe('kubeletConditionsDrifted', () => {
  it('sees no drift when the API shows what the kubelet wrote, whatever the timestamps', () => {
    const api = written.map((c) => ({ ...c, lastTransitionTime: '2030-01-01T00:00:00Z' }));
    assert.equal(kubeletConditionsDrifted(api, written), false);
  });

  it('sees a kubelet condition another writer changed or removed', () => {
    const notReady = written.map((c) => (c.type === 'Ready' ? { ...c, status: 'False' } : c));
    assert.equal(kubeletConditionsDrifted(notReady, written), true);
    assert.equal(kubeletConditionsDrifted(written.slice(0, 1), written), true);
    assert.equal(kubeletConditionsDrifted(undefined, written), true);
  });

  it('ignores conditions the kubelet does not own', () => {
    const gate = [...written, { type: 'example.com/lb', status: 'False' }];
    assert.equal(kubeletConditionsDrifted(written, gate), false);
  });
});
