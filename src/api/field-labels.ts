// Which field selectors each kind supports and the values they match, as upstream Kubernetes 1.32
// defines them: the accepted labels come from the scheme's field label conversion functions
// (pkg/apis/*/v1/conversion.go), the values from each registry's ToSelectableFields. Kinds without a
// conversion function accept only metadata.name and metadata.namespace, with a different error
// message; those differences are what clients see, so they are kept.

import type { KubeObject } from './object.js';

/**
 * How a kind rejects an unknown field label (machinery renders the message):
 * - 'not-supported': `field label not supported: <label>` (core kinds, events.k8s.io, CSRs, CRs)
 * - 'not-a-known-field-selector': `"<label>" is not a known field selector: only "metadata.name",
 *   "metadata.namespace"` (kinds without their own conversion function)
 * - { notSupportedFor: T }: `field label "<label>" not supported for T` (batch/v1 Job)
 */
export type FieldLabelRejection =
  'not-supported' | 'not-a-known-field-selector' | { readonly notSupportedFor: string };

/** The field labels a kind accepts in a field selector and how it rejects the others. */
export interface FieldLabelRules {
  /** Accepted label → the key it matches in fieldLabelsFor's map (itself unless renamed). */
  readonly accepted: ReadonlyMap<string, string>;
  readonly rejection: FieldLabelRejection;
}

function rules(
  labels: readonly string[],
  rejection: FieldLabelRejection,
  renames: Record<string, string> = {},
): FieldLabelRules {
  const accepted = new Map<string, string>(labels.map((l) => [l, l]));
  for (const [from, to] of Object.entries(renames)) accepted.set(from, to);
  return { accepted, rejection };
}

const metaOnly = rules(['metadata.name', 'metadata.namespace'], 'not-a-known-field-selector');

const eventInvolvedObject = [
  'kind',
  'namespace',
  'name',
  'uid',
  'apiVersion',
  'resourceVersion',
  'fieldPath',
];

const rulesByKind: ReadonlyMap<string, FieldLabelRules> = new Map([
  [
    '/Pod',
    rules(
      [
        'metadata.name',
        'metadata.namespace',
        'spec.nodeName',
        'spec.restartPolicy',
        'spec.schedulerName',
        'spec.serviceAccountName',
        'spec.hostNetwork',
        'status.phase',
        'status.podIP',
        'status.nominatedNodeName',
      ],
      'not-supported',
      // Old v1 clients still send spec.host.
      { 'spec.host': 'spec.nodeName' },
    ),
  ],
  ['/Node', rules(['metadata.name', 'spec.unschedulable'], 'not-supported')],
  [
    '/ReplicationController',
    rules(['metadata.name', 'metadata.namespace', 'status.replicas'], 'not-supported'),
  ],
  [
    '/Event',
    rules(
      [
        ...eventInvolvedObject.map((f) => `involvedObject.${f}`),
        'reason',
        'reportingComponent',
        'source',
        'type',
        'metadata.namespace',
        'metadata.name',
      ],
      'not-supported',
    ),
  ],
  ['/Namespace', rules(['status.phase', 'metadata.name'], 'not-supported')],
  ['/Secret', rules(['type', 'metadata.namespace', 'metadata.name'], 'not-supported')],
  [
    '/Service',
    rules(['metadata.namespace', 'metadata.name', 'spec.clusterIP', 'spec.type'], 'not-supported'),
  ],
  [
    // events.k8s.io names map onto the core event's selectable fields (one storage for both).
    'events.k8s.io/Event',
    rules(['reason', 'source', 'type', 'metadata.namespace', 'metadata.name'], 'not-supported', {
      ...Object.fromEntries(eventInvolvedObject.map((f) => [`regarding.${f}`, `involvedObject.${f}`])),
      reportingController: 'reportingComponent',
    }),
  ],
  [
    'batch/Job',
    rules(['metadata.name', 'metadata.namespace', 'status.successful'], { notSupportedFor: 'batchv1.Job' }),
  ],
  [
    'certificates.k8s.io/CertificateSigningRequest',
    rules(['metadata.name', 'spec.signerName'], 'not-supported'),
  ],
]);

/** The field selector rules of a built-in kind (metadata.name/namespace only when it has none of its own). */
export function fieldLabelRulesFor(group: string, kind: string): FieldLabelRules {
  return rulesByKind.get(`${group}/${kind}`) ?? metaOnly;
}

/**
 * The rules of a custom resource: metadata.name, metadata.namespace (namespaced kinds only) and
 * the CRD's declared selectableFields, each rejected as `field label not supported: <label>`.
 */
