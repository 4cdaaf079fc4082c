import type { ManagedFieldsEntry, OwnerReference } from 'kubernetes-types/meta/v1.js';

/**
 * metav1.ObjectMeta as the server handles it. Unlike the kubernetes-types interface (whose
 * server-owned fields are readonly for clients) every field is writable, because here the server
 * is the one writing them.
 */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
  selfLink?: string;
}

/**
 * Any API object as it travels on the wire: apiVersion, kind, metadata and kind-specific fields.
 * Kind-specific code narrows it with the kubernetes-types interfaces.
 */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

/** A JSON value as decoded from a request body. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object (the only top-level shape an API body may have). */
export type JsonObject = { [key: string]: JsonValue };

/** True for a non-null, non-array object. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
