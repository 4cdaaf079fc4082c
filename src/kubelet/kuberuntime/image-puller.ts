// Pulls a container's image as its imagePullPolicy says (upstream's imageManager.EnsureImageExists):
// Always pulls, IfNotPresent pulls when missing, Never only uses what is there. A failed pull is
// ErrImagePull, and further tries within the backoff (10 s doubling to 5 min, per pod and image)
// are ImagePullBackOff without touching the registry. Events as upstream words them.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../../base/clock.js';
import { isInBackoffSince, nextBackoff, type BackoffEntry } from '../container-backoff.js';
import { normalizeImageRef, parseImageRef } from '../cri/image-ref.js';
import type { AuthConfig, Image, ImageService, PodSandboxConfig } from '../cri/runtime-service.js';

/** A pulled (or present) image, or why the container cannot start. */
export type EnsureImageResult =
  | { readonly ok: true; readonly image: Image }
  | {
      readonly ok: false;
      readonly reason: 'ErrImagePull' | 'ImagePullBackOff' | 'ErrImageNeverPull' | 'InvalidImageName';
      readonly message: string;
    };

/** An event the puller wants recorded about the container. */
export interface PullEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

/** Settings of an ImagePuller. */
export interface ImagePullerOptions {
  readonly images: ImageService;
  readonly clock: Clock;
}

function pullPolicy(container: Container): string {
  if (container.imagePullPolicy) return container.imagePullPolicy;
  // The API defaults it; pods that skipped defaulting (static files) get the same rule.
  const ref = parseImageRef(container.image ?? '');
  if (ref.digest !== undefined) return 'IfNotPresent';
  return ref.tag === undefined || ref.tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;
}

/** The node's image puller; one per kubelet. */
export class ImagePuller {
  private readonly images: ImageService;
  private readonly clock: Clock;
  private readonly backoff = new Map<string, BackoffEntry>();
  private readonly lastError = new Map<string, string>();

  constructor(options: ImagePullerOptions) {
    this.images = options.images;
    this.clock = options.clock;
  }

  /** Makes sure the container's image is present, recording events through `emit`. */
  async ensureImage(
    pod: Pod,
    container: Container,
    auth: () => Promise<AuthConfig | undefined>,
    sandboxConfig: PodSandboxConfig,
    emit: (event: PullEvent) => void,
  ): Promise<EnsureImageResult> {
    const image = container.image ?? '';
    if (image === '')
      return {
        ok: false,
        reason: 'InvalidImageName',
        message: `Failed to apply default image tag "": couldn't parse image name "": invalid reference format`,
      };
    const policy = pullPolicy(container);
    const present = policy === 'Always' ? undefined : (await this.images.imageStatus({ image })).image;
    if (present !== undefined) {
      emit({
        type: 'Normal',
        reason: 'Pulled',
        message: `Container image "${image}" already present on machine`,
      });
      return { ok: true, image: present };
    }
    if (policy === 'Never') {
      const message = `Container image "${image}" is not present with pull policy of Never`;
      emit({ type: 'Warning', reason: 'ErrImageNeverPull', message });
      return { ok: false, reason: 'ErrImageNeverPull', message };
    }
    const key = `${pod.metadata?.uid ?? ''}/${normalizeImageRef(image)}`;
    const now = this.clock.now();
    const entry = this.backoff.get(key);
    if (entry !== undefined && isInBackoffSince(entry, entry.lastUpdate, now)) {
      emit({ type: 'Normal', reason: 'BackOff', message: `Back-off pulling image "${image}"` });
      return {
        ok: false,
        reason: 'ImagePullBackOff',
        message: `Back-off pulling image "${image}": ErrImagePull: ${this.lastError.get(key) ?? ''}`,
      };
    }
    emit({ type: 'Normal', reason: 'Pulling', message: `Pulling image "${image}"` });
    const started = this.clock.now();
    try {
      const credentials = await auth();
      await this.images.pullImage({
        image: { image },
        ...(credentials ? { auth: credentials } : {}),
        sandboxConfig,
      });
      const pulled = (await this.images.imageStatus({ image })).image;
      if (pulled === undefined) throw new Error(`image "${image}" not found after pull`);
      const took = seconds(this.clock.now() - started);
      emit({
        type: 'Normal',
        reason: 'Pulled',
        message: `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${pulled.size} bytes.`,
      });
      this.backoff.delete(key);
      this.lastError.delete(key);
      return { ok: true, image: pulled };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.backoff.set(key, nextBackoff(entry, this.clock.now(), this.clock.now()));
      this.lastError.set(key, message);
      emit({ type: 'Warning', reason: 'Failed', message: `Failed to pull image "${image}": ${message}` });
      return { ok: false, reason: 'ErrImagePull', message };
    }
  }

  /** When the pull backoff of the pod's image ends (for a wake-up), if it is in backoff. */
  backoffEnds(pod: Pod, image: string): number | undefined {
    const entry = this.backoff.get(`${pod.metadata?.uid ?? ''}/${normalizeImageRef(image)}`);
    return entry === undefined ? undefined : entry.lastUpdate + entry.backoffMs;
  }

  /** Forgets a pod's backoff entries. */
  forgetPod(podUid: string): void {
    for (const key of [...this.backoff.keys()])
      if (key.startsWith(`${podUid}/`)) {
        this.backoff.delete(key);
        this.lastError.delete(key);
      }
  }
}
