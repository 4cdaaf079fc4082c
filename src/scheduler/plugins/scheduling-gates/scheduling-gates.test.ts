import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeOf, makePod, messageOf } from '../../testing/fixtures.js';
import { checkSchedulingGates } from './scheduling-gates.js';

describe('SchedulingGates', () => {
  const cases = [
    { name: 'no gates: enqueued', gates: undefined, code: 'Success', msg: '' },
    { name: 'empty gates: enqueued', gates: [], code: 'Success', msg: '' },
    {
      name: 'gated: kept out with the gate names',
      gates: ['example.com/a', 'example.com/b'],
      code: 'UnschedulableAndUnresolvable',
      msg: 'waiting for scheduling gates: [example.com/a example.com/b]',
    },
  ];
  for (const tc of cases)
    it(tc.name, () => {
      const s = checkSchedulingGates(makePod(tc.gates ? { schedulingGates: tc.gates } : {}));
      assert.equal(codeOf(s), tc.code);
      assert.equal(messageOf(s), tc.msg);
    });
});
