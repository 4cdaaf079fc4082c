import type { ControllerDescriptor } from '../controller-context.js';
import { PersistentVolumeBinderController } from './pv-binder-controller.js';
import { PVProtectionController } from './pv-protection-controller.js';
import { PVCProtectionController } from './pvc-protection-controller.js';

export {
  PersistentVolumeBinderController,
  type PersistentVolumeBinderOptions,
} from './pv-binder-controller.js';
export {
  PVCProtectionController,
  podUsesClaim,
  pvcProtectionFinalizer,
} from './pvc-protection-controller.js';
export { PVProtectionController, pvProtectionFinalizer } from './pv-protection-controller.js';
export {
  claimClass,
  findBestMatchForClaim,
  findMatchingVolume,
  volumeFitsNode,
  volumeSatisfiesClaim,
  type MatchOptions,
} from './volume-matching.js';
export { claimBoundToVolume, claimStatusFor, volumeBoundToClaim } from './binding-updates.js';

/** The PersistentVolume binder ("persistentvolume-binder": one volume and one claim worker). */
export const persistentVolumeBinderDescriptor: ControllerDescriptor = {
  name: 'persistentvolume-binder',
  defaultWorkers: 1,
  setup(context) {
    const controller = new PersistentVolumeBinderController({ context });
    return { run: () => controller.run() };
  },
};

/** The PVC protection controller ("pvc-protection", one worker). */
export const pvcProtectionDescriptor: ControllerDescriptor = {
  name: 'pvc-protection',
  defaultWorkers: 1,
  setup(context, workers) {
    const controller = new PVCProtectionController({ context, workers });
    return { run: () => controller.run() };
  },
};

/** The PV protection controller ("pv-protection", one worker). */
export const pvProtectionDescriptor: ControllerDescriptor = {
  name: 'pv-protection',
  defaultWorkers: 1,
  setup(context, workers) {
    const controller = new PVProtectionController({ context, workers });
    return { run: () => controller.run() };
  },
};
