// Small builders for the bootstrap policy data: rules with sorted fields (as upstream's
// PolicyRuleBuilder leaves them), and roles and bindings carrying the bootstrap label and the
// autoupdate annotation that reconciliation keys on.

import type {
  AggregationRule,
  ClusterRole,
  ClusterRoleBinding,
  PolicyRule,
  Role,
  RoleBinding,
  Subject,
} from 'kubernetes-types/rbac/v1.js';
import { RBAC_GROUP } from '../rule-resolver.js';

/** The annotation that opts a bootstrap object in ("true") or out ("false") of reconciliation. */
export const AUTOUPDATE_ANNOTATION = 'rbac.authorization.kubernetes.io/autoupdate';

/** The label every bootstrap object carries. */
export const BOOTSTRAP_LABEL = 'kubernetes.io/bootstrapping';

/** The value of the bootstrap label. */
export const BOOTSTRAP_LABEL_VALUE = 'rbac-defaults';

/** Verbs that write. */
export const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'] as const;
/** Verbs that read. */
export const READ = ['get', 'list', 'watch'] as const;
/** Verbs that read and write. */
export const READ_WRITE = [...READ, ...WRITE] as const;
/** Verbs that read and update. */
export const READ_UPDATE = ['get', 'list', 'watch', 'update', 'patch'] as const;

/** API groups the policy refers to. */
export const groups = {
  core: '',
  apps: 'apps',
  authentication: 'authentication.k8s.io',
  authorization: 'authorization.k8s.io',
  autoscaling: 'autoscaling',
  batch: 'batch',
  certificates: 'certificates.k8s.io',
  coordination: 'coordination.k8s.io',
  discovery: 'discovery.k8s.io',
  events: 'events.k8s.io',
  extensions: 'extensions',
  policy: 'policy',
  rbac: RBAC_GROUP,
  storage: 'storage.k8s.io',
  networking: 'networking.k8s.io',
  node: 'node.k8s.io',
  admissionRegistration: 'admissionregistration.k8s.io',
  metrics: 'metrics.k8s.io',
  customMetrics: 'custom.metrics.k8s.io',
  externalMetrics: 'external.metrics.k8s.io',
} as const;

/** Builds one PolicyRule; fields come out sorted, as upstream's RuleOrDie leaves them. */
export class RuleBuilder {
  private readonly rule: {
    verbs: string[];
    apiGroups: string[];
    resources: string[];
    names: string[];
    urls: string[];
  };

  constructor(verbs: readonly string[]) {
    this.rule = { verbs: [...verbs], apiGroups: [], resources: [], names: [], urls: [] };
  }

  /** Adds API groups. */
  groups(...g: string[]): this {
    this.rule.apiGroups.push(...g);
    return this;
  }

  /** Adds resources (plain or "resource/subresource"). */
  resources(...r: string[]): this {
    this.rule.resources.push(...r);
    return this;
  }

  /** Adds resource names. */
  names(...n: string[]): this {
    this.rule.names.push(...n);
    return this;
  }

  /** Adds non-resource URLs. */
  urls(...u: string[]): this {
    this.rule.urls.push(...u);
    return this;
  }

  /** The rule, with only the fields that were set. */
  build(): PolicyRule {
    const sorted = (xs: string[]): string[] => [...xs].sort();
    const out: PolicyRule = { verbs: sorted(this.rule.verbs) };
    if (this.rule.apiGroups.length > 0) out.apiGroups = sorted(this.rule.apiGroups);
    if (this.rule.resources.length > 0) out.resources = sorted(this.rule.resources);
    if (this.rule.names.length > 0) out.resourceNames = sorted(this.rule.names);
    if (this.rule.urls.length > 0) out.nonResourceURLs = sorted(this.rule.urls);
    return out;
  }
}

/** Starts a rule granting these verbs. */
export function rule(...verbs: readonly string[]): RuleBuilder {
  return new RuleBuilder(verbs);
}

/** The rule every component uses to record events, in both event API groups. */
export function eventsRule(): PolicyRule {
  return rule('create', 'update', 'patch').groups(groups.core, groups.events).resources('events').build();
}

function bootstrapMetadata(name: string, namespace?: string, labels: Record<string, string> = {}) {
  return {
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    labels: { ...labels, [BOOTSTRAP_LABEL]: BOOTSTRAP_LABEL_VALUE },
    annotations: { [AUTOUPDATE_ANNOTATION]: 'true' },
  };
}

/** Extra parts of a bootstrap ClusterRole. */
export interface ClusterRoleExtras {
  readonly labels?: Record<string, string>;
  readonly aggregationRule?: AggregationRule;
}

/** A bootstrap ClusterRole. */
export function clusterRole(name: string, rules: PolicyRule[], extras: ClusterRoleExtras = {}): ClusterRole {
  const role: ClusterRole = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: bootstrapMetadata(name, undefined, extras.labels),
    rules,
  };
  if (extras.aggregationRule) role.aggregationRule = extras.aggregationRule;
  return role;
}

/** An aggregationRule selecting ClusterRoles labelled `<label>: "true"`. */
export function aggregateFrom(label: string): AggregationRule {
  return { clusterRoleSelectors: [{ matchLabels: { [label]: 'true' } }] };
}

/** A bootstrap Role in a namespace. */
export function namespacedRole(namespace: string, name: string, rules: PolicyRule[]): Role {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: bootstrapMetadata(name, namespace),
    rules,
  };
}

/** A User subject. */
export function userSubject(name: string): Subject {
  return { apiGroup: RBAC_GROUP, kind: 'User', name };
}

/** A Group subject. */
export function groupSubject(name: string): Subject {
  return { apiGroup: RBAC_GROUP, kind: 'Group', name };
}

/** A ServiceAccount subject (no apiGroup, as upstream's builder leaves it). */
export function serviceAccountSubject(namespace: string, name: string): Subject {
  return { kind: 'ServiceAccount', name, namespace };
}

/** A bootstrap ClusterRoleBinding named like the ClusterRole it binds (unless `name` differs). */
export function clusterRoleBinding(
  roleName: string,
  subjects: Subject[],
  name = roleName,
): ClusterRoleBinding {
  const binding: ClusterRoleBinding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: bootstrapMetadata(name),
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: roleName },
  };
  // Upstream's system:node binding has no subjects at all, not an empty list.
  if (subjects.length > 0) binding.subjects = subjects;
  return binding;
}

/** A bootstrap RoleBinding of a Role in the same namespace. */
export function roleBinding(
  namespace: string,
  roleName: string,
  subjects: Subject[],
  name = roleName,
): RoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: bootstrapMetadata(name, namespace),
    roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: roleName },
    subjects,
  };
}
