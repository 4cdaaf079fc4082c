import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FieldPath, fieldPath } from './field-path.js';

describe('FieldPath', () => {
  const cases: [FieldPath, string][] = [
    [fieldPath('spec'), 'spec'],
    [fieldPath('spec').child('containers').index(0).child('name'), 'spec.containers[0].name'],
    [fieldPath('metadata').child('labels').key('app'), 'metadata.labels[app]'],
    [fieldPath('metadata', 'annotations').key('a.b/c'), 'metadata.annotations[a.b/c]'],
    [
      fieldPath('spec').child('template', 'spec').child('volumes').index(12),
      'spec.template.spec.volumes[12]',
    ],
    [fieldPath('items').index(1).index(2), 'items[1][2]'],
    [fieldPath('data').key(''), 'data[]'],
    [FieldPath.root('key'), 'key'],
  ];
  for (const [path, text] of cases) {
    it(`renders ${text}`, () => assert.equal(path.toString(), text));
  }

  it('is immutable: extending never changes the original', () => {
    const spec = fieldPath('spec');
    const a = spec.child('a');
    const b = spec.child('b').index(1);
    assert.equal(spec.toString(), 'spec');
    assert.equal(a.toString(), 'spec.a');
    assert.equal(b.toString(), 'spec.b[1]');
    assert.equal(`${b}`, 'spec.b[1]');
  });
});
