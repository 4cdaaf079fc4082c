import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyTypeForKind } from './apply-type.js';
import { compareTyped } from './compare.js';
import { toFieldsV1 } from './fields-v1.js';
import type { PathSet } from './path-set.js';

const pod = applyTypeForKind({ group: '', version: 'v1', kind: 'Pod' })!;
const withPorts = (...ports: object[]) => ({ spec: { containers: [{ name: 'c', ports }] } });
const fields = (s: PathSet) => JSON.stringify(toFieldsV1(s));
const portsOf = (s: PathSet) =>
  Object.keys(toFieldsV1(s)['f:spec']?.['f:containers']?.['k:{"name":"c"}']?.['f:ports'] ?? {});

describe('compareTyped', () => {
  it('matches list elements by key, a defaulted key equal to an explicit one', () => {
    const c = compareTyped(
      withPorts({ containerPort: 80 }),
      withPorts({ containerPort: 80, protocol: 'TCP' }),
      pod,
    );
    assert.equal(
      fields(c.added),
      '{"f:spec":{"f:containers":{"k:{\\"name\\":\\"c\\"}":{"f:ports":{"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":{"f:protocol":{}}}}}}}',
    );
    assert.equal(fields(c.removed), '{}');
    assert.equal(fields(c.modified), '{}');
  });

  it('tells key values of different JSON types apart', () => {
    const c = compareTyped(
      { metadata: { finalizers: ['1'] } },
      { metadata: { finalizers: ['1', 1 as unknown as string] } },
      pod,
    );
    assert.equal(fields(c.added), '{"f:metadata":{"f:finalizers":{"v:1":{}}}}');
  });

  it('compares elements sharing a key as one group, modified when the groups differ', () => {
    const twice = withPorts({ containerPort: 80, name: 'a' }, { containerPort: 80, name: 'b' });
    const changed = withPorts({ containerPort: 80, name: 'a' }, { containerPort: 80, name: 'c' });
    assert.deepEqual(portsOf(compareTyped(twice, changed, pod).modified), [
      'k:{"containerPort":80,"protocol":"TCP"}',
    ]);
    assert.equal(fields(compareTyped(twice, twice, pod).modified), '{}');
    const once = withPorts({ containerPort: 80, name: 'a' });
    assert.deepEqual(portsOf(compareTyped(once, twice, pod).added), [
      'k:{"containerPort":80,"protocol":"TCP"}',
    ]);
  });

  it('walks maps by their present keys, the left map first', () => {
    const c = compareTyped(
      { metadata: { labels: { a: '1', b: undefined, c: '3' } } },
      { metadata: { labels: { c: '4', b: '2' } } },
      pod,
    );
    assert.equal(fields(c.removed), '{"f:metadata":{"f:labels":{"f:a":{}}}}');
    assert.equal(fields(c.added), '{"f:metadata":{"f:labels":{"f:b":{}}}}');
    assert.equal(fields(c.modified), '{"f:metadata":{"f:labels":{"f:c":{}}}}');
  });

  it('rejects elements it cannot name, as upstream does', () => {
    const owners = (...o: unknown[]) => ({ metadata: { ownerReferences: o } });
    assert.throws(() => compareTyped(owners({ uid: 'a' }, 'x'), owners(), pod), {
      message: 'element 1: associative list with keys may not have non-map elements',
    });
    assert.throws(() => compareTyped(owners(), owners(null), pod), {
      message: 'element 0: associative list with keys may not have a null element',
    });
  });
});
