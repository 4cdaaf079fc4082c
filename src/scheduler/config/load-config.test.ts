import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfiguration } from './load-config.js';

describe('KubeSchedulerConfiguration', () => {
  it('defaults everything', () => {
    const c = parseConfiguration(
      'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n',
    );
    assert.equal(c.profiles.length, 1);
    assert.equal(c.profiles[0]!.schedulerName, 'default-scheduler');
    assert.equal(c.podInitialBackoffMs, 1000);
    assert.equal(c.podMaxBackoffMs, 10_000);
    assert.equal(c.percentageOfNodesToScore, 0);
    assert.equal(c.leaderElection.resourceName, 'kube-scheduler');
    assert.equal(c.leaderElection.leaseDurationMs, 15_000);
  });

  it('reads profiles, plugin sets, args and backoff', () => {
    const c = parseConfiguration(`
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
percentageOfNodesToScore: 50
podInitialBackoffSeconds: 2
podMaxBackoffSeconds: 20
leaderElection:
  leaderElect: true
  leaseDuration: 30s
profiles:
- schedulerName: default-scheduler
- schedulerName: bin-packer
  plugins:
    score:
      disabled:
      - name: NodeResourcesBalancedAllocation
      enabled:
      - name: NodeResourcesFit
        weight: 5
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated
`);
    assert.deepEqual(
      c.profiles.map((p) => p.schedulerName),
      ['default-scheduler', 'bin-packer'],
    );
    assert.equal(c.percentageOfNodesToScore, 50);
    assert.equal(c.podInitialBackoffMs, 2000);
    assert.equal(c.podMaxBackoffMs, 20_000);
    assert.equal(c.leaderElection.leaseDurationMs, 30_000);
    const packer = c.profiles[1]!;
    assert.deepEqual(packer.plugins?.score?.enabled, [{ name: 'NodeResourcesFit', weight: 5 }]);
    assert.deepEqual(packer.pluginConfig?.[0]?.args, { scoringStrategy: { type: 'MostAllocated' } });
  });

  const invalid = [
    {
      name: 'wrong version',
      doc: 'apiVersion: kubescheduler.config.k8s.io/v1beta2\nkind: KubeSchedulerConfiguration',
      err: /no kind "KubeSchedulerConfiguration" is registered for version/,
    },
    {
      name: 'percentage out of range',
      doc: 'percentageOfNodesToScore: 101',
      err: /not in valid range \[0-100\]/,
    },
    {
      name: 'max backoff below initial',
      doc: 'podInitialBackoffSeconds: 5\npodMaxBackoffSeconds: 2',
      err: /podMaxBackoffSeconds/,
    },
    {
      name: 'duplicate profile',
      doc: 'profiles:\n- schedulerName: a\n- schedulerName: a',
      err: /Duplicate value: "a"/,
    },
  ];
  for (const tc of invalid)
    it(`rejects: ${tc.name}`, () => {
      const doc = tc.doc.startsWith('apiVersion')
        ? tc.doc
        : `apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n${tc.doc}`;
      assert.throws(() => parseConfiguration(doc), tc.err);
    });
});
