import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { CSIDriver, CSINode, StorageClass, VolumeAttachment } from 'kubernetes-types/storage/v1.js';
import { ageColumn, ageOf, column, nameColumn, nameOf, printer } from './columns.js';
import { fieldDocs } from './field-docs.js';
import { accessModes, quantity } from './format.js';

// The beta annotation predates spec.storageClassName and still wins over it.
const betaStorageClassAnnotation = 'volume.beta.kubernetes.io/storage-class';

function storageClassOf(obj: PersistentVolume | PersistentVolumeClaim, fromSpec: string | undefined): string {
  return obj.metadata?.annotations?.[betaStorageClassAnnotation] ?? fromSpec ?? '';
}

/** core/v1 PersistentVolume: Name, Capacity, Access Modes, Reclaim Policy, Status, Claim, StorageClass, VolumeAttributesClass, Reason, Age; wide VolumeMode. */
export const persistentVolumePrinter = printer<PersistentVolume>(
  [
    nameColumn,
    column('Capacity', 'string', fieldDocs['core/v1.PersistentVolumeSpec.capacity']),
    column('Access Modes', 'string', fieldDocs['core/v1.PersistentVolumeSpec.accessModes']),
    column(
      'Reclaim Policy',
      'string',
      fieldDocs['core/v1.PersistentVolumeSpec.persistentVolumeReclaimPolicy'],
    ),
    column('Status', 'string', fieldDocs['core/v1.PersistentVolumeStatus.phase']),
    column('Claim', 'string', fieldDocs['core/v1.PersistentVolumeSpec.claimRef']),
    column('StorageClass', 'string', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    column('Reason', 'string', fieldDocs['core/v1.PersistentVolumeStatus.reason']),
    ageColumn,
    column('VolumeMode', 'string', fieldDocs['core/v1.PersistentVolumeSpec.volumeMode'], { wide: true }),
  ],
  (pv, now) => {
    const claim = pv.spec?.claimRef;
    return [
      nameOf(pv),
      quantity(pv.spec?.capacity?.['storage']),
      accessModes(pv.spec?.accessModes),
      pv.spec?.persistentVolumeReclaimPolicy ?? '',
      pv.metadata?.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? ''),
      claim ? `${claim.namespace ?? ''}/${claim.name ?? ''}` : '',
      storageClassOf(pv, pv.spec?.storageClassName),
      pv.spec?.volumeAttributesClassName ?? '<unset>',
      pv.status?.reason ?? '',
      ageOf(pv, now),
      pv.spec?.volumeMode ?? '<unset>',
    ];
  },
);

/** core/v1 PersistentVolumeClaim: Name, Status, Volume, Capacity, Access Modes, StorageClass, VolumeAttributesClass, Age; wide VolumeMode. */
export const persistentVolumeClaimPrinter = printer<PersistentVolumeClaim>(
  [
    nameColumn,
    column('Status', 'string', fieldDocs['core/v1.PersistentVolumeClaimStatus.phase']),
    column('Volume', 'string', fieldDocs['core/v1.PersistentVolumeClaimSpec.volumeName']),
    column('Capacity', 'string', fieldDocs['core/v1.PersistentVolumeClaimStatus.capacity']),
    column('Access Modes', 'string', fieldDocs['core/v1.PersistentVolumeClaimStatus.accessModes']),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageColumn,
    column('VolumeMode', 'string', fieldDocs['core/v1.PersistentVolumeClaimSpec.volumeMode'], { wide: true }),
  ],
  (pvc, now) => {
    const volume = pvc.spec?.volumeName ?? '';
    // Capacity and access modes describe the bound volume, so they stay blank until binding.
    const bound = volume !== '';
    return [
      nameOf(pvc),
      pvc.metadata?.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? ''),
      volume,
      bound ? quantity(pvc.status?.capacity?.['storage']) : '',
      bound ? accessModes(pvc.status?.accessModes) : '',
      storageClassOf(pvc, pvc.spec?.storageClassName),
      pvc.spec?.volumeAttributesClassName ?? '<unset>',
      ageOf(pvc, now),
      pvc.spec?.volumeMode ?? '<unset>',
    ];
  },
);

