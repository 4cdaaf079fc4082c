import type {
  Container,
  EphemeralContainer,
  HTTPGetAction,
  ObjectFieldSelector,
  Probe,
  ResourceFieldSelector,
} from 'kubernetes-types/core/v1.js';
import { ensureStruct, struct, structs } from './fields.js';
import { defaultPullPolicy } from './image-reference.js';
import { defaultResourceList, normalizeQuantity } from './quantity.js';

/** ObjectFieldSelector: the field path is read against apiVersion v1 unless told otherwise. */
export function defaultFieldRef(ref: ObjectFieldSelector | undefined): void {
  const selector = struct(ref);
  if (selector) selector.apiVersion ||= 'v1';
}

/** ResourceFieldSelector: divisor is a non-pointer Quantity, so upstream always writes it ("0" when unset). */
export function defaultResourceFieldRef(ref: ResourceFieldSelector | undefined): void {
  const selector = struct(ref);
  if (selector) selector.divisor = normalizeQuantity(selector.divisor ?? '0') as string;
}

/** HTTPGetAction: path "/" and scheme HTTP. */
export function defaultHttpGet(action: HTTPGetAction | undefined): void {
  const httpGet = struct(action);
  if (!httpGet) return;
  httpGet.path ||= '/';
  httpGet.scheme ||= 'HTTP';
}

/** Probe: timeout 1s, period 10s, success 1, failure 3; its HTTP and gRPC handlers too. */
export function defaultProbe(value: Probe | undefined): void {
  const probe = struct(value);
  if (!probe) return;
  // Non-pointer int32 fields: zero means unset.
  probe.timeoutSeconds ||= 1;
  probe.periodSeconds ||= 10;
  probe.successThreshold ||= 1;
  probe.failureThreshold ||= 3;
  defaultHttpGet(probe.httpGet);
  const grpc = struct(probe.grpc);
  // Declarative default on a pointer that is serialized without omitempty.
  if (grpc) grpc.service ??= '';
}

/** SetDefaults_Container plus everything the generated defaulter visits inside a container. */
export function defaultContainer(container: Container | EphemeralContainer): void {
  container.imagePullPolicy ||= defaultPullPolicy(container.image);
  container.terminationMessagePath ||= '/dev/termination-log';
  container.terminationMessagePolicy ||= 'File';
  for (const port of structs(container.ports)) port.protocol ||= 'TCP';
  for (const env of structs(container.env)) {
    const from = struct(env.valueFrom);
    defaultFieldRef(from?.fieldRef);
    defaultResourceFieldRef(from?.resourceFieldRef);
  }
  // ResourceRequirements is a non-pointer struct: upstream always shows `resources: {}`.
  const resources = ensureStruct(container, 'resources');
  if (resources) {
    defaultResourceList(resources.limits);
    defaultResourceList(resources.requests);
  }
  defaultProbe(container.livenessProbe);
  defaultProbe(container.readinessProbe);
  defaultProbe(container.startupProbe);
  const lifecycle = struct(container.lifecycle);
  defaultHttpGet(struct(lifecycle?.postStart)?.httpGet);
  defaultHttpGet(struct(lifecycle?.preStop)?.httpGet);
}
