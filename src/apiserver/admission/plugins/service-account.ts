// Upstream's ServiceAccount admission plugin: every pod runs as a ServiceAccount ("default" unless
// named), which must exist, and gets the projected kube-api-access-<suffix> volume (token, CA,
// namespace) mounted in every container unless automounting is switched off.

import type { KubeObject } from '../../../api/object.js';
import { notFound } from '../../../machinery/errors/index.js';
import { randomNameSuffix } from '../../../base/random-suffix.js';
import type { AdmissionAttributes } from '../../endpoints/server-context.js';
import type { AdmissionPlugin } from '../admission-chain.js';
import { admissionForbidden } from './admission-forbidden.js';

/** Where the token, ca.crt and namespace files appear in containers. */
export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** The generated volume name prefix. */
export const SERVICE_ACCOUNT_VOLUME_PREFIX = 'kube-api-access-';
/** The annotation marking mirror (static) pods. */
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
/** ServiceAccount annotation restricting pods to the secrets it lists. */
export const ENFORCE_MOUNTABLE_SECRETS_ANNOTATION = 'kubernetes.io/enforce-mountable-secrets';

interface VolumeMount {
  name: string;
  readOnly?: boolean;
  mountPath: string;
}
interface Container {
  name: string;
  volumeMounts?: VolumeMount[];
  env?: { name: string; valueFrom?: { secretKeyRef?: { name?: string } } }[];
  envFrom?: { secretRef?: { name?: string } }[];
}
interface PodSpec {
  serviceAccountName?: string;
  serviceAccount?: string;
  automountServiceAccountToken?: boolean;
  volumes?: { name: string; secret?: { secretName?: string }; [k: string]: unknown }[];
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  imagePullSecrets?: { name?: string }[];
}
interface ServiceAccount extends KubeObject {
  automountServiceAccountToken?: boolean;
  secrets?: { name?: string }[];
  imagePullSecrets?: { name?: string }[];
}

/** The projected volume source upstream mounts (token 3607 s, kube-root-ca.crt, namespace). */
export function tokenVolumeSource(): Record<string, unknown> {
  return {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      {
        downwardAPI: {
          items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
        },
      },
    ],
  };
}

function isPodCall(attrs: AdmissionAttributes): boolean {
  return attrs.resource.type.group === '' && attrs.resource.type.resource === 'pods';
}

