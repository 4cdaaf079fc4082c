import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { ResourceClient } from '../../client/index.js';
import type { Lister } from '../../informers/index.js';
import { claimBoundToVolume, claimStatusFor, volumeBoundToClaim } from './binding-updates.js';

type Versioned = { metadata?: { resourceVersion?: string } };

function version(o: Versioned): bigint {
  const rv = o.metadata?.resourceVersion ?? '';
  return /^[0-9]+$/.test(rv) ? BigInt(rv) : 0n;
}

function newer<T extends Versioned>(cached: T, written: T | undefined): T {
  return written !== undefined && version(written) > version(cached) ? written : cached;
}

/** What a BindingStore reads and writes through. */
export interface BindingStoreOptions {
  readonly volumes: Lister<PersistentVolume>;
  readonly claims: Lister<PersistentVolumeClaim>;
  readonly volumeClient: ResourceClient<PersistentVolume>;
  readonly claimClient: ResourceClient<PersistentVolumeClaim>;
}

/**
 * Volumes and claims as the binder sees them: the informers' copies, overlaid with what the
 * binder itself wrote until the informers catch up — so a volume just bound never looks Available
 * to the next claim (upstream keeps its own cache for the same reason).
 */
export class BindingStore {
  private readonly options: BindingStoreOptions;
  private readonly writtenVolumes = new Map<string, PersistentVolume>();
  private readonly writtenClaims = new Map<string, PersistentVolumeClaim>();

  constructor(options: BindingStoreOptions) {
    this.options = options;
  }

  /** The volume named `name`, newest known version. */
  volume(name: string): PersistentVolume | undefined {
    const cached = this.options.volumes.get('', name);
    return cached && newer(cached, this.writtenVolumes.get(name));
  }

  /** Every volume, newest known versions. */
  allVolumes(): PersistentVolume[] {
    return this.options.volumes.list().map((v) => newer(v, this.writtenVolumes.get(v.metadata?.name ?? '')));
  }

  /** The claim, newest known version. */
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined {
    const cached = this.options.claims.get(namespace, name);
    return cached && newer(cached, this.writtenClaims.get(`${namespace}/${name}`));
  }

  /** Forgets a deleted volume. */
  volumeDeleted(name: string): void {
    this.writtenVolumes.delete(name);
  }

  /** Forgets a deleted claim. */
  claimDeleted(namespace: string, name: string): void {
    this.writtenClaims.delete(`${namespace}/${name}`);
  }

  /** Replaces a volume (guarded by its resourceVersion). */
  async updateVolume(volume: PersistentVolume): Promise<PersistentVolume> {
    return this.rememberVolume(await this.options.volumeClient.update(volume));
  }

  /** Sets a volume's phase and message unless they already are (updateVolumePhase). */
  async updateVolumePhase(volume: PersistentVolume, phase: string, message = ''): Promise<PersistentVolume> {
    if (volume.status?.phase === phase && (volume.status?.message ?? '') === message) return volume;
    const status = { ...(volume.status ?? {}), phase };
    if (message !== '') status.message = message;
    else delete status.message;
    return this.rememberVolume(await this.options.volumeClient.updateStatus({ ...volume, status }));
  }

  /** Replaces a claim (guarded by its resourceVersion). */
  async updateClaim(claim: PersistentVolumeClaim): Promise<PersistentVolumeClaim> {
    const client = this.options.claimClient.namespace(claim.metadata?.namespace ?? '');
    return this.rememberClaim(await client.update(claim));
  }

  /** Writes the claim status for `phase` (and `volume`) when it differs (updateClaimStatus). */
  async updateClaimStatus(
    claim: PersistentVolumeClaim,
    phase: string,
    volume: PersistentVolume | undefined,
  ): Promise<PersistentVolumeClaim> {
    const status = claimStatusFor(claim, phase, volume);
    if (status === undefined) return claim;
    const client = this.options.claimClient.namespace(claim.metadata?.namespace ?? '');
    return this.rememberClaim(await client.updateStatus({ ...claim, status }));
  }

  /** Binds volume and claim to each other and sets both phases to Bound (bind). */
  async bind(volume: PersistentVolume, claim: PersistentVolumeClaim): Promise<void> {
    const boundVolume = volumeBoundToClaim(volume, claim);
    let v = boundVolume === undefined ? volume : await this.updateVolume(boundVolume);
    v = await this.updateVolumePhase(v, 'Bound');
    const boundClaim = claimBoundToVolume(claim, v);
    const c = boundClaim === undefined ? claim : await this.updateClaim(boundClaim);
    await this.updateClaimStatus(c, 'Bound', v);
  }

  private rememberVolume(stored: PersistentVolume): PersistentVolume {
    this.writtenVolumes.set(stored.metadata?.name ?? '', stored);
    return stored;
  }

  private rememberClaim(stored: PersistentVolumeClaim): PersistentVolumeClaim {
    this.writtenClaims.set(`${stored.metadata?.namespace}/${stored.metadata?.name}`, stored);
    return stored;
  }
}
