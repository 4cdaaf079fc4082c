// The objects a Pod or PersistentVolume names, as upstream's podutil.VisitPodSecretNames /
// VisitPodConfigmapNames and pvutil.VisitPVSecretNames find them: what the Node authorizer lets a
// node read because a pod bound to it needs it.

import type { PersistentVolume, Pod, Volume } from 'kubernetes-types/core/v1.js';

/** What a pod references, by kind (names in the pod's namespace). */
export interface PodReferences {
  readonly secrets: readonly string[];
  readonly configMaps: readonly string[];
  readonly persistentVolumeClaims: readonly string[];
  readonly resourceClaims: readonly string[];
  /** The pod's ServiceAccount ('' when none is set). */
  readonly serviceAccount: string;
}

type NamedRef = { name?: string } | undefined;

function allContainers(pod: Pod) {
  const spec = pod.spec;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? []), ...(spec?.ephemeralContainers ?? [])];
}

function volumeSecretNames(v: Volume): (string | undefined)[] {
  const refs: NamedRef[] = [
    v.cephfs?.secretRef,
    v.cinder?.secretRef,
    v.flexVolume?.secretRef,
    v.rbd?.secretRef,
    v.scaleIO?.secretRef,
    v.iscsi?.secretRef,
    v.storageos?.secretRef,
    v.csi?.nodePublishSecretRef,
  ];
  return [
    v.azureFile?.secretName,
    v.secret?.secretName,
    ...(v.projected?.sources ?? []).map((s) => s.secret?.name),
    ...refs.map((r) => r?.name),
  ];
}

function present(names: (string | undefined)[]): string[] {
  return [...new Set(names.filter((n): n is string => n !== undefined && n !== ''))];
}

/** Every Secret, ConfigMap, PVC, ResourceClaim and the ServiceAccount a pod uses. */
export function podReferences(pod: Pod): PodReferences {
  const containers = allContainers(pod);
  const volumes = pod.spec?.volumes ?? [];
  const secrets = [
    ...(pod.spec?.imagePullSecrets ?? []).map((s) => s.name),
    ...containers.flatMap((c) => [
      ...(c.envFrom ?? []).map((e) => e.secretRef?.name),
      ...(c.env ?? []).map((e) => e.valueFrom?.secretKeyRef?.name),
    ]),
    ...volumes.flatMap(volumeSecretNames),
  ];
  const configMaps = [
    ...containers.flatMap((c) => [
      ...(c.envFrom ?? []).map((e) => e.configMapRef?.name),
      ...(c.env ?? []).map((e) => e.valueFrom?.configMapKeyRef?.name),
    ]),
    ...volumes.flatMap((v) => [
      v.configMap?.name,
      ...(v.projected?.sources ?? []).map((s) => s.configMap?.name),
    ]),
  ];
  // A generic ephemeral volume's claim is named <pod>-<volume>.
  const claims = volumes.map(
    (v) =>
      v.persistentVolumeClaim?.claimName ??
      (v.ephemeral ? `${pod.metadata?.name ?? ''}-${v.name}` : undefined),
  );
  const status = pod.status as { resourceClaimStatuses?: { resourceClaimName?: string }[] } | undefined;
  return {
    secrets: present(secrets),
    configMaps: present(configMaps),
    persistentVolumeClaims: present(claims),
    resourceClaims: present((status?.resourceClaimStatuses ?? []).map((s) => s.resourceClaimName)),
    serviceAccount: pod.spec?.serviceAccountName ?? '',
  };
}

/** The Secrets (namespace and name) a PersistentVolume's volume source names. */
export function persistentVolumeSecrets(pv: PersistentVolume): { namespace: string; name: string }[] {
  const spec = pv.spec ?? {};
  const claimNamespace = spec.claimRef?.namespace ?? '';
  const refs: ({ namespace?: string; name?: string } | undefined)[] = [
    spec.cephfs?.secretRef,
    spec.cinder?.secretRef,
    spec.flexVolume?.secretRef,
    spec.rbd?.secretRef,
    spec.scaleIO?.secretRef,
    spec.iscsi?.secretRef,
    spec.storageos?.secretRef,
    spec.csi?.controllerPublishSecretRef,
    spec.csi?.controllerExpandSecretRef,
    spec.csi?.nodePublishSecretRef,
    spec.csi?.nodeStageSecretRef,
    spec.csi?.nodeExpandSecretRef,
  ];
  const out = refs
    .filter((r) => r?.name)
    .map((r) => ({ namespace: r!.namespace || claimNamespace, name: r!.name! }));
  // azureFile names its secret's namespace separately, defaulting to the claim's.
  const azure = spec.azureFile;
  if (azure?.secretName)
    out.push({ namespace: azure.secretNamespace || claimNamespace, name: azure.secretName });
  return out;
}
