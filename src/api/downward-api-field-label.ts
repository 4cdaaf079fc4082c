// The field labels a v1 pod's downward API accepts (upstream's ConvertDownwardAPIFieldLabel), shared
// by API validation and the kubelet that resolves them.

/** A field path split into its base and `['subscript']`, when it has one. */
export interface SubscriptedPath {
  readonly path: string;
  readonly subscript: string;
}

/** Splits `metadata.labels['app']` into its path and subscript; undefined without a subscript. */
export function splitSubscriptedPath(fieldPath: string): SubscriptedPath | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const body = fieldPath.slice(0, -2);
  const open = body.indexOf("['");
  if (open <= 0) return undefined;
  return { path: body.slice(0, open), subscript: body.slice(open + 2) };
}

const plainLabels: ReadonlySet<string> = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);

/**
 * Upstream's ConvertDownwardAPIFieldLabel for pods: the internal field path of `label`, or an Error
 * with upstream's message (`unsupported pod version`, `field label does not support subscript`,
 * `field label not supported`).
 */
export function convertDownwardApiFieldLabel(apiVersion: string, label: string): string {
  if (apiVersion !== 'v1') throw new Error(`unsupported pod version: ${apiVersion}`);
  const sub = splitSubscriptedPath(label);
  if (sub !== undefined) {
    if (sub.path === 'metadata.annotations' || sub.path === 'metadata.labels') return label;
    throw new Error(`field label does not support subscript: ${label}`);
  }
  if (plainLabels.has(label)) return label;
  // Old v1 clients send spec.host.
  if (label === 'spec.host') return 'spec.nodeName';
  throw new Error(`field label not supported: ${label}`);
}
