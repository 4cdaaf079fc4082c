import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  comparePathElements,
  keyElement,
  parsePathElement,
  PathElementSyntaxError,
  pathToString,
  serializePathElement,
  type PathElement,
} from './path-element.js';

describe('path elements', () => {
  const cases: [PathElement, string, string][] = [
    [{ field: 'replicas' }, 'f:replicas', '.replicas'],
    [
      { field: 'kubectl.kubernetes.io/last-applied-configuration' },
      'f:kubectl.kubernetes.io/last-applied-configuration',
      '.kubectl.kubernetes.io/last-applied-configuration',
    ],
    [keyElement([{ name: 'name', value: 'web' }]), 'k:{"name":"web"}', '[name="web"]'],
    [
      keyElement([
        { name: 'protocol', value: 'TCP' },
        { name: 'containerPort', value: 80 },
      ]),
      'k:{"containerPort":80,"protocol":"TCP"}',
      '[containerPort=80,protocol="TCP"]',
    ],
    [{ value: 'example.com/a' }, 'v:"example.com/a"', '[="example.com/a"]'],
    [{ value: 42 }, 'v:42', '[=42]'],
    [{ index: 3 }, 'i:3', '[3]'],
    // Go's JSON encoder escapes HTML characters inside keys and values.
    [
      keyElement([{ name: 'name', value: 'a<b>&' }]),
      'k:{"name":"a\\u003cb\\u003e\\u0026"}',
      '[name="a<b>&"]',
    ],
  ];
  for (const [pe, serialized, human] of cases) {
    it(`${serialized} round-trips and prints as ${human}`, () => {
      assert.equal(serializePathElement(pe), serialized);
      assert.deepEqual(parsePathElement(serialized), pe);
      assert.equal(pathToString([pe]), human);
    });
  }

  it('sorts key fields and prints whole paths', () => {
    const pe = parsePathElement('k:{"protocol":"UDP","containerPort":53}');
    assert.equal(serializePathElement(pe!), 'k:{"containerPort":53,"protocol":"UDP"}');
    const path = [
      { field: 'spec' },
      { field: 'containers' },
      keyElement([{ name: 'name', value: 'web' }]),
      { field: 'image' },
    ];
    assert.equal(pathToString(path), '.spec.containers[name="web"].image');
  });

  it('orders fields before keys before values before indexes', () => {
    const sorted: PathElement[] = [
      { field: 'a' },
      { field: 'b' },
      keyElement([{ name: 'name', value: 'a' }]),
      keyElement([{ name: 'name', value: 'b' }]),
      { value: 1 },
      { value: 'a' },
      { value: true },
      { index: 0 },
    ];
    const shuffled = [...sorted].reverse().sort(comparePathElements);
    assert.deepEqual(shuffled, sorted);
  });

  it('drops unknown element kinds and rejects malformed keys', () => {
    assert.equal(parsePathElement('x:whatever'), undefined);
    assert.throws(() => parsePathElement('f'), PathElementSyntaxError);
    assert.throws(() => parsePathElement('fx'), /missing colon: fx/);
    assert.throws(() => parsePathElement('k:[1]'), PathElementSyntaxError);
    assert.throws(() => parsePathElement('i:x'), PathElementSyntaxError);
  });
});
