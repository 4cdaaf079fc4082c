// The MutatingAdmissionWebhook and ValidatingAdmissionWebhook plugins over the registry: webhook
// configurations, namespaces and services come from the watch cache (storage when the cache has
// not seen a namespace yet), objects are converted through the served versions.

import type { KubeObject } from '../../../api/object.js';
import { createLogger, type Logger } from '../../../base/logger.js';
import type { AdmissionAttributes } from '../../endpoints/server-context.js';
import type { ResourceRegistry } from '../../resource-registry.js';
import type { AdmissionPlugin } from '../admission-chain.js';
import { resourceLookup } from '../registry-lookups.js';
import type { DispatchContext } from './dispatch-context.js';
import { dispatchMutating } from './mutating-dispatcher.js';
import { resolveService } from './service-resolver.js';
import { dispatchValidating } from './validating-dispatcher.js';
import { sortedWebhooks, type WebhookAccessor } from './webhook-accessor.js';
import type { ServiceDialer } from './webhook-client.js';
import { isExemptFromWebhooks, webhookRequestFrom } from './webhook-request.js';

/** Options of webhookAdmissionPlugins. */
export interface WebhookAdmissionOptions {
  /** Receives the audit annotations webhooks add (`<webhook>/<key>`, `mutation.webhook.admission.k8s.io/...`). */
  recordAuditAnnotations?(attrs: AdmissionAttributes, annotations: Readonly<Record<string, string>>): void;
  /** Where calls that failed open are logged (default: the apiserver's stderr logger). */
  log?: Logger;
  /** Resolves service references (default: in-cluster pod endpoints, else the cluster IP). */
  dialService?: ServiceDialer;
}

/** The two webhook admission plugins, to run in upstream's order (mutating before validating). */
export interface WebhookAdmissionPlugins {
  readonly mutating: AdmissionPlugin;
  readonly validating: AdmissionPlugin;
}

/** Webhooks of one configuration kind, rebuilt only when a configuration object changes. */
function webhookSource(
  registry: ResourceRegistry,
  resource: string,
  mutating: boolean,
): () => WebhookAccessor[] {
  const store = registry.preferred('admissionregistration.k8s.io', resource).store;
  let seen: readonly KubeObject[] = [];
  let hooks: WebhookAccessor[] = [];
  return () => {
    const configurations = store.cachedList();
    const unchanged = configurations.length === seen.length && configurations.every((c, i) => c === seen[i]);
    if (!unchanged) {
      seen = configurations;
      hooks = sortedWebhooks(configurations, mutating);
    }
    return hooks;
  };
}

/** MutatingAdmissionWebhook and ValidatingAdmissionWebhook, reading their configurations from the registry's cache. */
export function webhookAdmissionPlugins(
  registry: ResourceRegistry,
  options: WebhookAdmissionOptions = {},
): WebhookAdmissionPlugins {
  const log = options.log ?? createLogger('apiserver.admission.webhook');
  const namespaces = resourceLookup(registry, '', 'namespaces');
  const services = resourceLookup(registry, '', 'services');
  const endpoints = resourceLookup(registry, '', 'endpoints');
  const pods = resourceLookup(registry, '', 'pods');
  const dialService: ServiceDialer =
    options.dialService ??
    ((ref) =>
      resolveService(ref, {
        service: (ns, name) => services.get(ns, name),
        endpoints: (ns, name) => endpoints.get(ns, name),
        pod: (ns, name) => pods.get(ns, name),
      }));
  const match = {
    served: registry.types,
    namespaceLabels: async (name: string) => {
      const namespace = await namespaces.get('', name);
      return namespace === undefined ? undefined : (namespace.metadata?.labels ?? {});
    },
  };
  const context = (attrs: AdmissionAttributes): DispatchContext => ({
    match,
    lookup: (r) => registry.lookup(r.group, r.version, r.resource),
    sinks: {
      dialService,
      warn: (text) => attrs.areq.warnings.push(text),
      annotate: (annotations) => options.recordAuditAnnotations?.(attrs, annotations),
    },
    ignored: (message) => log.warn(message),
  });
  const mutatingHooks = webhookSource(registry, 'mutatingwebhookconfigurations', true);
  const validatingHooks = webhookSource(registry, 'validatingwebhookconfigurations', false);

  const runMutating = async (attrs: AdmissionAttributes, object: KubeObject, old: KubeObject | undefined) => {
    const hooks = mutatingHooks();
    if (hooks.length === 0) return;
    const req = webhookRequestFrom(attrs, object, old);
    if (isExemptFromWebhooks(req)) return;
    await dispatchMutating(hooks, req, context(attrs));
  };
  const runValidating = async (
    attrs: AdmissionAttributes,
    object: KubeObject,
    old: KubeObject | undefined,
  ) => {
    const hooks = validatingHooks();
    if (hooks.length === 0) return;
    const req = webhookRequestFrom(attrs, object, old);
    if (isExemptFromWebhooks(req)) return;
    await dispatchValidating(hooks, req, context(attrs));
  };
  return {
    mutating: { name: 'MutatingAdmissionWebhook', handlesConnect: true, mutate: runMutating },
    validating: { name: 'ValidatingAdmissionWebhook', handlesConnect: true, validate: runValidating },
  };
}
