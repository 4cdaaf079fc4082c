import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../api/object.js';
import { testAttributes } from '../plugins/test-attributes.js';
import { podSecurityAdmission, type PodSecurityOptions } from './pod-security-admission.js';

function ns(name: string, labels: Record<string, string>): KubeObject {
  return { metadata: { name, labels } };
}

const privilegedPod: KubeObject = {
  metadata: { name: 'p', namespace: 'secure' },
  spec: { containers: [{ name: 'c', image: 'nginx', securityContext: { privileged: true } }] },
};

function plugin(namespaces: KubeObject[], extra: Partial<PodSecurityOptions> = {}, pods: KubeObject[] = []) {
  const audits: Record<string, string>[] = [];
  const p = podSecurityAdmission({
    getNamespace: async (n) => namespaces.find((x) => x.metadata?.name === n),
    listPods: async () => pods,
    recordAuditAnnotations: (_a, ann) => audits.push({ ...ann }),
    ...extra,
  });
  return { p, audits };
}

describe('PodSecurity admission', () => {
  it('enforce=restricted rejects a privileged pod with upstream message', async () => {
    const { p, audits } = plugin([ns('secure', { 'pod-security.kubernetes.io/enforce': 'restricted' })]);
    const attrs = testAttributes({ resource: 'pods', namespace: 'secure', name: 'p' });
    await assert.rejects(p.validate!(attrs, privilegedPod, undefined), {
      message:
        'pods "p" is forbidden: violates PodSecurity "restricted:latest": privileged (container "c" must not set securityContext.privileged=true), ' +
        'allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"]), ' +
        'runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    });
    assert.equal(attrs.warnings.length, 0);
    assert.equal(audits[0]!['pod-security.kubernetes.io/enforce-policy'], 'restricted:latest');
  });

  it('warn=baseline warns and admits; audit records violations', async () => {
    const { p, audits } = plugin([
      ns('secure', {
        'pod-security.kubernetes.io/warn': 'baseline',
        'pod-security.kubernetes.io/audit': 'baseline',
      }),
    ]);
    const attrs = testAttributes({ resource: 'pods', namespace: 'secure' });
    await p.validate!(attrs, privilegedPod, undefined);
    assert.deepEqual(attrs.warnings, [
      'would violate PodSecurity "baseline:latest": privileged (container "c" must not set securityContext.privileged=true)',
    ]);
    assert.equal(
      audits[0]!['pod-security.kubernetes.io/audit-violations'],
      'would violate PodSecurity "baseline:latest": privileged (container "c" must not set securityContext.privileged=true)',
    );
  });

  it('warns (never rejects) for workload templates', async () => {
    const { p } = plugin([ns('secure', { 'pod-security.kubernetes.io/enforce': 'baseline' })]);
    const attrs = testAttributes({ group: 'apps', resource: 'deployments', namespace: 'secure', name: 'd' });
    await p.validate!(
      attrs,
      { metadata: { name: 'd' }, spec: { template: { spec: privilegedPod.spec } } },
      undefined,
    );
    assert.deepEqual(attrs.warnings, [
      'would violate PodSecurity "baseline:latest": privileged (container "c" must not set securityContext.privileged=true)',
    ]);
  });

  it('honours exemptions by namespace, user and runtime class', async () => {
    const labels = { 'pod-security.kubernetes.io/enforce': 'restricted' };
    const { p, audits } = plugin([ns('secure', labels), ns('kube-system', labels)], {
      exemptions: {
        namespaces: ['kube-system'],
        usernames: ['system:serviceaccount:x:y'],
        runtimeClasses: ['kata'],
      },
    });
    await p.validate!(
      testAttributes({ resource: 'pods', namespace: 'kube-system' }),
      privilegedPod,
      undefined,
    );
    await p.validate!(
      testAttributes({
        resource: 'pods',
        namespace: 'secure',
        user: { name: 'system:serviceaccount:x:y', groups: [] },
      }),
      privilegedPod,
      undefined,
    );
    await p.validate!(
      testAttributes({ resource: 'pods', namespace: 'secure' }),
      { ...privilegedPod, spec: { ...(privilegedPod.spec as object), runtimeClassName: 'kata' } },
      undefined,
    );
    assert.deepEqual(
      audits.map((a) => a['pod-security.kubernetes.io/exempt']),
      ['namespace', 'user', 'runtimeClass'],
    );
  });

  it('ignores status updates and insignificant pod updates', async () => {
    const { p } = plugin([ns('secure', { 'pod-security.kubernetes.io/enforce': 'restricted' })]);
    await p.validate!(
      testAttributes({ resource: 'pods', namespace: 'secure', subresource: 'status', operation: 'UPDATE' }),
      privilegedPod,
      privilegedPod,
    );
    await p.validate!(
      testAttributes({ resource: 'pods', namespace: 'secure', operation: 'UPDATE' }),
      privilegedPod,
      privilegedPod,
    );
  });

  it('rejects invalid namespace labels', async () => {
    const { p } = plugin([]);
    await assert.rejects(
      p.validate!(
        testAttributes({ resource: 'namespaces', namespaced: false, name: 'n' }),
        ns('n', { 'pod-security.kubernetes.io/enforce': 'strict' }),
        undefined,
      ),
      {
        message:
          'Namespace "n" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted',
      },
    );
  });

  it('warns about existing pods when enforce is tightened', async () => {
    const pods: KubeObject[] = ['b', 'a', 'c'].map((n) => ({
      ...privilegedPod,
      metadata: { name: n, namespace: 'secure' },
    }));
    pods.push({
      metadata: { name: 'h' },
      spec: { hostNetwork: true, containers: [{ name: 'c', image: 'i' }] },
    });
    const { p } = plugin([], {}, pods);
    const attrs = testAttributes({
      resource: 'namespaces',
      namespaced: false,
      name: 'secure',
      operation: 'UPDATE',
    });
    await p.validate!(
      attrs,
      ns('secure', { 'pod-security.kubernetes.io/enforce': 'baseline' }),
      ns('secure', {}),
    );
    assert.deepEqual(attrs.warnings, [
      'existing pods in namespace "secure" violate the new PodSecurity enforce level "baseline:latest"',
      'a (and 2 other pods): privileged',
      'h: host namespaces',
    ]);
  });

  it('warns when labelling an exempt namespace', async () => {
    const { p } = plugin([], { exemptions: { namespaces: ['kube-system'] } });
    const attrs = testAttributes({ resource: 'namespaces', namespaced: false, name: 'kube-system' });
    await p.validate!(
      attrs,
      ns('kube-system', { 'pod-security.kubernetes.io/enforce': 'restricted' }),
      undefined,
    );
    assert.deepEqual(attrs.warnings, [
      'namespace "kube-system" is exempt from Pod Security, and the policy (enforce=restricted:latest) will be ignored',
    ]);
  });
});
