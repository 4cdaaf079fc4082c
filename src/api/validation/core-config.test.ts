import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../object.js';
import { fieldErrorMessage } from './field-error.js';
import { validateObject, validateObjectUpdate } from './validate-object.js';

const create = (kind: string, o: KubeObject, options = {}): string[] =>
  validateObject('', kind, o, options).map(fieldErrorMessage);
const update = (kind: string, o: KubeObject, old: KubeObject, options = {}): string[] =>
  validateObjectUpdate('', kind, o, old, options).map(fieldErrorMessage);

const keyMsg =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

describe('ConfigMap', () => {
  it('checks keys and the size limit', () => {
    const cm = {
      metadata: { name: 'c' },
      data: { 'a b': 'x', ok: 'y', '..x': 'z' },
      binaryData: { ok: 'eQ==' },
    };
    assert.deepEqual(create('ConfigMap', cm), [
      `data[a b]: Invalid value: "a b": ${keyMsg}`,
      'data[ok]: Invalid value: "ok": duplicate of key present in binaryData',
      'data[..x]: Invalid value: "..x": must not start with \'..\'',
    ]);
    assert.deepEqual(
      create('ConfigMap', { metadata: { name: 'c' }, data: { big: 'x'.repeat(1024 * 1024 + 1) } }),
      [': Too long: may not be more than 1048576 bytes'],
    );
  });
  it('keeps an immutable ConfigMap immutable', () => {
    const old = { metadata: { name: 'c' }, immutable: true, data: { a: '1' } };
    assert.deepEqual(update('ConfigMap', { metadata: { name: 'c' }, data: { a: '2' } }, old), [
      'immutable: Forbidden: field is immutable when `immutable` is set',
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });
});

describe('Secret', () => {
  const secret = (type: string, data: object = {}, extra: object = {}): KubeObject => ({
    metadata: { name: 's' },
    type,
    data,
    ...extra,
  });
  it('accepts valid secrets', () => {
    assert.deepEqual(create('Secret', secret('Opaque', { a: 'eA==' })), []);
    assert.deepEqual(create('Secret', secret('kubernetes.io/tls', { 'tls.crt': '', 'tls.key': '' })), []);
  });
  it('requires the keys of typed secrets', () => {
    assert.deepEqual(create('Secret', secret('kubernetes.io/tls', { 'tls.crt': '' })), [
      'data[tls.key]: Required value',
    ]);
    assert.deepEqual(create('Secret', secret('kubernetes.io/dockerconfigjson')), [
      'data[.dockerconfigjson]: Required value',
    ]);
    assert.deepEqual(
      create(
        'Secret',
        secret('kubernetes.io/dockerconfigjson', {
          '.dockerconfigjson': Buffer.from('nope').toString('base64'),
        }),
      ),
      [
        'data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character \'n\' looking for beginning of value',
      ],
    );
    assert.deepEqual(create('Secret', secret('kubernetes.io/basic-auth')), [
      'data[username]: Required value',
      'data[password]: Required value',
    ]);
    assert.deepEqual(create('Secret', secret('kubernetes.io/service-account-token')), [
      'metadata.annotations[kubernetes.io/service-account.name]: Required value',
    ]);
  });
  it('counts stringData and limits the total to 1 MiB', () => {
    assert.deepEqual(create('Secret', secret('Opaque', {}, { stringData: { 'bad key': 'x' } })), [
      `data[bad key]: Invalid value: "bad key": ${keyMsg}`,
    ]);
    const big = Buffer.alloc(1024 * 1024 + 1).toString('base64');
    assert.deepEqual(create('Secret', secret('Opaque', { big })), [
      'data: Too long: may not be more than 1048576 bytes',
    ]);
  });
  it('keeps the type immutable', () => {
    assert.deepEqual(
      update('Secret', secret('kubernetes.io/tls', { 'tls.crt': '', 'tls.key': '' }), secret('Opaque')),
      ['type: Invalid value: "kubernetes.io/tls": field is immutable'],
    );
  });
});

describe('Namespace', () => {
  it('checks finalizer names (reported without an index, as upstream)', () => {
    assert.deepEqual(
      create('Namespace', { metadata: { name: 'n' }, spec: { finalizers: ['kubernetes', 'custom'] } }),
      [
        'spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
      ],
    );
  });
});

describe('Event', () => {
  const event = (extra: object = {}): KubeObject => ({
    metadata: { name: 'e', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
    reason: 'Scheduled',
    type: 'Normal',
    ...extra,
  });
  it('requires the involved object to be in the event namespace', () => {
    assert.deepEqual(
      create('Event', event({ involvedObject: { kind: 'Pod', name: 'p', namespace: 'other' } }), {
        requestApiVersion: 'v1',
      }),
      ['involvedObject.namespace: Invalid value: "other": does not match event.namespace'],
    );
  });
  it('is strict through events.k8s.io', () => {
    const errs = validateObject(
      'events.k8s.io',
      'Event',
      event({ eventTime: '2024-01-01T00:00:00.000000Z', count: 2 }),
      {
        requestApiVersion: 'events.k8s.io/v1',
      },
    ).map(fieldErrorMessage);
    assert.deepEqual(errs, [
      'reportingController: Required value',
      'reportingController: Invalid value: "": name part must be non-empty',
      "reportingController: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      'reportingInstance: Required value',
      'action: Required value',
      'deprecatedCount: Invalid value: "": needs to be unset',
    ]);
  });
});

describe('Endpoints', () => {
  it('checks subsets', () => {
    const ep = {
      metadata: { name: 'e' },
      subsets: [
        {},
        {
          addresses: [{ ip: '10.0.0.1' }, { ip: '127.0.0.1' }, { ip: 'x' }],
          ports: [
            { port: 80, protocol: 'TCP' },
            { name: 'b', port: 0, protocol: 'TCP' },
          ],
        },
      ],
    };
    assert.deepEqual(create('Endpoints', ep), [
      'subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`',
      'subsets[1].addresses[1].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'subsets[1].addresses[2].ip: Invalid value: "x": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'subsets[1].addresses[2].ip: Invalid value: "x": must be a valid IP address',
      'subsets[1].ports[0].name: Required value',
      'subsets[1].ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    ]);
  });
});
