import type { Container, Pod, PodSpec, PodTemplate, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../object.js';
import { defaultContainer } from './core-container.js';
import { defaultVolume } from './core-volume.js';
import { ensureStruct, markNestedMeta, struct, structs, view } from './fields.js';
import { defaultResourceList } from './quantity.js';

/**
 * SetDefaults_PodSpec and the generated defaulter's walk over volumes and containers: applies to
 * every PodSpec, in pods and in the templates of workloads alike.
 */
export function defaultPodSpec(spec: PodSpec): void {
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.restartPolicy ||= 'Always';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ||= 'default-scheduler';
  // Conversion keeps the deprecated serviceAccount alias equal to serviceAccountName.
  const account = spec.serviceAccountName || spec.serviceAccount;
  if (account) spec.serviceAccountName = spec.serviceAccount = account;
  for (const volume of structs(spec.volumes)) defaultVolume(volume);
  for (const container of structs(spec.initContainers)) defaultContainer(container);
  for (const container of structs(spec.containers)) defaultContainer(container);
  for (const container of structs(spec.ephemeralContainers)) defaultContainer(container);
  defaultResourceList(spec.overhead);
}

/** A pod template: its nested metadata as upstream writes it, and its spec's defaults. */
export function defaultPodTemplateSpec(template: PodTemplateSpec): void {
  markNestedMeta(template);
  const spec = ensureStruct(template, 'spec');
  if (spec) defaultPodSpec(spec);
}

/** Requests default to limits, per resource (pods only, never templates). */
function defaultRequestsFromLimits(container: Container): void {
  const resources = struct(container.resources);
  const limits = struct(resources?.limits);
  if (!resources || !limits) return;
  const requests = struct(resources.requests) ?? {};
  for (const [name, limit] of Object.entries(limits)) if (!(name in requests)) requests[name] = limit;
  // Go would create an empty map, which omitempty hides; only a non-empty one is visible.
  if (Object.keys(requests).length > 0) resources.requests = requests;
}

/** With host networking every container port is also a host port. */
function defaultHostPorts(containers: Container[]): void {
  for (const container of containers) {
    for (const port of structs(container.ports)) {
      if (!port.hostPort && typeof port.containerPort === 'number' && port.containerPort !== 0) {
        port.hostPort = port.containerPort;
      }
    }
  }
}

/** SetDefaults_Pod: what only a Pod gets on top of its PodSpec's defaults. */
export function defaultPod(object: KubeObject): void {
  const spec = ensureStruct(view<Pod>(object), 'spec');
  if (!spec) return;
  const containers = structs(spec.containers);
  const initContainers = structs(spec.initContainers);
  for (const container of [...containers, ...initContainers]) defaultRequestsFromLimits(container);
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork === true) {
    defaultHostPorts(containers);
    defaultHostPorts(initContainers);
  }
  defaultPodSpec(spec);
}

/** PodTemplate (core/v1): the template's defaults. */
export function defaultPodTemplate(object: KubeObject): void {
  const template = ensureStruct(view<PodTemplate>(object), 'template');
  if (template) defaultPodTemplateSpec(template);
}
