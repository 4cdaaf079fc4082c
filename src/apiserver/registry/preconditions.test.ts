import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStatusError } from '../../machinery/errors/index.js';
import { checkPreconditions } from './preconditions.js';

const pods = { group: '', resource: 'pods' };
const meta = { name: 'web', uid: 'u1', resourceVersion: '7' };

test('preconditions that hold, or are unset, pass; a failed one is the 409 upstream gives', () => {
  checkPreconditions(pods, 'web', undefined, meta);
  checkPreconditions(pods, 'web', { uid: 'u1', resourceVersion: '7' }, meta);
  checkPreconditions(pods, 'web', { uid: '', resourceVersion: '' }, meta);
  const failure = (pre: { uid?: string; resourceVersion?: string }) => {
    try {
      checkPreconditions(pods, 'web', pre, meta);
    } catch (err) {
      assert.ok(isStatusError(err, 'Conflict'));
      return err.message;
    }
    assert.fail('the precondition passed');
  };
  assert.equal(
    failure({ uid: 'u2' }),
    'Operation cannot be fulfilled on pods "web": Precondition failed: UID in precondition: u2, UID in object meta: u1',
  );
  assert.equal(
    failure({ uid: 'u1', resourceVersion: '6' }),
    'Operation cannot be fulfilled on pods "web": Precondition failed: ResourceVersion in precondition: 6, ResourceVersion in object meta: 7',
  );
});
