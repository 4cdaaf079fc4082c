import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node } from 'kubernetes-types/core/v1.js';
import { NodeInfo } from '../../framework/node-info.js';
import { DomainCounts, type NodeCount } from './domain-counts.js';

function nodeIn(name: string, zone: string | undefined): NodeInfo {
  const info = new NodeInfo();
  const node: Node = { metadata: { name, labels: zone === undefined ? {} : { zone } } };
  info.setNode(node);
  return info;
}

test('DomainCounts recounts only the nodes whose state changed, and follows moves between domains', () => {
  const nodes = [nodeIn('a', 'z1'), nodeIn('b', 'z2'), nodeIn('c', 'z1'), nodeIn('d', undefined)];
  const pods = new Map([
    ['a', 2],
    ['b', 1],
    ['c', 4],
    ['d', 7],
  ]);
  const counted: string[] = [];
  const count: NodeCount = (node) => {
    counted.push(node.name);
    const zone = node.labels['zone'];
    return zone === undefined ? undefined : { domain: zone, count: pods.get(node.name)! };
  };
  const memo = new DomainCounts();
  assert.deepEqual([...memo.update(nodes, count)].sort(), [
    ['z1', 6],
    ['z2', 1],
  ]);
  assert.deepEqual(counted, ['a', 'b', 'c', 'd']);

  // Nothing changed: nothing is counted again.
  counted.length = 0;
  assert.equal(memo.update(nodes, count).get('z1'), 6);
  assert.deepEqual(counted, []);

  // A node's new state (a new generation) is counted again: a pod more on c, and b moved to z1.
  pods.set('c', 5);
  nodes[2]!.setNode({ metadata: { name: 'c', labels: { zone: 'z1' } } });
  nodes[1]!.setNode({ metadata: { name: 'b', labels: { zone: 'z1' } } });
  counted.length = 0;
  const totals = memo.update(nodes, count);
  assert.deepEqual(counted, ['b', 'c']);
  assert.equal(totals.get('z1'), 8);
  assert.equal(totals.get('z2') ?? 0, 0);

  // Another node in a slot (a node deleted, another listed there) is counted, the old one forgotten.
  counted.length = 0;
  pods.set('e', 10);
  assert.equal(memo.update([nodes[0]!, nodeIn('e', 'z2'), nodes[2]!, nodes[3]!], count).get('z2'), 10);
  assert.deepEqual(counted, ['e']);
  assert.equal(memo.update(nodes.slice(0, 2), count).get('z1'), 3);
});
