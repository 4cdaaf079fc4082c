import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../object.js';
import { customResourcePrinter, goNumber, printedValue } from './custom-resource.js';
import { fieldDocs } from './field-docs.js';

const now = new Date('2025-01-01T12:00:00Z');

const crontab: KubeObject = {
  apiVersion: 'stable.example.com/v1',
  kind: 'CronTab',
  metadata: { name: 'my-cron', namespace: 'default', creationTimestamp: '2025-01-01T11:30:00Z' },
  spec: {
    cronSpec: '* * * * */5',
    image: 'my-cron-image',
    replicas: 3,
    ratio: 0.75,
    enabled: true,
    labels: { b: 1, a: '<x>' },
  },
  status: {
    lastRun: '2025-01-01T11:58:00Z',
    conditions: [{ type: 'Ready', status: 'True' }],
  },
};

test('without printer columns a custom resource prints Name and an Age date column', () => {
  const printer = customResourcePrinter();
  assert.deepEqual(printer.columns, [
    {
      name: 'Name',
      type: 'string',
      format: 'name',
      description: fieldDocs['meta/v1.ObjectMeta.name'],
      priority: 0,
    },
    {
      name: 'Age',
      type: 'date',
      format: '',
      description: fieldDocs['meta/v1.ObjectMeta.creationTimestamp'],
      priority: 0,
    },
  ]);
  assert.deepEqual(printer.row(crontab, now), { cells: ['my-cron', '30m'] });
  // No creationTimestamp at all: the path finds nothing, so the cell is empty (null), as upstream.
  assert.deepEqual(customResourcePrinter([]).row({ metadata: { name: 'x' } }, now).cells, ['x', null]);
});

test('additionalPrinterColumns: typed cells, descriptions, priorities and missing values', () => {
  const printer = customResourcePrinter([
    { name: 'Spec', type: 'string', jsonPath: '.spec.cronSpec' },
    { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas', description: 'How many' },
    { name: 'Ratio', type: 'number', jsonPath: '.spec.ratio', priority: 1 },
    { name: 'Enabled', type: 'boolean', jsonPath: '.spec.enabled' },
    { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    { name: 'Last Run', type: 'date', jsonPath: '.status.lastRun' },
    { name: 'Missing', type: 'string', jsonPath: '.spec.nope' },
    { name: 'Wrong Type', type: 'integer', jsonPath: '.spec.image' },
    { name: 'Labels', type: 'string', jsonPath: '.spec.labels', format: 'byte' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ]);
  assert.deepEqual(printer.columns[1], {
    name: 'Spec',
    type: 'string',
    format: '',
    description: 'Custom resource definition column (in JSONPath format): .spec.cronSpec',
    priority: 0,
  });
  assert.equal(printer.columns[2]?.description, 'How many');
  assert.equal(printer.columns[3]?.priority, 1);
  assert.equal(printer.columns[9]?.format, 'byte');
  assert.deepEqual(printer.row(crontab, now).cells, [
    'my-cron',
    '* * * * */5',
    3,
    0.75,
    true,
    'True',
    '2m',
    null,
    null,
    '{"a":"\\u003cx\\u003e","b":1}',
    '30m',
  ]);
});

test('string columns print numbers, booleans and nulls as client-go does', () => {
  const printer = customResourcePrinter([
    { name: 'N', type: 'string', jsonPath: '.spec.replicas' },
    { name: 'B', type: 'string', jsonPath: '.spec.enabled' },
    { name: 'Null', type: 'string', jsonPath: '.spec.nothing' },
  ]);
  const obj: KubeObject = { metadata: { name: 'o' }, spec: { replicas: 3, enabled: false, nothing: null } };
  assert.deepEqual(printer.row(obj, now).cells, ['o', '3', 'false', '<no value>']);
  assert.equal(printedValue(['a', 1]), '["a",1]');
  assert.equal(goNumber(1.5), '1.5');
  assert.equal(goNumber(0.0001), '0.0001');
  assert.equal(goNumber(0.00001234), '1.234e-05');
  assert.equal(goNumber(1234567.5), '1.2345675e+06');
  assert.equal(goNumber(-42), '-42');
});

test('integer cells truncate floats; bad dates read <invalid>; evaluation errors give null', () => {
  const printer = customResourcePrinter([
    { name: 'I', type: 'integer', jsonPath: '.spec.ratio' },
    { name: 'D', type: 'date', jsonPath: '.spec.when' },
    { name: 'E', type: 'date', jsonPath: '.spec.empty' },
    { name: 'Idx', type: 'string', jsonPath: '.spec.list[5]' },
  ]);
  const obj: KubeObject = {
    metadata: { name: 'o' },
    spec: { ratio: 2.9, when: 'yesterday', empty: '', list: [1] },
  };
  assert.deepEqual(printer.row(obj, now).cells, ['o', 2, '<invalid>', '<unknown>', null]);
});

test('a column whose JSONPath does not parse ends the column list', () => {
  const printer = customResourcePrinter([
    { name: 'Good', type: 'string', jsonPath: '.spec.image' },
    { name: 'Bad', type: 'string', jsonPath: '.spec[' },
    { name: 'Later', type: 'string', jsonPath: '.spec.cronSpec' },
  ]);
  assert.deepEqual(
    printer.columns.map((c) => c.name),
    ['Name', 'Good'],
  );
  assert.deepEqual(printer.row(crontab, now).cells, ['my-cron', 'my-cron-image']);
});
