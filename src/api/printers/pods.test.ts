import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../object.js';
import { podPrinter, podTemplatePrinter } from './pods.js';

const now = new Date('2025-01-01T12:00:00Z');

const nginx: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'nginx', namespace: 'default', creationTimestamp: '2025-01-01T11:55:00Z' },
  spec: {
    nodeName: 'node-a',
    containers: [{ name: 'nginx', image: 'nginx:1.27' }],
    readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }],
  },
  status: {
    phase: 'Running',
    podIP: '10.244.0.5',
    podIPs: [{ ip: '10.244.0.5' }, { ip: 'fd00::5' }],
    conditions: [
      { type: 'Ready', status: 'True' },
      { type: 'example.com/lb', status: 'True' },
      { type: 'example.com/dns', status: 'False' },
    ],
    containerStatuses: [
      {
        name: 'nginx',
        image: 'nginx:1.27',
        imageID: '',
        ready: true,
        restartCount: 0,
        started: true,
        state: { running: { startedAt: '2025-01-01T11:55:10Z' } },
      },
    ],
  },
};

test('pod columns are upstream 1.32 names, types and priorities', () => {
  assert.deepEqual(
    podPrinter.columns.map((c) => [c.name, c.type, c.format, c.priority]),
    [
      ['Name', 'string', 'name', 0],
      ['Ready', 'string', '', 0],
      ['Status', 'string', '', 0],
      ['Restarts', 'string', '', 0],
      ['Age', 'string', '', 0],
      ['IP', 'string', '', 1],
      ['Node', 'string', '', 1],
      ['Nominated Node', 'string', '', 1],
      ['Readiness Gates', 'string', '', 1],
    ],
  );
});

test('a running pod prints every cell, wide ones included', () => {
  assert.deepEqual(podPrinter.row(nginx, now), {
    cells: ['nginx', '1/1', 'Running', '0', '5m', '10.244.0.5', 'node-a', '<none>', '1/2'],
  });
});

test('an unscheduled pod prints <none> for IP, node and gates; a nominated node shows', () => {
  const pending: KubeObject = {
    metadata: { name: 'big', creationTimestamp: '2025-01-01T11:59:30Z' },
    spec: { containers: [{ name: 'c' }] },
    status: { phase: 'Pending', nominatedNodeName: 'node-b' },
  };
  assert.deepEqual(podPrinter.row(pending, now).cells, [
    'big',
    '0/1',
    'Pending',
    '0',
    '30s',
    '<none>',
    '<none>',
    'node-b',
    '<none>',
  ]);
});

test('a finished pod carries the Completed row condition; podIP alone still prints', () => {
  const done: KubeObject = {
    metadata: { name: 'job-x', creationTimestamp: '2024-12-31T12:00:00Z' },
    spec: { containers: [{ name: 'c' }] },
    status: {
      phase: 'Succeeded',
      podIP: '10.0.0.9',
      containerStatuses: [
        {
          name: 'c',
          image: 'c',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { terminated: { exitCode: 0, reason: 'Completed' } },
        },
      ],
    },
  };
  const row = podPrinter.row(done, now);
  assert.deepEqual(row.cells.slice(0, 6), ['job-x', '0/1', 'Completed', '0', '24h', '10.0.0.9']);
  assert.deepEqual(row.conditions, [
    {
      type: 'Completed',
      status: 'True',
      reason: 'Succeeded',
      message: 'The pod has completed successfully.',
    },
  ]);
});

test('pod templates print containers, images and labels, without an Age column', () => {
  const template: KubeObject = {
    metadata: { name: 'tmpl', creationTimestamp: '2025-01-01T11:00:00Z' },
    template: {
      metadata: { labels: { tier: 'web', app: 'shop' } },
      spec: {
        containers: [
          { name: 'web', image: 'nginx' },
          { name: 'log', image: 'fluentd:v1' },
        ],
      },
    },
  };
  assert.deepEqual(
    podTemplatePrinter.columns.map((c) => c.name),
    ['Name', 'Containers', 'Images', 'Pod Labels'],
  );
  assert.deepEqual(podTemplatePrinter.row(template, now).cells, [
    'tmpl',
    'web,log',
    'nginx,fluentd:v1',
    'app=shop,tier=web',
  ]);
});
