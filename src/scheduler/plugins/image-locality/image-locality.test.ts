import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleState } from '../../framework/cycle-state.js';
import { makeNode, makePod, nodeInfo, podInfo, testHandle } from '../../testing/fixtures.js';
import { calculatePriority, newImageLocality, normalizedImageName } from './image-locality.js';

const mb = 1024 * 1024;

describe('ImageLocality', () => {
  it('normalizes image names as node status reports them', () => {
    assert.equal(normalizedImageName('nginx'), 'nginx:latest');
    assert.equal(normalizedImageName('registry:5000/app'), 'registry:5000/app:latest');
    assert.equal(normalizedImageName('app:1.0'), 'app:1.0');
  });

  const cases = [
    { name: 'below the minimum threshold', sum: 10 * mb, containers: 1, want: 0 },
    { name: 'at the maximum', sum: 1000 * mb, containers: 1, want: 100 },
    { name: 'in between', sum: 500 * mb, containers: 1, want: 48 },
    { name: 'the maximum grows with containers', sum: 1000 * mb, containers: 2, want: 49 },
  ];
  for (const tc of cases) it(tc.name, () => assert.equal(calculatePriority(tc.sum, tc.containers), tc.want));

  it('scales image sizes by how many nodes have them', () => {
    const nodes = [
      nodeInfo(makeNode('with', { images: [{ names: ['app:1'], sizeBytes: 500 * mb }] })),
      nodeInfo(makeNode('without')),
    ];
    const plugin = newImageLocality(undefined, testHandle(nodes));
    const pod = podInfo(makePod({ image: 'app:1' }));
    // 500 MiB × 1/2 nodes = 250 MiB → (250-23)/(1000-23) × 100 = 23.
    assert.equal(plugin.score(new CycleState(), pod, nodes[0]!), 23);
    assert.equal(plugin.score(new CycleState(), pod, nodes[1]!), 0);
  });
});
