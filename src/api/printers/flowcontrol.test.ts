import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../object.js';
import { flowSchemaPrinter, priorityLevelConfigurationPrinter } from './flowcontrol.js';

const now = new Date('2025-01-01T12:00:00Z');
const meta = (name: string) => ({ name, creationTimestamp: '2025-01-01T11:58:00Z' });

function flowSchema(name: string, spec: object, status: object = {}): KubeObject {
  return { metadata: meta(name), spec, status };
}

test('flow schemas: every column is a string column', () => {
  assert.deepEqual(
    flowSchemaPrinter.columns.map((c) => `${c.name}:${c.type}:${c.priority}`),
    [
      'Name:string:0',
      'PriorityLevel:string:0',
      'MatchingPrecedence:string:0',
      'DistinguisherMethod:string:0',
      'Age:string:0',
      'MissingPL:string:0',
    ],
  );
});

test('flow schemas print level, precedence, distinguisher ("<none>" when unset) and the Dangling status', () => {
  const byUser = flowSchema(
    'global-default',
    {
      priorityLevelConfiguration: { name: 'global-default' },
      matchingPrecedence: 9900,
      distinguisherMethod: { type: 'ByUser' },
    },
    { conditions: [{ type: 'Dangling', status: 'False' }] },
  );
  assert.deepEqual(flowSchemaPrinter.row(byUser, now).cells, [
    'global-default',
    'global-default',
    9900,
    'ByUser',
    '2m',
    'False',
  ]);
  const dangling = flowSchema(
    'probes',
    { priorityLevelConfiguration: { name: 'gone' }, matchingPrecedence: 2 },
    {
      conditions: [
        { type: 'Other', status: 'True' },
        { type: 'Dangling', status: 'True' },
      ],
    },
  );
  assert.deepEqual(flowSchemaPrinter.row(dangling, now).cells.slice(1), ['gone', 2, '<none>', '2m', 'True']);
});

test('flow schemas without a Dangling condition show "?" for MissingPL', () => {
  const fresh = flowSchema('new', { priorityLevelConfiguration: { name: 'x' }, matchingPrecedence: 1000 });
  assert.equal(flowSchemaPrinter.row(fresh, now).cells[5], '?');
});

test('a list of flow schemas prints by matching precedence, then by name', () => {
  const fs = (name: string, matchingPrecedence: number) =>
    flowSchema(name, { priorityLevelConfiguration: { name: 'x' }, matchingPrecedence });
  const listed = [
    fs('catch-all', 10000),
    fs('kube-scheduler', 800),
    fs('exempt', 1),
    fs('kube-controller-manager', 800),
  ];
  const ordered = flowSchemaPrinter.order?.(listed).map((o) => o.metadata?.name);
  assert.deepEqual(ordered, ['exempt', 'kube-controller-manager', 'kube-scheduler', 'catch-all']);
  assert.deepEqual(
    listed.map((o) => o.metadata?.name),
    ['catch-all', 'kube-scheduler', 'exempt', 'kube-controller-manager'],
    'the input list is left alone',
  );
});

test('priority levels: queuing levels print shares and queue shape', () => {
  const pl: KubeObject = {
    metadata: meta('workload-low'),
    spec: {
      type: 'Limited',
      limited: {
        nominalConcurrencyShares: 100,
        lendablePercent: 90,
        limitResponse: { type: 'Queue', queuing: { queues: 128, handSize: 6, queueLengthLimit: 50 } },
      },
    },
  };
  assert.deepEqual(
    priorityLevelConfigurationPrinter.columns.map((c) => c.type),
    ['string', 'string', 'string', 'string', 'string', 'string', 'string'],
  );
  assert.deepEqual(priorityLevelConfigurationPrinter.row(pl, now).cells, [
    'workload-low',
    'Limited',
    100,
    128,
    6,
    50,
    '2m',
  ]);
});

test('priority levels: "<none>" for queuing when rejecting, and for everything but the type when exempt', () => {
  const reject: KubeObject = {
    metadata: meta('catch-all'),
    spec: { type: 'Limited', limited: { nominalConcurrencyShares: 5, limitResponse: { type: 'Reject' } } },
  };
  assert.deepEqual(priorityLevelConfigurationPrinter.row(reject, now).cells, [
    'catch-all',
    'Limited',
    5,
    '<none>',
    '<none>',
    '<none>',
    '2m',
  ]);
  const exempt: KubeObject = {
    metadata: meta('exempt'),
    spec: { type: 'Exempt', exempt: { nominalConcurrencyShares: 0, lendablePercent: 0 } },
  };
  assert.deepEqual(priorityLevelConfigurationPrinter.row(exempt, now).cells, [
    'exempt',
    'Exempt',
    '<none>',
    '<none>',
    '<none>',
    '<none>',
    '2m',
  ]);
});
