import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePortRange } from './port-range.js';

test('parses the forms --service-node-port-range accepts', () => {
  assert.deepEqual(parsePortRange('30000-32767'), { base: 30000, size: 2768, text: '30000-32767' });
  assert.deepEqual(parsePortRange('30000+9'), { base: 30000, size: 10, text: '30000-30009' });
  assert.deepEqual(parsePortRange('8080'), { base: 8080, size: 1, text: '8080-8080' });
  for (const bad of ['', '0-10', '30000-20000', '1-65536', 'a-b', '1--2']) {
    assert.equal(parsePortRange(bad), undefined, bad);
  }
});
