// One webhook of a stored Mutating/ValidatingWebhookConfiguration, read defensively into the
// shape the dispatchers use (upstream's webhook.WebhookAccessor). Stored objects carry upstream's
// defaults, but an absent field still reads as its default here.

import { isPlainObject, type KubeObject } from '../../../api/object.js';

/** One entry of a webhook's rules, with its embedded Rule flattened as in JSON. */
export interface WebhookRule {
  readonly operations: readonly string[];
  readonly apiGroups: readonly string[];
  readonly apiVersions: readonly string[];
  readonly resources: readonly string[];
  /** "*", "Cluster" or "Namespaced". */
  readonly scope: string;
}

/** Where a service-backed webhook listens. */
export interface WebhookServiceReference {
  readonly namespace: string;
  readonly name: string;
  readonly path: string | undefined;
  readonly port: number;
}

/** How to reach a webhook: exactly one of url and service, and the CA to trust. */
export interface WebhookClientConfig {
  readonly url: string | undefined;
  readonly service: WebhookServiceReference | undefined;
  /** PEM text decoded from caBundle; undefined means the system roots. */
  readonly caPem: string | undefined;
}

/** A webhook as the dispatchers see it. */
export interface WebhookAccessor {
  /** Unique among all configurations: `<configuration>/<webhook>/<index>`, as upstream's GetUID. */
  readonly uid: string;
  readonly configurationName: string;
  readonly name: string;
  readonly mutating: boolean;
  readonly rules: readonly WebhookRule[];
  readonly failurePolicy: 'Fail' | 'Ignore';
  readonly matchPolicy: 'Exact' | 'Equivalent';
  readonly namespaceSelector: unknown;
  readonly objectSelector: unknown;
  /** Undefined when unset (only possible for objects written before v1 validation). */
  readonly sideEffects: string | undefined;
  readonly timeoutSeconds: number;
  readonly admissionReviewVersions: readonly string[];
  readonly reinvocationPolicy: 'Never' | 'IfNeeded';
  readonly clientConfig: WebhookClientConfig;
}

type Json = Record<string, unknown>;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function readRule(rule: Json): WebhookRule {
  return {
    operations: strings(rule['operations']),
    apiGroups: strings(rule['apiGroups']),
    apiVersions: strings(rule['apiVersions']),
    resources: strings(rule['resources']),
    scope: text(rule['scope']) ?? '*',
  };
}

function readClientConfig(config: Json): WebhookClientConfig {
  const service = isPlainObject(config['service']) ? config['service'] : undefined;
  const caBundle = text(config['caBundle']);
  return {
    url: text(config['url']),
    service: service && {
      namespace: text(service['namespace']) ?? '',
      name: text(service['name']) ?? '',
      path: text(service['path']),
      port: typeof service['port'] === 'number' ? service['port'] : 443,
    },
    caPem: caBundle ? Buffer.from(caBundle, 'base64').toString('utf8') : undefined,
  };
}

/** The webhooks of one configuration object, in their listed order. */
export function webhookAccessors(configuration: KubeObject, mutating: boolean): WebhookAccessor[] {
  const configurationName = configuration.metadata?.name ?? '';
  const hooks = Array.isArray(configuration['webhooks']) ? (configuration['webhooks'] as unknown[]) : [];
  return hooks.filter(isPlainObject).map((hook, index) => {
    const name = text(hook['name']) ?? '';
    return {
      uid: `${configurationName}/${name}/${index}`,
      configurationName,
      name,
      mutating,
      rules: (Array.isArray(hook['rules']) ? hook['rules'] : []).filter(isPlainObject).map(readRule),
      failurePolicy: hook['failurePolicy'] === 'Ignore' ? 'Ignore' : 'Fail',
      matchPolicy: hook['matchPolicy'] === 'Exact' ? 'Exact' : 'Equivalent',
      namespaceSelector: hook['namespaceSelector'] ?? {},
      objectSelector: hook['objectSelector'] ?? {},
      sideEffects: text(hook['sideEffects']),
      timeoutSeconds: typeof hook['timeoutSeconds'] === 'number' ? hook['timeoutSeconds'] : 10,
      admissionReviewVersions: strings(hook['admissionReviewVersions']),
      reinvocationPolicy: hook['reinvocationPolicy'] === 'IfNeeded' ? 'IfNeeded' : 'Never',
      clientConfig: readClientConfig(isPlainObject(hook['clientConfig']) ? hook['clientConfig'] : {}),
    };
  });
}

/**
 * Every webhook of the given configurations, configurations sorted by name (upstream's
 * configuration manager sorts them so the call order does not depend on the cache's order).
 */
export function sortedWebhooks(configurations: readonly KubeObject[], mutating: boolean): WebhookAccessor[] {
  const byName = [...configurations].sort((a, b) => {
    const x = a.metadata?.name ?? '';
    const y = b.metadata?.name ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return byName.flatMap((c) => webhookAccessors(c, mutating));
}
