import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../object.js';
import { cronScheduleError } from './cron-schedule.js';
import { fieldErrorMessage } from './field-error.js';
import { validateObject, validateObjectUpdate } from './validate-object.js';

const podTemplate = (restartPolicy = 'Never', labels?: object): object => ({
  metadata: labels ? { labels } : {},
  spec: {
    containers: [
      {
        name: 'c',
        image: 'busybox',
        imagePullPolicy: 'Always',
        terminationMessagePolicy: 'File',
        resources: {},
      },
    ],
    restartPolicy,
    dnsPolicy: 'ClusterFirst',
    terminationGracePeriodSeconds: 30,
  },
});

function job(spec: object = {}): KubeObject {
  return {
    metadata: { name: 'pi', namespace: 'default', uid: 'u1' },
    spec: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      manualSelector: false,
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      template: podTemplate(),
      ...spec,
    },
  };
}

function cronJob(spec: object = {}, name = 'nightly'): KubeObject {
  return {
    metadata: { name, namespace: 'default' },
    spec: {
      schedule: '0 3 * * *',
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { spec: { template: podTemplate('OnFailure') } },
      ...spec,
    },
  };
}

const create = (kind: string, o: KubeObject): string[] =>
  validateObject('batch', kind, o).map(fieldErrorMessage);
const update = (kind: string, o: KubeObject, old: KubeObject): string[] =>
  validateObjectUpdate('batch', kind, o, old).map(fieldErrorMessage);

describe('Job', () => {
  it('accepts a defaulted job whose selector is still to be generated', () =>
    assert.deepEqual(create('Job', job()), []));

  it('checks counts, limits and the restart policy', () => {
    const errs = create(
      'Job',
      job({ parallelism: -1, completions: -1, backoffLimit: -1, template: podTemplate('Always') }),
    );
    assert.deepEqual(errs, [
      'spec.parallelism: Invalid value: -1: must be greater than or equal to 0',
      'spec.completions: Invalid value: -1: must be greater than or equal to 0',
      'spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0',
      'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ]);
  });

  it('requires completions for indexed jobs', () => {
    assert.deepEqual(create('Job', job({ completionMode: 'Indexed', completions: undefined })), [
      'spec.completions: Required value: when completion mode is Indexed',
    ]);
  });

  it('checks a manual selector against the template', () => {
    const manual = job({
      manualSelector: true,
      selector: { matchLabels: { a: 'b' } },
      template: podTemplate('Never', { y: 'z' }),
    });
    assert.deepEqual(create('Job', manual), [
      'spec.template.metadata.labels: Invalid value: map[string]string{"y":"z"}: `selector` does not match template `labels`',
    ]);
  });

  it('checks a generated selector', () => {
    const labels = {
      'controller-uid': 'u1',
      'job-name': 'pi',
      'batch.kubernetes.io/controller-uid': 'u1',
      'batch.kubernetes.io/job-name': 'pi',
    };
    const generated = job({
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } },
      template: podTemplate('Never', labels),
    });
    assert.deepEqual(create('Job', generated), []);
    const wrong = job({ selector: { matchLabels: { a: 'b' } }, template: podTemplate('Never', labels) });
    assert.deepEqual(create('Job', wrong), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated',
      'spec.template.metadata.labels: Invalid value: map[string]string{"batch.kubernetes.io/controller-uid":"u1", "batch.kubernetes.io/job-name":"pi", "controller-uid":"u1", "job-name":"pi"}: `selector` does not match template `labels`',
    ]);
  });

  it('checks pod failure policies', () => {
    const policy = {
      rules: [{ action: 'Boom', onExitCodes: { operator: 'In', values: [3, 0, 3] } }, { action: 'Ignore' }],
    };
    assert.deepEqual(create('Job', job({ podFailurePolicy: policy, podReplacementPolicy: 'Failed' })), [
      'spec.podFailurePolicy.rules[0].action: Unsupported value: "Boom": supported values: "Count", "FailIndex", "FailJob", "Ignore"',
      'spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Invalid value: 0: must not be 0 for the In operator',
      'spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 3',
      'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{3, 0, 3}: must be ordered',
      'spec.podFailurePolicy.rules[1]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required',
    ]);
  });

  it('keeps the template and completions immutable', () => {
    const errs = update('Job', job({ completions: 2, template: podTemplate('OnFailure') }), job());
    assert.deepEqual(
      errs.map((e) => e.split(':')[0]),
      ['spec.completions', 'spec.template'],
    );
    assert.ok(errs[1]?.endsWith(': field is immutable'));
    assert.deepEqual(update('Job', job({ parallelism: 3 }), job()), []);
  });
});

describe('CronJob', () => {
  it('accepts a defaulted cron job', () => assert.deepEqual(create('CronJob', cronJob()), []));

  it('reports robfig/cron errors for bad schedules', () => {
    assert.deepEqual(create('CronJob', cronJob({ schedule: 'x' })), [
      'spec.schedule: Invalid value: "x": expected exactly 5 fields, found 1: [x]',
    ]);
    assert.deepEqual(create('CronJob', cronJob({ schedule: '61 * * * *' })), [
      'spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61',
    ]);
  });

  it('limits names to 52 characters on create only', () => {
    const long = 'a'.repeat(53);
    assert.deepEqual(create('CronJob', cronJob({}, long)), [
      `metadata.name: Invalid value: "${long}": must be no more than 52 characters`,
    ]);
    assert.deepEqual(update('CronJob', cronJob({}, long), cronJob({}, long)), []);
  });

  it('checks the job template, policy and time zone', () => {
    const errs = create(
      'CronJob',
      cronJob({
        concurrencyPolicy: 'Sometimes',
        timeZone: 'Mars/Olympus',
        jobTemplate: { spec: { selector: { matchLabels: { a: 'b' } }, template: podTemplate('Always') } },
      }),
    );
    assert.deepEqual(errs, [
      'spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus',
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
      'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
      'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
    ]);
  });
});

describe('cronScheduleError', () => {
  const cases: [string, string | undefined][] = [
    ['*/5 * * * *', undefined],
    ['0 0 1 jan-mar mon-fri', undefined],
    ['@daily', undefined],
    ['@every 1h30m', undefined],
    ['', 'empty spec string'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['* 24 * * *', 'end of range (24) above maximum (23): 24'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['* * * * 7', 'end of range (7) above maximum (6): 7'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['a * * * *', 'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['@every x', 'failed to parse duration @every x: time: invalid duration "x"'],
  ];
  for (const [schedule, expected] of cases)
    it(JSON.stringify(schedule), () => assert.equal(cronScheduleError(schedule), expected));
});
