// The image half of the fake runtime: images by id, tag or digest, with scriptable pull failures
// and pull delays, so kubelet tests can drive ErrImagePull/ImagePullBackOff without a registry.
import { createHash } from 'node:crypto';
import type { Clock } from '../../base/clock.js';
import type { CriError } from './cri-errors.js';
import { imageRepository, normalizeImageRef, parseImageRef } from './image-ref.js';
import type { Image } from './runtime-service.js';

/** How a scripted pull of one reference behaves. */
export interface FakePullScript {
  /** The pull rejects with this error (until the script is replaced or cleared). */
  readonly error?: CriError;
  /** The pull takes this long on the injected clock. */
  readonly delayMs?: number;
  /** Size of the pulled image in bytes (default 1 MB). */
  readonly size?: number;
  /** The image's numeric USER. */
  readonly uid?: number;
}

function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** An in-memory image store: what a runtime holds, plus scripts for how pulls of a reference go. */
export class FakeImageStore {
  private readonly images = new Map<string, Image>();
  private readonly scripts = new Map<string, FakePullScript>();

  constructor(private readonly clock: Clock) {}

  /** Puts an image into the store as if it had been pulled; returns it. */
  add(ref: string, script: FakePullScript = {}): Image {
    const normalized = normalizeImageRef(ref);
    const existing = this.find(normalized);
    const id = existing?.id ?? sha256(`config:${normalized}`);
    const digest = sha256(`manifest:${normalized}`);
    const tags = new Set(existing?.repoTags ?? []);
    if (parseImageRef(normalized).digest === undefined) tags.add(normalized);
    const digests = new Set(existing?.repoDigests ?? []);
    digests.add(`${imageRepository(normalized)}@${digest}`);
    const image: Image = {
      id,
      repoTags: [...tags],
      repoDigests: [...digests],
      size: script.size ?? existing?.size ?? 1_000_000,
      ...(script.uid !== undefined ? { uid: script.uid } : {}),
      username: '',
      pinned: false,
    };
    this.images.set(id, image);
    return image;
  }

  /** Scripts how pulls of `ref` behave (replacing any earlier script); `undefined` clears it. */
  scriptPull(ref: string, script: FakePullScript | undefined): void {
    const key = normalizeImageRef(ref);
    if (script === undefined) this.scripts.delete(key);
    else this.scripts.set(key, script);
  }

  /** Finds an image by id, tag or repo digest, in any spelling ("busybox" = docker.io/library/busybox:latest). */
  find(ref: string): Image | undefined {
    const byId = this.images.get(ref) ?? this.images.get(`sha256:${ref}`);
    if (byId !== undefined) return byId;
    const normalized = normalizeImageRef(ref);
    for (const image of this.images.values()) {
      if (image.repoTags.includes(normalized) || image.repoDigests.includes(normalized)) return image;
    }
    return undefined;
  }

  /** Pulls `ref`: waits the scripted delay, fails as scripted, else stores the image and returns it. */
  async pull(ref: string, signal?: AbortSignal): Promise<Image> {
    const script = this.scripts.get(normalizeImageRef(ref)) ?? {};
    if (script.delayMs !== undefined && script.delayMs > 0) await this.clock.sleep(script.delayMs, signal);
    if (script.error !== undefined) throw script.error;
    return this.add(ref, script);
  }

  /** All images, or those matching `ref`. */
  list(ref?: string): Image[] {
    if (ref === undefined || ref === '') return [...this.images.values()];
    const image = this.find(ref);
    return image !== undefined ? [image] : [];
  }

  /** Removes the image `ref` names (all its tags); absent images are fine. */
  remove(ref: string): void {
    const image = this.find(ref);
    if (image !== undefined) this.images.delete(image.id);
  }

  /** Bytes used by all images. */
  usedBytes(): number {
    let total = 0;
    for (const image of this.images.values()) total += image.size;
    return total;
  }
}
