import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PodSpec } from 'kubernetes-types/core/v1.js';
import { evaluatePod, forbiddenDetail, forbiddenReason } from './pod-security-evaluator.js';
import { LATEST, policyToEvaluate, v1, type LevelVersion } from './pod-security-levels.js';

const baseline: LevelVersion = { level: 'baseline', version: LATEST };
const restricted: LevelVersion = { level: 'restricted', version: LATEST };

// A pod that passes restricted; each case breaks one thing.
function good(): PodSpec {
  return {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'c',
        image: 'i',
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      },
    ],
  };
}

function detail(lv: LevelVersion, spec: PodSpec, annotations: Record<string, string> = {}): string {
  return forbiddenDetail(evaluatePod(lv, { annotations }, spec));
}

function withContainer(sc: Record<string, unknown>, extra: Record<string, unknown> = {}): PodSpec {
  const s = good();
  s.containers[0] = {
    ...s.containers[0]!,
    ...extra,
    securityContext: { ...s.containers[0]!.securityContext, ...sc },
  };
  return s;
}

describe('baseline checks', () => {
  const cases: [string, PodSpec, string, Record<string, string>?][] = [
    ['passes', good(), ''],
    [
      'hostProcess',
      { ...good(), securityContext: { ...good().securityContext, windowsOptions: { hostProcess: true } } },
      'hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)',
    ],
    [
      'host namespaces',
      { ...good(), hostNetwork: true, hostPID: true, hostIPC: true },
      'host namespaces (hostNetwork=true, hostPID=true, hostIPC=true)',
    ],
    [
      'privileged',
      withContainer({ privileged: true }),
      'privileged (container "c" must not set securityContext.privileged=true)',
    ],
    [
      'capabilities',
      withContainer({ capabilities: { add: ['SYS_ADMIN', 'NET_RAW', 'CHOWN'] } }),
      'non-default capabilities (container "c" must not include "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add)',
    ],
    [
      'hostPath',
      { ...good(), volumes: [{ name: 'h', hostPath: { path: '/' } }] },
      'hostPath volumes (volume "h")',
    ],
    [
      'hostPorts',
      withContainer(
        {},
        {
          ports: [
            { containerPort: 80, hostPort: 8080 },
            { containerPort: 81, hostPort: 443 },
          ],
        },
      ),
      'hostPort (container "c" uses hostPorts 443, 8080)',
    ],
    [
      'AppArmor',
      withContainer({ appArmorProfile: { type: 'Unconfined' } }),
      'forbidden AppArmor profile (container "c" must not set AppArmor profile type to "Unconfined")',
    ],
    [
      'AppArmor annotation',
      good(),
      'forbidden AppArmor profile (annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/c="unconfined"")',
      { 'container.apparmor.security.beta.kubernetes.io/c': 'unconfined' },
    ],
    [
      'SELinux',
      withContainer({ seLinuxOptions: { type: 'spc_t', user: 'u', role: 'r' } }),
      'seLinuxOptions (container "c" set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set; role may not be set)',
    ],
    [
      'procMount',
      withContainer({ procMount: 'Unmasked' }),
      'procMount (container "c" must not set securityContext.procMount to "Unmasked")',
    ],
    [
      'seccomp',
      { ...good(), securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } } },
      'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
    ],
    [
      'sysctls',
      {
        ...good(),
        securityContext: {
          ...good().securityContext,
          sysctls: [
            { name: 'kernel.msgmax', value: '1' },
            { name: 'net.ipv4.tcp_rmem', value: '1' },
          ],
        },
      },
      'forbidden sysctls (kernel.msgmax)',
    ],
  ];
  for (const [name, spec, want, ann] of cases) {
    it(name, () => assert.equal(detail(baseline, spec, ann), want));
  }

  it('older policy versions use older check versions', () => {
    const spec: PodSpec = {
      ...good(),
      securityContext: { ...good().securityContext, sysctls: [{ name: 'net.ipv4.tcp_rmem', value: '1' }] },
    };
    assert.equal(
      detail({ level: 'baseline', version: v1(31) }, spec),
      'forbidden sysctls (net.ipv4.tcp_rmem)',
    );
    const sel = withContainer({ seLinuxOptions: { type: 'container_engine_t' } });
    assert.equal(
      detail({ level: 'baseline', version: v1(30) }, sel),
      'seLinuxOptions (container "c" set forbidden securityContext.seLinuxOptions: type "container_engine_t")',
    );
    assert.equal(detail(baseline, sel), '');
  });
});

