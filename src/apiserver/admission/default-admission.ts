import type { Authorizer } from '../auth/rbac/authorizer.js';
import type { ResourceRegistry } from '../resource-registry.js';
import type { AdmissionAttributes } from '../endpoints/server-context.js';
import { AdmissionChain, type AdmissionPlugin } from './admission-chain.js';
import { enabledAdmissionPlugins, type AdmissionPluginSelection } from './admission-plugin-names.js';
import { namespaceLifecycle } from './namespace-lifecycle.js';
import { certificateApproval } from './plugins/certificate-approval.js';
import { certificateSigning } from './plugins/certificate-signing.js';
import { certificateSubjectRestriction } from './plugins/certificate-subject-restriction.js';
import { defaultIngressClass } from './plugins/default-ingress-class.js';
import { defaultStorageClass } from './plugins/default-storage-class.js';
import { defaultTolerationSeconds } from './plugins/default-toleration-seconds.js';
import { limitRanger } from './plugins/limit-ranger.js';
import { nodeRestriction } from './plugins/node-restriction.js';
import { priority } from './plugins/priority.js';
import { resourceQuota } from './plugins/resource-quota.js';
import { runtimeClass } from './plugins/runtime-class.js';
import { serviceAccountAdmission } from './plugins/service-account.js';
import { storageObjectInUseProtection } from './plugins/storage-object-in-use-protection.js';
import { taintNodesByCondition } from './plugins/taint-nodes-by-condition.js';
import { podSecurityAdmission } from './pod-security/pod-security-admission.js';
import { quotaStatusWriter, resourceLookup, serviceAccountGetter } from './registry-lookups.js';
import { webhookAdmissionPlugins, type WebhookAdmissionOptions } from './webhook/webhook-admission.js';

/** What building the admission chain needs besides the registry. */
export interface AdmissionOptions extends AdmissionPluginSelection {
  /** The server's authorizer: CertificateApproval and CertificateSigning check signer permissions with it. */
  authorizer?: Authorizer;
  /** Receives audit annotations plugins record (PodSecurity's enforce-policy, audit-violations, ...). */
  recordAuditAnnotations?(attrs: AdmissionAttributes, annotations: Readonly<Record<string, string>>): void;
}

type PluginFactory = () => AdmissionPlugin;

function webhookAuditOptions(options: AdmissionOptions): WebhookAdmissionOptions {
  return options.recordAuditAnnotations ? { recordAuditAnnotations: options.recordAuditAnnotations } : {};
}

/** How to build each built-in plugin over the registry, by upstream plugin name. */
function pluginFactories(
  registry: ResourceRegistry,
  options: AdmissionOptions,
): ReadonlyMap<string, PluginFactory> {
  const lookup = (group: string, resource: string) => resourceLookup(registry, group, resource);
  // Upstream refuses to start these plugins without an authorizer (ValidateInitialization).
  const requireAuthorizer = (plugin: string): Authorizer => {
    if (options.authorizer === undefined) throw new Error(`${plugin} requires an authorizer`);
    return options.authorizer;
  };
  const namespaces = lookup('', 'namespaces');
  const pods = lookup('', 'pods');
  const quotas = lookup('', 'resourcequotas');
  const priorityClasses = lookup('scheduling.k8s.io', 'priorityclasses');
  const factories: [string, PluginFactory][] = [
    [
      'NamespaceLifecycle',
      () =>
        namespaceLifecycle({
          cachedNamespace: (name) => namespaces.cached('', name),
          liveNamespace: (name) => namespaces.live('', name),
        }),
    ],
    [
      'LimitRanger',
      () => {
        const limitRanges = lookup('', 'limitranges');
        return limitRanger({ listLimitRanges: async (ns) => limitRanges.cachedList(ns) });
      },
    ],
    [
      'ServiceAccount',
      () =>
        serviceAccountAdmission({ getServiceAccount: serviceAccountGetter(lookup('', 'serviceaccounts')) }),
    ],
    [
      'NodeRestriction',
      () => {
        const nodes = lookup('', 'nodes');
        return nodeRestriction({
          getPod: (ns, name) => pods.get(ns, name),
          getNode: (name) => nodes.get('', name),
        });
      },
    ],
    ['TaintNodesByCondition', () => taintNodesByCondition()],
    [
      'PodSecurity',
      () =>
        podSecurityAdmission({
          getNamespace: (name) => namespaces.get('', name),
          listPods: async (ns) => pods.cachedList(ns),
          ...(options.recordAuditAnnotations
            ? { recordAuditAnnotations: options.recordAuditAnnotations }
            : {}),
        }),
    ],
    [
      'Priority',
      () =>
        priority({
          getPriorityClass: async (name) => priorityClasses.cached('', name),
          listPriorityClasses: async () => priorityClasses.cachedList(),
        }),
    ],
    ['DefaultTolerationSeconds', () => defaultTolerationSeconds()],
    [
      'DefaultStorageClass',
      () => {
        const classes = lookup('storage.k8s.io', 'storageclasses');
        return defaultStorageClass({ listStorageClasses: async () => classes.cachedList() });
      },
    ],
    ['StorageObjectInUseProtection', () => storageObjectInUseProtection()],
    [
      'RuntimeClass',
      () => {
        const classes = lookup('node.k8s.io', 'runtimeclasses');
        return runtimeClass({ getRuntimeClass: async (name) => classes.cached('', name) });
      },
    ],
    [
      'CertificateApproval',
      () => certificateApproval({ authorizer: requireAuthorizer('CertificateApproval') }),
    ],
    ['CertificateSigning', () => certificateSigning({ authorizer: requireAuthorizer('CertificateSigning') })],
    ['CertificateSubjectRestriction', () => certificateSubjectRestriction()],
    [
      'DefaultIngressClass',
      () => {
        const classes = lookup('networking.k8s.io', 'ingressclasses');
        return defaultIngressClass({ listIngressClasses: async () => classes.cachedList() });
      },
    ],
    [
      'MutatingAdmissionWebhook',
      () => webhookAdmissionPlugins(registry, webhookAuditOptions(options)).mutating,
    ],
    [
      'ValidatingAdmissionWebhook',
      () => webhookAdmissionPlugins(registry, webhookAuditOptions(options)).validating,
    ],
    [
      'ResourceQuota',
      () =>
        resourceQuota({
          // The cache may be a write behind; the compare-and-swap status update catches that.
          listQuotas: async (ns) => quotas.cachedList(ns),
          getQuota: (ns, name) => quotas.live(ns, name),
          updateQuotaStatus: quotaStatusWriter(registry),
        }),
    ],
  ];
  return new Map(factories);
}

/**
 * The apiserver's admission chain: upstream's built-in plugins in upstream's order, less those
 * --disable-admission-plugins removes (throws upstream's message for unknown or overlapping names).
 */
export function defaultAdmission(registry: ResourceRegistry, options: AdmissionOptions = {}): AdmissionChain {
  const factories = pluginFactories(registry, options);
  const names = enabledAdmissionPlugins(options, new Set(factories.keys()));
  return new AdmissionChain(names.map((name) => factories.get(name)!()));
}
