import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bootstrapTokenExpiry,
  bootstrapTokenSecret,
  formatBootstrapToken,
  generateBootstrapToken,
  parseBootstrapToken,
  secretDataValue,
  signingTokenOf,
} from './bootstrap-token.js';

const token = { id: 'abcdef', secret: '0123456789abcdef' };

describe('bootstrap tokens', () => {
  it('parses <id>.<secret> and nothing else', () => {
    assert.deepEqual(parseBootstrapToken('abcdef.0123456789abcdef'), token);
    for (const bad of [
      '',
      'abcdef',
      'abcdef.0123456789abcde',
      'abcdef.0123456789abcdefg',
      'ABCDEF.0123456789abcdef',
      'abcde.0123456789abcdef',
      'abcdef:0123456789abcdef',
      ' abcdef.0123456789abcdef',
      'abcdef.0123456789abcdef\n',
    ])
      assert.equal(parseBootstrapToken(bad), undefined, JSON.stringify(bad));
  });

  it('generates distinct well-formed tokens', () => {
    const a = generateBootstrapToken();
    const b = generateBootstrapToken();
    assert.deepEqual(parseBootstrapToken(formatBootstrapToken(a)), a);
    assert.notEqual(formatBootstrapToken(a), formatBootstrapToken(b));
  });

  it('builds the Secret kubeadm writes', () => {
    const secret = bootstrapTokenSecret({
      token,
      description: 'join',
      usages: ['authentication', 'signing'],
      extraGroups: ['system:bootstrappers:k8ts:default-node-token'],
    });
    assert.equal(secret.metadata?.name, 'bootstrap-token-abcdef');
    assert.equal(secret.metadata?.namespace, 'kube-system');
    assert.equal((secret as { type?: string }).type, 'bootstrap.kubernetes.io/token');
    const value = (key: string) => secretDataValue(secret, key);
    assert.deepEqual(
      [
        'token-id',
        'token-secret',
        'usage-bootstrap-authentication',
        'usage-bootstrap-signing',
        'auth-extra-groups',
        'description',
        'expiration',
      ].map(value),
      [
        'abcdef',
        '0123456789abcdef',
        'true',
        'true',
        'system:bootstrappers:k8ts:default-node-token',
        'join',
        '',
      ],
    );
  });

  it('judges expiration: none is forever, unparseable is expired', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    const withExpiration = (expiration: string) =>
      bootstrapTokenSecret({ token, usages: ['signing'], expiration });
    assert.deepEqual(bootstrapTokenExpiry(bootstrapTokenSecret({ token, usages: [] }), now), {
      expired: false,
    });
    assert.deepEqual(bootstrapTokenExpiry(withExpiration('2025-01-01T00:01:00Z'), now), {
      expired: false,
      remainingMs: 60_000,
    });
    assert.deepEqual(bootstrapTokenExpiry(withExpiration('2024-12-31T23:59:59Z'), now), { expired: true });
    assert.deepEqual(bootstrapTokenExpiry(withExpiration('tomorrow'), now), { expired: true });
  });

  it('signs only with well-formed, unexpired signing tokens named after their id', () => {
    const now = Date.now();
    const signing = bootstrapTokenSecret({ token, usages: ['signing'] });
    assert.deepEqual(signingTokenOf(signing, now), token);
    assert.equal(signingTokenOf(bootstrapTokenSecret({ token, usages: ['authentication'] }), now), undefined);
    const expired = bootstrapTokenSecret({ token, usages: ['signing'], expiration: '2000-01-01T00:00:00Z' });
    assert.equal(signingTokenOf(expired, now), undefined);
    const misnamed = { ...signing, metadata: { ...signing.metadata, name: 'bootstrap-token-zzzzzz' } };
    assert.equal(signingTokenOf(misnamed, now), undefined);
    const opaque = { ...signing, type: 'Opaque' };
    assert.equal(signingTokenOf(opaque, now), undefined);
  });
});
