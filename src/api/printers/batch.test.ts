import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../object.js';
import { cronJobPrinter, jobPrinter } from './batch.js';

const now = new Date('2025-01-01T12:00:00Z');
const podTemplate = { spec: { containers: [{ name: 'pi', image: 'perl:5.34' }], restartPolicy: 'Never' } };
const selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': 'abc' } };

function job(spec: object, status: object, extraMeta: object = {}): KubeObject {
  return {
    metadata: { name: 'pi', creationTimestamp: '2025-01-01T11:00:00Z', ...extraMeta },
    spec: { template: podTemplate, selector, ...spec },
    status,
  };
}

test('job columns match upstream 1.32 (Status, Completions, Duration)', () => {
  assert.deepEqual(
    jobPrinter.columns.map((c) => `${c.name}:${c.priority}`),
    ['Name:0', 'Status:0', 'Completions:0', 'Duration:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1'],
  );
});

test('a completed job', () => {
  const done = job(
    { completions: 1, parallelism: 1 },
    {
      succeeded: 1,
      startTime: '2025-01-01T11:00:00Z',
      completionTime: '2025-01-01T11:00:42Z',
      conditions: [
        { type: 'SuccessCriteriaMet', status: 'True' },
        { type: 'Complete', status: 'True' },
      ],
    },
  );
  assert.deepEqual(jobPrinter.row(done, now).cells, [
    'pi',
    'Complete',
    '1/1',
    '42s',
    '60m',
    'pi',
    'perl:5.34',
    'batch.kubernetes.io/controller-uid=abc',
  ]);
});

test('a running job measures its duration up to now; an unstarted one has none', () => {
  const runningJob = job(
    { completions: 5, parallelism: 2 },
    { succeeded: 2, active: 2, startTime: '2025-01-01T11:55:00Z' },
  );
  assert.deepEqual(jobPrinter.row(runningJob, now).cells.slice(1, 4), ['Running', '2/5', '5m']);
  assert.deepEqual(jobPrinter.row(job({ completions: 1 }, {}), now).cells.slice(1, 4), [
    'Running',
    '0/1',
    '',
  ]);
});

test('work-queue jobs: completions as n/1, "of p" when parallel', () => {
  assert.equal(jobPrinter.row(job({ parallelism: 3 }, { succeeded: 1 }), now).cells[2], '1/1 of 3');
  assert.equal(jobPrinter.row(job({ parallelism: 1 }, {}), now).cells[2], '0/1');
});

test('job status precedence: Complete, Failed, Terminating, Suspended, FailureTarget, Running', () => {
  const status = (conditions: { type: string; status: string }[], deleting = false) =>
    jobPrinter.row(
      job({}, { conditions }, deleting ? { deletionTimestamp: '2025-01-01T11:59:00Z' } : {}),
      now,
    ).cells[1];
  assert.equal(status([{ type: 'Failed', status: 'True' }]), 'Failed');
  assert.equal(
    status([
      { type: 'FailureTarget', status: 'True' },
      { type: 'Failed', status: 'True' },
    ]),
    'Failed',
  );
  assert.equal(status([{ type: 'Suspended', status: 'True' }], true), 'Terminating');
  assert.equal(status([{ type: 'Complete', status: 'True' }], true), 'Complete');
  assert.equal(status([{ type: 'Suspended', status: 'True' }]), 'Suspended');
  assert.equal(status([{ type: 'Suspended', status: 'False' }]), 'Running');
  assert.equal(status([{ type: 'FailureTarget', status: 'True' }]), 'FailureTarget');
  assert.equal(status([{ type: 'SuccessCriteriaMet', status: 'True' }]), 'Running');
});

test('cron jobs: schedule, time zone, suspend text, active count and last schedule', () => {
  const cj: KubeObject = {
    metadata: { name: 'nightly', creationTimestamp: '2024-12-25T12:00:00Z' },
    spec: {
      schedule: '0 3 * * *',
      timeZone: 'Europe/Paris',
      suspend: false,
      jobTemplate: { spec: { template: podTemplate } },
    },
    status: { active: [{ name: 'nightly-1' }], lastScheduleTime: '2025-01-01T11:45:00Z' },
  };
  assert.deepEqual(
    cronJobPrinter.columns.map((c) => `${c.name}:${c.type}`),
    [
      'Name:string',
      'Schedule:string',
      'Timezone:string',
      'Suspend:boolean',
      'Active:integer',
      'Last Schedule:string',
      'Age:string',
      'Containers:string',
      'Images:string',
      'Selector:string',
    ],
  );
  assert.deepEqual(cronJobPrinter.row(cj, now).cells, [
    'nightly',
    '0 3 * * *',
    'Europe/Paris',
    'False',
    1,
    '15m',
    '7d',
    'pi',
    'perl:5.34',
    '<none>',
  ]);
  const fresh: KubeObject = {
    metadata: { name: 'new', creationTimestamp: '2025-01-01T11:59:00Z' },
    spec: { schedule: '@hourly' },
  };
  assert.deepEqual(cronJobPrinter.row(fresh, now).cells.slice(1, 7), [
    '@hourly',
    '<none>',
    '<unset>',
    0,
    '<none>',
    '60s',
  ]);
});
