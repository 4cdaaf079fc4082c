import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorToStatus } from './error-to-status.js';
import { makeStatus, successStatus } from './status.js';
import { StatusError } from './status-error.js';
import { notFound } from './status-error-factories.js';

describe('errorToStatus', () => {
  it('returns a StatusError status unchanged (as a copy)', () => {
    const err = notFound({ group: '', resource: 'pods' }, 'p');
    const status = errorToStatus(err);
    assert.deepEqual(status, err.status);
    status.metadata.continue = 'x';
    assert.equal(err.status.metadata.continue, undefined);
  });

  it('fills in Failure and code 500 when missing, keeping key order', () => {
    const err = new StatusError(makeStatus({ message: 'odd', reason: 'BadRequest' }));
    assert.equal(
      JSON.stringify(errorToStatus(err)),
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"odd","reason":"BadRequest","code":500}',
    );
  });

  it('gives a Success status code 200', () => {
    const err = new StatusError(successStatus({ name: 'cfg', group: '', kind: 'configmaps', uid: 'u1' }));
    assert.equal(
      JSON.stringify(errorToStatus(err)),
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","details":{"name":"cfg","kind":"configmaps","uid":"u1"},"code":200}',
    );
  });

  it('turns any other error into a 500 with an unknown reason', () => {
    assert.equal(
      JSON.stringify(errorToStatus(new TypeError('x is undefined'))),
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"x is undefined","code":500}',
    );
    assert.equal(errorToStatus('plain').message, 'plain');
  });
});

describe('successStatus', () => {
  it('is the immediate-delete body (no code)', () => {
    assert.equal(
      JSON.stringify(successStatus({ name: 'cfg', group: '', kind: 'configmaps', uid: 'u1' })),
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","details":{"name":"cfg","kind":"configmaps","uid":"u1"}}',
    );
  });
});
