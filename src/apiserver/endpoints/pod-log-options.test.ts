import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStatusError } from '../../machinery/errors/index.js';
import { decodePodLogOptions, kubeletLogQuery, validatePodLogOptions } from './pod-log-options.js';

const decode = (query: string) => decodePodLogOptions(new URLSearchParams(query));

function statusOf(fn: () => unknown): { code: number; message: string } {
  try {
    fn();
  } catch (err) {
    assert.ok(isStatusError(err));
    return { code: err.status.code!, message: err.message };
  }
  assert.fail('expected an error');
}

test('decodes as the parameter codec: first value, Go booleans, int64 and RFC 3339 times', () => {
  const opts = decode(
    'container=app&container=other&follow=1&previous=FALSE&timestamps=yes&tailLines=%2B2&limitBytes=10&sinceTime=2024-05-06T07:08:09.5%2B02:00',
  );
  assert.equal(opts.container, 'app');
  assert.equal(opts.follow, true);
  assert.equal(opts.previous, false);
  assert.equal(opts.timestamps, true);
  assert.equal(opts.tailLines, 2);
  assert.equal(opts.limitBytes, 10);
  assert.equal(opts.sinceTime?.toISOString(), '2024-05-06T05:08:09.500Z');
  assert.equal(decode('').follow, false);
});

test('values that do not convert are 400s with Go conversion errors', () => {
  assert.deepEqual(
    statusOf(() => decode('tailLines=ten')),
    { code: 400, message: 'strconv.ParseInt: parsing "ten": invalid syntax' },
  );
  assert.deepEqual(
    statusOf(() => decode('limitBytes=99999999999999999999')),
    { code: 400, message: 'strconv.ParseInt: parsing "99999999999999999999": value out of range' },
  );
  assert.equal(statusOf(() => decode('sinceTime=yesterday')).code, 400);
});

test('validation is upstream ValidatePodLogOptions, as a 422 on PodLogOptions', () => {
  const invalid = (query: string) => statusOf(() => validatePodLogOptions('web', decode(query)));
  assert.deepEqual(invalid('tailLines=-1'), {
    code: 422,
    message:
      'PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0',
  });
  assert.equal(
    invalid('limitBytes=0').message,
    'PodLogOptions "web" is invalid: limitBytes: Invalid value: 0: must be greater than 0',
  );
  assert.equal(
    invalid('sinceSeconds=0').message,
    'PodLogOptions "web" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0',
  );
  assert.equal(
    invalid('sinceSeconds=10&sinceTime=2024-01-01T00:00:00Z&tailLines=-3').message,
    'PodLogOptions "web" is invalid: [tailLines: Invalid value: -3: must be greater than or equal to 0, ' +
      ': Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified]',
  );
  validatePodLogOptions('web', decode('tailLines=0&sinceSeconds=1&limitBytes=1'));
});

test('the kubelet query carries only what is set, sorted as url.Values.Encode sorts it', () => {
  assert.equal(kubeletLogQuery(decode('container=app')).toString(), '');
  assert.equal(
    kubeletLogQuery(
      decode(
        'timestamps=true&tailLines=5&follow=true&previous=1&limitBytes=7&sinceTime=2024-01-02T03:04:05.678Z',
      ),
    ).toString(),
    'follow=true&limitBytes=7&previous=true&sinceTime=2024-01-02T03%3A04%3A05Z&tailLines=5&timestamps=true',
  );
  assert.equal(kubeletLogQuery(decode('sinceSeconds=3600')).toString(), 'sinceSeconds=3600');
});
