import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goSprintf } from './go-sprintf.js';

describe('goSprintf', () => {
  const rows: [string, unknown[], string][] = [
    ['Created pod: %v', ['web-1'], 'Created pod: web-1'],
    ['Scaled up replica set %s to %d', ['web-7d9', 3], 'Scaled up replica set web-7d9 to 3'],
    ['Back-off pulling image %q', ['nginx:1'], 'Back-off pulling image "nginx:1"'],
    ['ready=%t', [false], 'ready=false'],
    ['%.2f%%', [99.5], '99.50%'],
    ['%v', [['a', 'b']], '[a b]'],
    ['%v', [new Error('boom')], 'boom'],
    ['%d', ['x'], '%!d(string=x)'],
    ['%s and %s', ['one'], 'one and %!s(MISSING)'],
    ['no verbs', ['x', 2], 'no verbs%!(EXTRA string=x, int=2)'],
    ['%-10s|', ['pad'], 'pad|'],
  ];
  for (const [format, args, want] of rows) {
    it(`${JSON.stringify(format)} ${JSON.stringify(args)}`, () =>
      assert.equal(goSprintf(format, args), want));
  }
});
