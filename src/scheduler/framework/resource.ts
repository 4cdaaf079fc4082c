import { quantityFor } from '../corev1/quantity.js';
import { isScalarResourceName } from '../corev1/resource-names.js';

/**
 * An amount of node resources as the scheduler counts them (upstream's framework.Resource): CPU in
 * milli-units, memory and ephemeral storage in bytes, a pod count, and scalar resources
 * (extended resources, hugepages) by name.
 */
export class Resource {
  milliCpu = 0;
  memory = 0;
  ephemeralStorage = 0;
  allowedPodNumber = 0;
  /** Scalar resources; undefined until one is set, to keep the common case allocation-free. */
  scalar: Map<string, number> | undefined = undefined;

  /** A Resource from an API ResourceList (allocatable, requests). */
  static fromList(list: Readonly<Record<string, string | number>> | undefined): Resource {
    const r = new Resource();
    if (list !== undefined)
      for (const [name, q] of Object.entries(list)) r.addNamed(name, quantityFor(name, q));
    return r;
  }

  /** A Resource from already-counted amounts by name (see podRequests). */
  static fromMap(amounts: ReadonlyMap<string, number>): Resource {
    const r = new Resource();
    for (const [name, v] of amounts) r.addNamed(name, v);
    return r;
  }

  /** Adds `amount` of `name` in the scheduler's unit for it. */
  addNamed(name: string, amount: number): void {
    switch (name) {
      case 'cpu':
        this.milliCpu += amount;
        return;
      case 'memory':
        this.memory += amount;
        return;
      case 'pods':
        this.allowedPodNumber += amount;
        return;
      case 'ephemeral-storage':
        this.ephemeralStorage += amount;
        return;
      default:
        if (isScalarResourceName(name)) this.addScalar(name, amount);
    }
  }

  /** Adds to a scalar resource. */
  addScalar(name: string, amount: number): void {
    this.scalar ??= new Map();
    this.scalar.set(name, (this.scalar.get(name) ?? 0) + amount);
  }

  /** The amount of a scalar resource (0 when absent). */
  getScalar(name: string): number {
    return this.scalar?.get(name) ?? 0;
  }

  /** Adds `other` times `sign` (1 or -1) into this. */
  addResource(other: Resource, sign: 1 | -1 = 1): void {
    this.milliCpu += sign * other.milliCpu;
    this.memory += sign * other.memory;
    this.ephemeralStorage += sign * other.ephemeralStorage;
    this.allowedPodNumber += sign * other.allowedPodNumber;
    if (other.scalar !== undefined) for (const [k, v] of other.scalar) this.addScalar(k, sign * v);
  }

  /** True when nothing is requested. */
  isZero(): boolean {
    if (this.milliCpu !== 0 || this.memory !== 0 || this.ephemeralStorage !== 0) return false;
    if (this.scalar !== undefined) for (const v of this.scalar.values()) if (v !== 0) return false;
    return true;
  }

  /** The amount of `name` in the scheduler's unit. */
  get(name: string): number {
    switch (name) {
      case 'cpu':
        return this.milliCpu;
      case 'memory':
        return this.memory;
      case 'ephemeral-storage':
        return this.ephemeralStorage;
      case 'pods':
        return this.allowedPodNumber;
      default:
        return this.getScalar(name);
    }
  }

  /** An independent copy. */
  clone(): Resource {
    const r = new Resource();
    r.milliCpu = this.milliCpu;
    r.memory = this.memory;
    r.ephemeralStorage = this.ephemeralStorage;
    r.allowedPodNumber = this.allowedPodNumber;
    if (this.scalar !== undefined) r.scalar = new Map(this.scalar);
    return r;
  }
}
