import type { KubeObject } from '../../api/object.js';
import type { Admission, AdmissionAttributes } from '../endpoints/server-context.js';

/** One admission plugin; either stage may be absent. */
export interface AdmissionPlugin {
  readonly name: string;
  /**
   * Whether the plugin also judges CONNECT requests (exec, attach, port-forward, proxy). Upstream's
   * built-in plugins do not; the admission webhooks do.
   */
  readonly handlesConnect?: boolean;
  mutate?(attrs: AdmissionAttributes, object: KubeObject, old: KubeObject | undefined): Promise<void>;
  validate?(attrs: AdmissionAttributes, object: KubeObject, old: KubeObject | undefined): Promise<void>;
}

function handles(plugin: AdmissionPlugin, attrs: AdmissionAttributes): boolean {
  return attrs.operation !== 'CONNECT' || plugin.handlesConnect === true;
}

/** Runs plugins in upstream order: every mutating stage first (at the handler), every validating one last (before storage). */
export class AdmissionChain implements Admission {
  constructor(private readonly plugins: readonly AdmissionPlugin[]) {}

  /** The plugins' names, in the order they run. */
  get pluginNames(): string[] {
    return this.plugins.map((p) => p.name);
  }

  async mutate(attrs: AdmissionAttributes, object: KubeObject, old: KubeObject | undefined): Promise<void> {
    for (const p of this.plugins) if (handles(p, attrs)) await p.mutate?.(attrs, object, old);
  }

  async validate(attrs: AdmissionAttributes, object: KubeObject, old: KubeObject | undefined): Promise<void> {
    for (const p of this.plugins) if (handles(p, attrs)) await p.validate?.(attrs, object, old);
  }
}