describe('restricted checks', () => {
  it('reports a privileged pod with every violation in upstream order', () => {
    const spec: PodSpec = {
      containers: [{ name: 'c', image: 'i', securityContext: { privileged: true } }],
      volumes: [
        { name: 'h', hostPath: { path: '/' } },
        { name: 'n', nfs: { server: 's', path: '/' } },
      ],
    };
    assert.equal(
      detail(restricted, spec),
      'privileged (container "c" must not set securityContext.privileged=true), ' +
        'allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"]), ' +
        'restricted volume types (volumes "h", "n" use restricted volume types "hostPath", "nfs"), ' +
        'runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    assert.equal(
      forbiddenReason(evaluatePod(restricted, {}, spec)),
      'privileged, allowPrivilegeEscalation != false, unrestricted capabilities, restricted volume types, runAsNonRoot != true, seccompProfile',
    );
  });

  const cases: [string, PodSpec, string][] = [
    ['passes', good(), ''],
    [
      'capabilities add',
      withContainer({ capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'CHOWN'] } }),
      'unrestricted capabilities (container "c" must not include "CHOWN" in securityContext.capabilities.add)',
    ],
    [
      'runAsNonRoot false',
      withContainer({ runAsNonRoot: false }),
      'runAsNonRoot != true (container "c" must not set securityContext.runAsNonRoot=false)',
    ],
    [
      'runAsUser 0',
      { ...good(), securityContext: { ...good().securityContext, runAsUser: 0 } },
      'runAsUser=0 (pod must not set runAsUser=0)',
    ],
    [
      'seccomp container',
      withContainer({ seccompProfile: { type: 'Unconfined' } }),
      'seccompProfile (container "c" must not set securityContext.seccompProfile.type to "Unconfined")',
    ],
    [
      'allowed volumes',
      {
        ...good(),
        volumes: [
          { name: 'a', emptyDir: {} },
          { name: 'b', configMap: { name: 'x' } },
          { name: 'p', projected: { sources: [] } },
        ],
      },
      '',
    ],
  ];
  for (const [name, spec, want] of cases) it(name, () => assert.equal(detail(restricted, spec), want));

  it('exempts Windows pods from the Linux-only checks from v1.25', () => {
    const spec: PodSpec = {
      os: { name: 'windows' },
      securityContext: { runAsNonRoot: true },
      containers: [{ name: 'c', image: 'i' }],
    };
    assert.equal(detail(restricted, spec), '');
    assert.match(detail({ level: 'restricted', version: v1(24) }, spec), /^allowPrivilegeEscalation/);
  });

  it('visits init and ephemeral containers too, pluralizing', () => {
    const spec = good();
    spec.initContainers = [{ name: 'i', image: 'i', securityContext: { privileged: true } }];
    spec.containers[0]!.securityContext!.privileged = true;
    assert.equal(
      detail(baseline, spec),
      'privileged (containers "i", "c" must not set securityContext.privileged=true)',
    );
  });
});

describe('namespace labels', () => {
  it('parses levels and versions, defaulting warn to a stricter enforce', () => {
    const { policy, errors } = policyToEvaluate({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'v1.29',
    });
    assert.equal(errors.length, 0);
    assert.deepEqual(policy.enforce, { level: 'baseline', version: v1(29) });
    assert.deepEqual(policy.warn, { level: 'baseline', version: v1(29) });
    assert.deepEqual(policy.audit.level, 'privileged');
  });

  it('reports invalid labels and fails closed for enforce, open for warn', () => {
    const { policy, errors } = policyToEvaluate({
      'pod-security.kubernetes.io/enforce': 'strict',
      'pod-security.kubernetes.io/warn-version': 'v2',
    });
    assert.equal(policy.enforce.level, 'restricted');
    assert.deepEqual(
      errors.map((e) => `${e.field}: ${e.detail}`),
      [
        'metadata.labels[pod-security.kubernetes.io/enforce]: must be one of privileged, baseline, restricted',
        'metadata.labels[pod-security.kubernetes.io/warn-version]: must be "latest" or "v1.x"',
      ],
    );
  });
});
