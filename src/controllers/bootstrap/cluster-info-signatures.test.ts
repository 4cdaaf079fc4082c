import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeDetachedSignature } from '../../api/bootstrap-tokens/detached-jws.js';
import { resignedClusterInfo } from './cluster-info-signatures.js';

const a = { id: 'aaaaaa', secret: '0123456789abcdef' };
const b = { id: 'bbbbbb', secret: 'fedcba9876543210' };
const kubeconfig = 'apiVersion: v1\nkind: Config\n';
const sig = (t: typeof a, content = kubeconfig) => computeDetachedSignature(content, t.id, t.secret);

describe('resignedClusterInfo', () => {
  it('adds a signature per signing token and keeps other keys', () => {
    assert.deepEqual(resignedClusterInfo({ kubeconfig, other: 'x' }, [a, b]), {
      kubeconfig,
      other: 'x',
      'jws-kubeconfig-aaaaaa': sig(a),
      'jws-kubeconfig-bbbbbb': sig(b),
    });
  });

  it('changes nothing when every signature is current', () => {
    assert.equal(resignedClusterInfo({ kubeconfig, 'jws-kubeconfig-aaaaaa': sig(a) }, [a]), undefined);
  });

  it('replaces signatures of changed content and drops those of tokens that are gone', () => {
    const stale = { kubeconfig, 'jws-kubeconfig-aaaaaa': sig(a, 'old'), 'jws-kubeconfig-bbbbbb': sig(b) };
    assert.deepEqual(resignedClusterInfo(stale, [a]), { kubeconfig, 'jws-kubeconfig-aaaaaa': sig(a) });
    assert.deepEqual(resignedClusterInfo({ kubeconfig, 'jws-kubeconfig-bbbbbb': sig(b) }, []), {
      kubeconfig,
    });
  });

  it('leaves a ConfigMap without a kubeconfig alone', () => {
    assert.equal(resignedClusterInfo({ 'jws-kubeconfig-aaaaaa': 'x' }, [a]), undefined);
  });
});