export function customResourceFieldLabelRules(
  namespaced: boolean,
  selectableFields: readonly string[] = [],
): FieldLabelRules {
  return rules(
    ['metadata.name', ...(namespaced ? ['metadata.namespace'] : []), ...selectableFields],
    'not-supported',
  );
}

type Obj = Readonly<Record<string, unknown>>;

function sub(o: unknown, key: string): Obj {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return {};
  const v = (o as Obj)[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}

function str(o: Obj, key: string): string {
  const v = o[key];
  return typeof v === 'string' ? v : '';
}

// Go's strconv.FormatBool of a bool field that is false when absent.
function bool(o: Obj, key: string): string {
  return o[key] === true ? 'true' : 'false';
}

// Go's strconv.Itoa of an int32 field that is 0 when absent.
function int(o: Obj, key: string): string {
  const v = o[key];
  return typeof v === 'number' && Number.isFinite(v) ? String(Math.trunc(v)) : '0';
}

function podFields(obj: KubeObject): Record<string, string> {
  const spec = sub(obj, 'spec');
  const status = sub(obj, 'status');
  const podIPs = Array.isArray(status.podIPs) ? status.podIPs : [];
  // The v1 → internal conversion makes podIP authoritative and falls back to podIPs[0].
  const first: unknown = podIPs[0];
  const firstIP = typeof first === 'object' && first !== null ? str(first as Obj, 'ip') : '';
  const podIP = str(status, 'podIP') || firstIP;
  return {
    'spec.nodeName': str(spec, 'nodeName'),
    'spec.restartPolicy': str(spec, 'restartPolicy'),
    'spec.schedulerName': str(spec, 'schedulerName'),
    // serviceAccount is the deprecated alias the conversion falls back to.
    'spec.serviceAccountName': str(spec, 'serviceAccountName') || str(spec, 'serviceAccount'),
    'spec.hostNetwork': bool(spec, 'hostNetwork'),
    'status.phase': str(status, 'phase'),
    'status.podIP': podIP,
    'status.nominatedNodeName': str(status, 'nominatedNodeName'),
  };
}

// Core and events.k8s.io events share storage; either shape yields the core field names.
function eventFields(obj: KubeObject): Record<string, string> {
  const o = obj as Obj;
  const involved = 'regarding' in o ? sub(o, 'regarding') : sub(o, 'involvedObject');
  const reporting = 'reportingController' in o ? str(o, 'reportingController') : str(o, 'reportingComponent');
  const source = 'deprecatedSource' in o ? sub(o, 'deprecatedSource') : sub(o, 'source');
  const fields: Record<string, string> = {};
  for (const f of eventInvolvedObject) fields[`involvedObject.${f}`] = str(involved, f);
  fields.reason = str(o, 'reason');
  fields.reportingComponent = reporting;
  fields.source = str(source, 'component') || reporting;
  fields.type = str(o, 'type');
  return fields;
}

function kindFields(group: string, kind: string, obj: KubeObject): Record<string, string> {
  const spec = sub(obj, 'spec');
  const status = sub(obj, 'status');
  switch (`${group}/${kind}`) {
    case '/Pod':
      return podFields(obj);
    case '/Event':
    case 'events.k8s.io/Event':
      return eventFields(obj);
    case '/Node':
      return { 'spec.unschedulable': bool(spec, 'unschedulable') };
    case '/Namespace':
      return { 'status.phase': str(status, 'phase') };
    case '/Secret':
      return { type: str(obj as Obj, 'type') };
    case '/Service':
      return { 'spec.clusterIP': str(spec, 'clusterIP'), 'spec.type': str(spec, 'type') };
    case '/ReplicationController':
    case 'apps/ReplicaSet':
      return { 'status.replicas': int(status, 'replicas') };
    case 'batch/Job':
      return { 'status.successful': int(status, 'succeeded') };
    case 'certificates.k8s.io/CertificateSigningRequest':
      return { 'spec.signerName': str(spec, 'signerName') };
    default:
      return {};
  }
}

/**
 * The selectable field values of an object, keyed as fieldLabelRulesFor's accepted map points:
 * metadata.name, metadata.namespace ("" when cluster-scoped) and the kind's own fields, rendered
 * as upstream does (booleans "true"/"false", counts in decimal, missing strings "").
 */
export function fieldLabelsFor(group: string, kind: string, obj: KubeObject): Record<string, string> {
  return {
    'metadata.name': obj.metadata?.name ?? '',
    'metadata.namespace': obj.metadata?.namespace ?? '',
    ...kindFields(group, kind, obj),
  };
}
