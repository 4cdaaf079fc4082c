// The tables are hand-maintained facts; these checks catch a typo in them. The OpenAPI
// definitions (built from kubernetes-types, an independent source) must agree with every table
// on field names and shapes, except where kubernetes-types (1.30) trails 1.32 or lacks a field.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { definitionFor } from '../../api/openapi/definitions.js';
import type { OpenApiSchema } from '../../api/openapi/openapi-types.js';
import { builtinResources } from '../../api/scheme/builtin-resources.js';
import { kindMessage, messagePackages, messageSpec } from './registry.js';
import type { FieldSpec, MessageSpec } from './schema.js';

const allMessages: MessageSpec[] = messagePackages.flatMap((p) =>
  Object.keys(p.messages).map((name) => messageSpec(`${p.id}.${name}`)),
);

// Fields 1.31/1.32 added (kubernetes-types is 1.30), and fields kubernetes-types lacks.
const notInKubernetesTypes = new Set([
  'metav1.DeleteOptions.ignoreStoreReadErrorWithClusterBreakingPotential',
  'corev1.NodeStatus.features',
  'corev1.NodeRuntimeHandlerFeatures.userNamespaces',
  'corev1.PodSpec.resources',
  'corev1.Volume.image',
  'corev1.ResourceClaim.request',
  'corev1.PodSecurityContext.supplementalGroupsPolicy',
  'corev1.PodSecurityContext.seLinuxChangePolicy',
  'corev1.PodResourceClaim.resourceClaimName',
  'corev1.PodResourceClaim.resourceClaimTemplateName',
  'corev1.ContainerStatus.user',
  'corev1.ContainerStatus.allocatedResourcesStatus',
  'coordinationv1.LeaseSpec.strategy',
  'coordinationv1.LeaseSpec.preferredHolder',
  'authorizationv1.ResourceAttributes.fieldSelector',
  'authorizationv1.ResourceAttributes.labelSelector',
  'authorizationv1.ResourceRule.verbs',
  'authorizationv1.ResourceRule.resources',
  ...[
    'preserve-unknown-fields',
    'embedded-resource',
    'int-or-string',
    'list-map-keys',
    'list-type',
    'map-type',
    'validations',
  ].map((f) => `apiextensionsv1.JSONSchemaProps.x-kubernetes-${f}`),
]);
// Removed in 1.31 (replaced by resourceClaimName/resourceClaimTemplateName).
const removedSince130 = new Set(['corev1.PodResourceClaim.source']);

