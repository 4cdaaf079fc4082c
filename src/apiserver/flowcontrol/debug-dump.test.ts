import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tabAligned } from './debug-dump.js';

test('tabAligned pads every cell but the last to its column’s widest plus one, at least 8', () => {
  assert.equal(
    tabAligned([
      ['Name,', 'Count,', 'Last'],
      ['a-much-longer-name,', '1,', 'x'],
    ]),
    'Name,               Count,  Last\n' + 'a-much-longer-name, 1,      x\n',
  );
});
