import type {
  Node,
  NodeSelectorRequirement,
  PersistentVolume,
  PersistentVolumeClaim,
} from 'kubernetes-types/core/v1.js';
import { selectorFromLabelSelector } from '../../machinery/labels/index.js';
import { compareQuantity, parseQuantityValue, zeroQuantity } from '../shared/infra-quantity.js';

/** The claim's storage class: the beta annotation first, then spec.storageClassName. */
export function claimClass(claim: PersistentVolumeClaim): string {
  return (
    claim.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ??
    claim.spec?.storageClassName ??
    ''
  );
}

/** The volume's storage class: the beta annotation first, then spec.storageClassName. */
export function volumeClass(volume: PersistentVolume): string {
  return (
    volume.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ??
    volume.spec?.storageClassName ??
    ''
  );
}

/** True when the volume's claimRef names this claim (and its UID, when the ref carries one). */
export function isVolumeBoundToClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = volume.spec?.claimRef;
  if (ref === undefined || ref === null) return false;
  if (ref.name !== claim.metadata?.name || ref.namespace !== claim.metadata?.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata?.uid;
}

/** True when claim and volume disagree on volumeMode (both default to Filesystem). */
export function volumeModeMismatch(claim: PersistentVolumeClaim, volume: PersistentVolume): boolean {
  return (claim.spec?.volumeMode ?? 'Filesystem') !== (volume.spec?.volumeMode ?? 'Filesystem');
}

/** True when the volume offers every access mode the claim asks for. */
export function hasAccessModes(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const offered = volume.spec?.accessModes ?? [];
  return (claim.spec?.accessModes ?? []).every((m) => offered.includes(m));
}

function requirementMatches(req: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || !/^-?[0-9]+$/.test(value) || values.length !== 1) return false;
      const v = Number(value);
      const bound = Number(values[0]);
      return req.operator === 'Gt' ? v > bound : v < bound;
    }
    default:
      return false;
  }
}

/** True when the volume's required node affinity admits the node (CheckNodeAffinity). */
export function volumeFitsNode(volume: PersistentVolume, node: Node): boolean {
  const terms = volume.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (terms === undefined || terms === null) return true;
  const labels = node.metadata?.labels ?? {};
  const fields: Record<string, string> = { 'metadata.name': node.metadata?.name ?? '' };
  return terms.some((term) => {
    const exprs = term.matchExpressions ?? [];
    const fieldExprs = term.matchFields ?? [];
    if (exprs.length === 0 && fieldExprs.length === 0) return false;
    return (
      exprs.every((r) => requirementMatches(r, labels[r.key])) &&
      fieldExprs.every((r) => requirementMatches(r, fields[r.key]))
    );
  });
}

/** Why the volume cannot satisfy the claim, or undefined when it can (checkVolumeSatisfyClaim). */
export function volumeSatisfiesClaim(
  volume: PersistentVolume,
  claim: PersistentVolumeClaim,
): string | undefined {
  const requested = parseQuantityValue(claim.spec?.resources?.requests?.['storage']) ?? zeroQuantity();
  const capacity = parseQuantityValue(volume.spec?.capacity?.['storage']) ?? zeroQuantity();
  if (compareQuantity(requested, capacity) > 0) return 'requested PV is too small';
  if (volumeClass(volume) !== claimClass(claim)) return 'storageClassName does not match';
  if (volumeModeMismatch(claim, volume)) return 'incompatible volumeMode';
  if (!hasAccessModes(volume, claim)) return 'incompatible accessMode';
  return undefined;
}

/** What a volume search is run with. */
export interface MatchOptions {
  /** The node the claim's pod goes to (scheduler path: node affinity and access modes checked). */
  readonly node?: Node;
  /** The claim's class binds WaitForFirstConsumer: without a node only pre-bound volumes match. */
  readonly delayBinding?: boolean;
}

/**
 * The volume for a claim among `volumes` (FindMatchingVolume): one pre-bound to the claim wins;
 * otherwise the smallest Available volume with enough capacity, the claim's class and volumeMode,
 * labels matching the claim's selector and — with a node — fitting the node and the access modes.
 */
export function findMatchingVolume(
  claim: PersistentVolumeClaim,
  volumes: readonly PersistentVolume[],
  options: MatchOptions = {},
): PersistentVolume | undefined {
  const requested = parseQuantityValue(claim.spec?.resources?.requests?.['storage']) ?? zeroQuantity();
  const cls = claimClass(claim);
  let selector;
  if (claim.spec?.selector !== undefined && claim.spec.selector !== null)
    selector = selectorFromLabelSelector(claim.spec.selector);
  let smallest: PersistentVolume | undefined;
  for (const volume of volumes) {
    if (volume.spec?.claimRef && !isVolumeBoundToClaim(volume, claim)) continue;
    const capacity = parseQuantityValue(volume.spec?.capacity?.['storage']) ?? zeroQuantity();
    if (compareQuantity(capacity, requested) < 0) continue;
    if (volumeModeMismatch(claim, volume)) continue;
    const fitsNode = options.node === undefined || volumeFitsNode(volume, options.node);
    if (isVolumeBoundToClaim(volume, claim)) return fitsNode ? volume : undefined;
    // With delayed binding the scheduler picks the volume once it has picked a node.
    if (options.node === undefined && options.delayBinding) continue;
    if (volume.status?.phase !== 'Available') continue;
    if (selector !== undefined && !selector.matches(volume.metadata?.labels ?? {})) continue;
    if (volumeClass(volume) !== cls) continue;
    if (!fitsNode) continue;
    if (options.node !== undefined && !hasAccessModes(volume, claim)) continue;
    const smallestCapacity = parseQuantityValue(smallest?.spec?.capacity?.['storage']);
    if (
      smallest === undefined ||
      (smallestCapacity !== undefined && compareQuantity(smallestCapacity, capacity) > 0)
    )
      smallest = volume;
  }
  return smallest;
}

const modeOrder = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

function modesKey(modes: readonly string[] | undefined): string {
  return [...new Set(modes ?? [])].sort((a, b) => modeOrder.indexOf(a) - modeOrder.indexOf(b)).join(',');
}

/**
 * The best volume for a claim the way the PV controller searches (findBestMatchForClaim): volumes
 * grouped by their exact access modes, groups offering every requested mode searched from the
 * fewest modes up, the first match winning.
 */
export function findBestMatchForClaim(
  claim: PersistentVolumeClaim,
  volumes: readonly PersistentVolume[],
  delayBinding: boolean,
): PersistentVolume | undefined {
  const groups = new Map<string, PersistentVolume[]>();
  for (const v of volumes) {
    const key = modesKey(v.spec?.accessModes);
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  const requested = claim.spec?.accessModes ?? [];
  const candidates = [...groups.entries()]
    .filter(([key]) => {
      const modes = key === '' ? [] : key.split(',');
      return requested.every((m) => modes.includes(m));
    })
    .sort((a, b) => (a[0] === '' ? 0 : a[0].split(',').length) - (b[0] === '' ? 0 : b[0].split(',').length));
  for (const [, group] of candidates) {
    const found = findMatchingVolume(claim, group, { delayBinding });
    if (found !== undefined) return found;
  }
  return undefined;
}
