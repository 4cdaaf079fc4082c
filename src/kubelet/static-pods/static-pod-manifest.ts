// One --pod-manifest-path file into the pod the kubelet runs (upstream tryDecodeSinglePod +
// applyDefaults): a v1 Pod in YAML or JSON, API-defaulted like any pod, given a UID hashed from its
// content, the node and the file (so editing the file makes a new pod), the name <name>-<node>,
// the default namespace, this node, the config hash/source annotations and a toleration of every
// NoExecute taint, then validated as a pod create would be.
import { createHash } from 'node:crypto';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { parseAllDocuments } from 'yaml';
import { defaultObject } from '../../api/defaults/default-object.js';
import type { KubeObject } from '../../api/object.js';
import { aggregateFieldErrors } from '../../api/validation/field-error.js';
import { validatePod } from '../../api/validation/core-pod.js';
import { configHashAnnotation, configSourceAnnotation, fileSource } from './pod-source.js';

/** Upstream's cap on a manifest's size (10 MiB). */
export const maxManifestBytes = 10 * 1024 * 1024;

/** Where a manifest came from. */
export interface ManifestOrigin {
  /** The node's name (lower-cased into the pod name). */
  readonly nodeName: string;
  /** The manifest's path, part of the UID hash. */
  readonly file: string;
}

// JSON with sorted keys: the same pod always hashes the same, whatever the key order in the file.
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * The UID upstream derives for a file pod: md5 of the decoded, defaulted pod, then "host:<node>"
 * and "file:<path>" (upstream hashes Go's in-memory struct; we hash canonical JSON of the same).
 */
export function staticPodUid(pod: Pod, origin: ManifestOrigin): string {
  const h = createHash('md5');
  h.update(canonicalJson(pod));
  h.update(`host:${origin.nodeName}`);
  h.update(`file:${origin.file}`);
  return h.digest('hex');
}

/** Decodes the first YAML/JSON document of a manifest into a v1 Pod object (no defaults yet). */
export function decodeManifest(data: string): KubeObject {
  if (Buffer.byteLength(data) > maxManifestBytes)
    throw new Error(`manifest is larger than ${maxManifestBytes} bytes`);
  const doc = parseAllDocuments(data);
  const first = Array.isArray(doc) ? doc[0] : undefined;
  if (first === undefined) throw new Error("Object 'Kind' is missing in empty manifest");
  if (first.errors.length > 0) throw new Error(first.errors[0]?.message ?? 'invalid YAML');
  const obj: unknown = first.toJS();
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj))
    throw new Error('manifest is not an object');
  const o = obj as KubeObject;
  if (typeof o.kind !== 'string' || o.kind === '')
    throw new Error(`Object 'Kind' is missing in '${JSON.stringify(o)}'`);
  if (o.apiVersion !== 'v1' || o.kind !== 'Pod')
    throw new Error(`expected a v1 Pod, got ${o.apiVersion ?? ''}/${o.kind}`);
  return o;
}

// The API types are read-only; a manifest being built is ours to change.
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The static pod a manifest describes; throws for unreadable, non-Pod or invalid manifests. */
export function staticPodFromManifest(data: string, origin: ManifestOrigin): Pod {
  const obj = decodeManifest(data);
  defaultObject('', 'v1', 'Pod', obj);
  const uid = obj.metadata?.uid || staticPodUid(obj as Pod, origin);
  const meta: Mutable<NonNullable<Pod['metadata']>> = { ...obj.metadata };
  const spec: Mutable<NonNullable<Pod['spec']>> = { containers: [], ...(obj['spec'] as Pod['spec']) };
  meta.uid = uid;
  meta.name = `${meta.name ?? ''}-${origin.nodeName.toLowerCase()}`;
  meta.namespace ||= 'default';
  meta.annotations = {
    ...meta.annotations,
    [configHashAnnotation]: uid,
    [configSourceAnnotation]: fileSource,
  };
  spec.nodeName = origin.nodeName;
  // Static pods must survive node problems: nothing else would ever bring them back.
  // (AddOrUpdateTolerationInPod: an identical toleration is replaced in place, else appended.)
  const tolerations = [...(spec.tolerations ?? [])];
  const same = tolerations.findIndex(
    (t) => !t.key && t.operator === 'Exists' && !t.value && t.effect === 'NoExecute',
  );
  const toleration = { operator: 'Exists', effect: 'NoExecute' };
  if (same >= 0) tolerations[same] = toleration;
  else tolerations.push(toleration);
  spec.tolerations = tolerations;
  const pod: Pod = {
    ...obj,
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta,
    spec,
    status: { phase: 'Pending' },
  };
  const errors = validatePod(pod as unknown as Record<string, unknown>);
  if (errors.length > 0) throw new Error(`invalid pod: ${aggregateFieldErrors(errors)}`);
  return pod;
}