function definitionName(qualified: string): string {
  const [id, name] = qualified.split('.') as [string, string];
  if (id === 'metav1') return `io.k8s.apimachinery.pkg.apis.meta.v1.${name}`;
  if (id === 'apiextensionsv1') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.${name}`;
  const [, group, version] = /^(\w+?)(v\d\w*)$/.exec(id)!;
  return `io.k8s.api.${group}.${version}.${name}`;
}

function qualifiedOf(spec: MessageSpec): string {
  const pkg = messagePackages.find(
    (p) => p.messages[spec.name] !== undefined && messageSpec(`${p.id}.${spec.name}`) === spec,
  );
  return `${pkg!.id}.${spec.name}`;
}

// The JSON names a message prints, with inlined structs flattened.
function jsonFields(spec: MessageSpec): Map<string, FieldSpec> {
  const out = new Map<string, FieldSpec>();
  for (const f of spec.fields) {
    if (f.inline && f.type.kind === 'message')
      for (const [k, v] of jsonFields(messageSpec(f.type.name))) out.set(k, v);
    else out.set(f.json, f);
  }
  return out;
}

function refName(s: OpenApiSchema): string | undefined {
  const ref = s.$ref ?? s.allOf?.[0]?.$ref;
  return ref?.slice(ref.lastIndexOf('.') + 1);
}

// What the OpenAPI property must look like for this field.
function shapeMismatch(f: FieldSpec, prop: OpenApiSchema): string | undefined {
  let inner = prop;
  if (f.repeated || f.map) {
    const want = f.repeated ? 'array' : 'object';
    const items = f.repeated ? prop.items : prop.additionalProperties;
    if (prop.type !== want || typeof items !== 'object') return `want ${want}`;
    inner = items;
  }
  const t = f.type;
  const ref = refName(inner);
  if (t.kind === 'message') {
    const target = messageSpec(t.name);
    if (target.renderAs !== undefined) return undefined;
    return ref === target.name ? undefined : `want $ref ${target.name}, got ${ref ?? inner.type}`;
  }
  if (t.kind === 'wellKnown') {
    const refs: Record<string, string[]> = {
      time: ['Time'],
      microtime: ['MicroTime'],
      duration: ['Duration'],
      quantity: ['Quantity'],
      intstr: ['IntOrString'],
      raw: ['RawExtension', 'FieldsV1', 'JSON'],
    };
    return ref !== undefined && refs[t.name]!.includes(ref)
      ? undefined
      : `want ${t.name}, got ${ref ?? inner.type}`;
  }
  const types: Record<string, string> = {
    string: 'string',
    bytes: 'string',
    bool: 'boolean',
    int32: 'integer',
    int64: 'integer',
    uint32: 'integer',
    uint64: 'integer',
    double: 'number',
    float: 'number',
  };
  if (inner.type !== types[t.name]) return `want ${types[t.name]}, got ${inner.type ?? ref}`;
  if (t.name === 'bytes' && inner.format !== 'byte') return 'want format byte';
  if ((t.name === 'int32' || t.name === 'int64') && inner.format !== t.name) return `want format ${t.name}`;
  return undefined;
}

describe('protobuf tables', () => {
  it('parse, and every message they reference exists', () => {
    assert.ok(allMessages.length > 300);
    for (const spec of allMessages) {
      for (const f of spec.fields)
        if (f.type.kind === 'message') assert.doesNotThrow(() => messageSpec(f.type.name as string));
    }
  });

  it('cover every built-in kind and the review, token, scale, eviction and option kinds', () => {
    const kinds = builtinResources.map((r) => [
      r.group === '' ? r.version : `${r.group}/${r.version}`,
      r.kind,
    ]);
    kinds.push(
      ['authorization.k8s.io/v1', 'SelfSubjectAccessReview'],
      ['authorization.k8s.io/v1', 'SelfSubjectRulesReview'],
      ['authorization.k8s.io/v1', 'SubjectAccessReview'],
      ['authorization.k8s.io/v1', 'LocalSubjectAccessReview'],
      ['authentication.k8s.io/v1', 'TokenRequest'],
      ['authentication.k8s.io/v1', 'TokenReview'],
      ['authentication.k8s.io/v1', 'SelfSubjectReview'],
      ['autoscaling/v1', 'Scale'],
      ['policy/v1', 'Eviction'],
      ['certificates.k8s.io/v1', 'CertificateSigningRequest'],
      ['meta.k8s.io/v1', 'DeleteOptions'],
      ['v1', 'CreateOptions'],
      ['apps/v1', 'UpdateOptions'],
      ['v1', 'PatchOptions'],
    );
    for (const [apiVersion, kind] of kinds)
      assert.ok(kindMessage(apiVersion!, kind!), `${apiVersion} ${kind}`);
  });

  it('agree with the OpenAPI definitions on JSON names and shapes', () => {
    const problems: string[] = [];
    let compared = 0;
    for (const spec of allMessages) {
      const qualified = qualifiedOf(spec);
      const def = definitionFor(definitionName(qualified));
      if (def === undefined || spec.renderAs !== undefined) continue;
      compared++;
      const props = def.properties ?? {};
      const fields = jsonFields(spec);
      for (const [name, f] of fields) {
        const prop = props[name];
        if (prop === undefined) {
          if (!notInKubernetesTypes.has(`${qualified}.${name}`))
            problems.push(`${qualified}.${name}: not in OpenAPI`);
          continue;
        }
        const mismatch = shapeMismatch(f, prop);
        if (mismatch !== undefined) problems.push(`${qualified}.${name}: ${mismatch}`);
      }
      for (const name of Object.keys(props)) {
        if (name === 'kind' || name === 'apiVersion' || fields.has(name)) continue;
        if (!removedSince130.has(`${qualified}.${name}`))
          problems.push(`${qualified}.${name}: missing from the table`);
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(compared > 280, `compared only ${compared} messages`);
  });
});
