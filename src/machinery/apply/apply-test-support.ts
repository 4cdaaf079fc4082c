// Helpers shared by the apply tests: a Deployment factory and a readable view of managedFields.
import assert from 'node:assert/strict';
import type { KubeObject } from '../../api/object.js';
import { SchemaNode } from '../../api/openapi/schema-node.js';
import { applyTypeForKind, applyTypeOf, type ApplyType } from './apply-type.js';
import { apply, type ApplyOptions } from './apply.js';
import { fromFieldsV1 } from './fields-v1.js';
import type { ManagedFieldsEntry } from './managed-fields-entry.js';
import { pathToString } from './path-element.js';
import { recordUpdate } from './record-update.js';

/** The apps/v1 Deployment apply type. */
export const deploymentType: ApplyType = applyTypeForKind({
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
})!;

/** Minute `n` of the test day. */
export function at(n: number): Date {
  return new Date(Date.UTC(2025, 0, 1, 0, n));
}

/** A Deployment "web" with the given spec (none when undefined) and extra metadata. */
export function deployment(
  spec?: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', ...metadata },
    ...(spec === undefined ? {} : { spec }),
  };
}

/** A custom-resource schema whose list-map keys have no defaults (what built-in kinds lack). */
export const widgetType: ApplyType = applyTypeOf(
  SchemaNode.of({
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object', properties: { name: { type: 'string' }, namespace: { type: 'string' } } },
      spec: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['name'],
            items: { type: 'object', properties: { name: { type: 'string' }, size: { type: 'integer' } } },
          },
        },
      },
    },
  }),
);

/** A pod template with the given containers. */
export function template(...containers: Record<string, unknown>[]): Record<string, unknown> {
  return { metadata: { labels: { app: 'web' } }, spec: { containers } };
}

/** Applies and expects success; the result is stored with a uid as the store would. */
export function applied(
  live: KubeObject | undefined,
  config: KubeObject,
  manager: string,
  options: Partial<ApplyOptions> = {},
): KubeObject {
  const r = apply({
    live,
    applied: config,
    manager,
    force: false,
    type: deploymentType,
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    now: at(0),
    ...options,
  });
  if (!r.ok) assert.fail(r.error.message);
  return { ...r.object, metadata: { uid: 'uid-1', ...r.object.metadata } };
}

/** Applies and expects conflicts; returns the 409's message. */
export function conflicting(live: KubeObject, config: KubeObject, manager: string): string {
  const r = apply({
    live,
    applied: config,
    manager,
    force: false,
    type: deploymentType,
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    now: at(0),
  });
  assert.ok(!r.ok, 'expected conflicts');
  return r.error.message;
}

/** A non-apply write of `next` over `live` by `manager`, with its managedFields recorded. */
export function updated(
  live: KubeObject | undefined,
  next: KubeObject,
  manager: string,
  now = at(0),
): KubeObject {
  const managedFields = recordUpdate({
    live,
    next,
    manager,
    type: deploymentType,
    apiVersion: 'apps/v1',
    now,
  });
  const metadata = { uid: 'uid-1', ...next.metadata, managedFields };
  if (managedFields === undefined) delete metadata.managedFields;
  return { ...next, metadata };
}

/** managedFields as "manager/Operation" → owned paths in upstream's human form. */
export function owners(o: KubeObject): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of (o.metadata?.managedFields ?? []) as ManagedFieldsEntry[]) {
    const name = `${e.manager}/${e.operation}${e.subresource ? `/${e.subresource}` : ''}`;
    out[name] = fromFieldsV1(e.fieldsV1).paths().map(pathToString);
  }
  return out;
}

/** A deep copy to edit. */
export function copy<T>(v: T): T {
  return structuredClone(v);
}