function isDefaultClass(sc: StorageClass): boolean {
  const a = sc.metadata?.annotations ?? {};
  return (
    a['storageclass.kubernetes.io/is-default-class'] === 'true' ||
    a['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
  );
}

/** storage.k8s.io/v1 StorageClass: Name (" (default)" marked), Provisioner, ReclaimPolicy, VolumeBindingMode, AllowVolumeExpansion, Age. */
export const storageClassPrinter = printer<StorageClass>(
  [
    nameColumn,
    column('Provisioner', 'string', fieldDocs['storage/v1.StorageClass.provisioner']),
    column('ReclaimPolicy', 'string', fieldDocs['storage/v1.StorageClass.reclaimPolicy']),
    column('VolumeBindingMode', 'string', fieldDocs['storage/v1.StorageClass.volumeBindingMode']),
    column('AllowVolumeExpansion', 'string', fieldDocs['storage/v1.StorageClass.allowVolumeExpansion']),
    ageColumn,
  ],
  (sc, now) => [
    isDefaultClass(sc) ? `${nameOf(sc)} (default)` : nameOf(sc),
    sc.provisioner ?? '',
    sc.reclaimPolicy ?? 'Delete',
    sc.volumeBindingMode ?? 'Immediate',
    sc.allowVolumeExpansion ?? false,
    ageOf(sc, now),
  ],
);

/** storage.k8s.io/v1 VolumeAttachment: Name, Attacher, PV, Node, Attached, Age. */
export const volumeAttachmentPrinter = printer<VolumeAttachment>(
  [
    nameColumn,
    // Upstream marks Attacher with format "name" too.
    column('Attacher', 'string', fieldDocs['storage/v1.VolumeAttachmentSpec.attacher'], { format: 'name' }),
    column('PV', 'string', fieldDocs['storage/v1.VolumeAttachmentSource.persistentVolumeName']),
    column('Node', 'string', fieldDocs['storage/v1.VolumeAttachmentSpec.nodeName']),
    column('Attached', 'boolean', fieldDocs['storage/v1.VolumeAttachmentStatus.attached']),
    ageColumn,
  ],
  (va, now) => [
    nameOf(va),
    va.spec?.attacher ?? '',
    va.spec?.source?.persistentVolumeName ?? '',
    va.spec?.nodeName ?? '',
    va.status?.attached ?? false,
    ageOf(va, now),
  ],
);

/** storage.k8s.io/v1 CSIDriver: Name, AttachRequired, PodInfoOnMount, StorageCapacity, TokenRequests, RequiresRepublish, Modes, Age. */
export const csiDriverPrinter = printer<CSIDriver>(
  [
    nameColumn,
    column('AttachRequired', 'boolean', fieldDocs['storage/v1.CSIDriverSpec.attachRequired']),
    column('PodInfoOnMount', 'boolean', fieldDocs['storage/v1.CSIDriverSpec.podInfoOnMount']),
    column('StorageCapacity', 'boolean', fieldDocs['storage/v1.CSIDriverSpec.storageCapacity']),
    column('TokenRequests', 'string', fieldDocs['storage/v1.CSIDriverSpec.tokenRequests']),
    column('RequiresRepublish', 'boolean', fieldDocs['storage/v1.CSIDriverSpec.requiresRepublish']),
    column('Modes', 'string', fieldDocs['storage/v1.CSIDriverSpec.volumeLifecycleModes']),
    ageColumn,
  ],
  (d, now) => {
    const spec = d.spec;
    const tokens = spec?.tokenRequests;
    return [
      nameOf(d),
      spec?.attachRequired ?? true,
      spec?.podInfoOnMount ?? false,
      spec?.storageCapacity ?? false,
      tokens ? tokens.map((t) => t.audience).join(',') : '<unset>',
      spec?.requiresRepublish ?? false,
      (spec?.volumeLifecycleModes ?? []).join(',') || '<none>',
      ageOf(d, now),
    ];
  },
);

/** storage.k8s.io/v1 CSINode: Name, Drivers (count), Age. */
export const csiNodePrinter = printer<CSINode>(
  [
    nameColumn,
    column('Drivers', 'integer', 'Drivers indicates the number of CSI drivers registered on the node'),
    ageColumn,
  ],
  (n, now) => [nameOf(n), (n.spec?.drivers ?? []).length, ageOf(n, now)],
);