/** The ServiceAccount plugin; `getServiceAccount` is backed by the watch cache (undefined: missing). */
export function serviceAccountAdmission(options: {
  getServiceAccount(namespace: string, name: string): Promise<KubeObject | undefined>;
  /** Volume name suffix generator (tests pin it). */
  randomSuffix?: () => string;
  /** Turn off token mounting entirely (upstream's MountServiceAccountToken=false). */
  mountServiceAccountToken?: boolean;
}): AdmissionPlugin {
  const suffix = options.randomSuffix ?? (() => randomNameSuffix(5));

  async function lookup(attrs: AdmissionAttributes, pod: KubeObject, name: string): Promise<ServiceAccount> {
    const sa = await options.getServiceAccount(attrs.namespace, name);
    if (!sa) {
      // Upstream looks up "serviceaccount" (singular) and wraps the NotFound text.
      const nf = notFound({ group: '', resource: 'serviceaccount' }, name);
      throw admissionForbidden(
        attrs,
        pod,
        `error looking up service account ${attrs.namespace}/${name}: ${nf.message}`,
      );
    }
    return sa as ServiceAccount;
  }

  function mirrorChecks(attrs: AdmissionAttributes, pod: KubeObject, spec: PodSpec): boolean {
    if (!(MIRROR_POD_ANNOTATION in (pod.metadata?.annotations ?? {}))) return false;
    if (spec.serviceAccountName)
      throw admissionForbidden(attrs, pod, 'a mirror pod may not reference service accounts');
    if ((spec.volumes ?? []).some((v) => v.secret))
      throw admissionForbidden(attrs, pod, 'a mirror pod may not reference secrets');
    return true;
  }

  return {
    name: 'ServiceAccount',
    async mutate(attrs, pod) {
      if (!isPodCall(attrs) || attrs.operation !== 'CREATE' || attrs.subresource !== '') return;
      const spec = ((pod as { spec?: PodSpec }).spec ??= {});
      if (mirrorChecks(attrs, pod, spec)) return;
      if (!spec.serviceAccountName) spec.serviceAccountName = 'default';
      // Upstream's v1 conversion keeps the deprecated alias equal to the name it defaulted.
      spec.serviceAccount = spec.serviceAccountName;
      const sa = await lookup(attrs, pod, spec.serviceAccountName);
      const automount = spec.automountServiceAccountToken ?? sa.automountServiceAccountToken ?? true;
      if ((options.mountServiceAccountToken ?? true) && automount) {
        let volumeName = (spec.volumes ?? []).find((v) =>
          v.name.startsWith(SERVICE_ACCOUNT_VOLUME_PREFIX),
        )?.name;
        const hasVolume = volumeName !== undefined;
        volumeName ??= `${SERVICE_ACCOUNT_VOLUME_PREFIX}${suffix()}`;
        let needed = false;
        for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
          if ((c.volumeMounts ?? []).some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT_PATH)) continue;
          (c.volumeMounts ??= []).push({
            name: volumeName,
            readOnly: true,
            mountPath: SERVICE_ACCOUNT_MOUNT_PATH,
          });
          needed = true;
        }
        if (!hasVolume && needed)
          (spec.volumes ??= []).push({ name: volumeName, projected: tokenVolumeSource() });
      }
      if (!spec.imagePullSecrets?.length && sa.imagePullSecrets?.length)
        spec.imagePullSecrets = sa.imagePullSecrets.map((s) => ({ ...s }));
    },
    async validate(attrs, pod) {
      if (!isPodCall(attrs)) return;
      const spec = (pod as { spec?: PodSpec }).spec ?? {};
      if (attrs.operation === 'CREATE' && attrs.subresource === '') {
        if (mirrorChecks(attrs, pod, spec)) return;
        if (!spec.serviceAccountName)
          throw admissionForbidden(
            attrs,
            pod,
            `no service account specified for pod ${attrs.namespace}/${pod.metadata?.name ?? ''}`,
          );
        const sa = await lookup(attrs, pod, spec.serviceAccountName);
        if (sa.metadata?.annotations?.[ENFORCE_MOUNTABLE_SECRETS_ANNOTATION] === 'true') {
          const err = mountableSecretsError(sa, spec);
          if (err) throw admissionForbidden(attrs, pod, err);
        }
      }
    },
  };
}

function mountableSecretsError(sa: ServiceAccount, spec: PodSpec): string | undefined {
  const mountable = new Set((sa.secrets ?? []).map((s) => s.name));
  const saName = sa.metadata?.name ?? '';
  for (const v of spec.volumes ?? []) {
    const name = v.secret?.secretName;
    if (name !== undefined && !mountable.has(name)) {
      return `volume with secret.secretName="${name}" is not allowed because service account ${saName} does not reference that secret`;
    }
  }
  const all = [
    ...(spec.initContainers ?? []).map((c) => ['init container', c] as const),
    ...(spec.containers ?? []).map((c) => ['container', c] as const),
  ];
  for (const [what, c] of all) {
    for (const e of c.envFrom ?? []) {
      const name = e.secretRef?.name;
      if (name !== undefined && !mountable.has(name)) {
        return `${what} ${c.name} with envFrom referencing secret.secretName="${name}" is not allowed because service account ${saName} does not reference that secret`;
      }
    }
    for (const e of c.env ?? []) {
      const name = e.valueFrom?.secretKeyRef?.name;
      if (name !== undefined && !mountable.has(name)) {
        return `${what} ${c.name} with envVar ${e.name} referencing secret.secretName="${name}" is not allowed because service account ${saName} does not reference that secret`;
      }
    }
  }
  const pull = new Set((sa.imagePullSecrets ?? []).map((s) => s.name));
  const bad = (spec.imagePullSecrets ?? []).findIndex((s) => !pull.has(s.name));
  if (bad >= 0) {
    return `imagePullSecrets[${bad}].name="${spec.imagePullSecrets![bad]!.name}" is not allowed because service account ${saName} does not reference that imagePullSecret`;
  }
  return undefined;
}
