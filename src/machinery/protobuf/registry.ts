// Every message table, looked up by qualified name or by the (apiVersion, kind) of an envelope.
// Tables are parsed on first use: a server decodes only the handful of kinds clients send.
import { parseMessageSpec, type MessagePackage, type MessageSpec } from './schema.js';
import { admissionregistrationV1 } from './tables/admissionregistration.js';
import { apiextensionsV1 } from './tables/apiextensions.js';
import { appsV1 } from './tables/apps.js';
import { authenticationV1 } from './tables/authentication.js';
import { authorizationV1 } from './tables/authorization.js';
import { autoscalingV1, autoscalingV2 } from './tables/autoscaling.js';
import { batchV1 } from './tables/batch.js';
import { certificatesV1 } from './tables/certificates.js';
import { coordinationV1 } from './tables/coordination.js';
import { coreV1 } from './tables/core.js';
import { discoveryV1 } from './tables/discovery.js';
import { eventsV1 } from './tables/events.js';
import { flowcontrolV1 } from './tables/flowcontrol.js';
import { metaV1 } from './tables/meta.js';
import { networkingV1 } from './tables/networking.js';
import { nodeV1 } from './tables/node.js';
import { policyV1 } from './tables/policy.js';
import { rbacV1 } from './tables/rbac.js';
import { schedulingV1 } from './tables/scheduling.js';
import { storageV1 } from './tables/storage.js';

/** Every package of tables the decoder knows. */
export const messagePackages: readonly MessagePackage[] = [
  metaV1,
  coreV1,
  appsV1,
  eventsV1,
  autoscalingV1,
  autoscalingV2,
  batchV1,
  networkingV1,
  policyV1,
  rbacV1,
  storageV1,
  schedulingV1,
  coordinationV1,
  nodeV1,
  discoveryV1,
  flowcontrolV1,
  authorizationV1,
  authenticationV1,
  certificatesV1,
  admissionregistrationV1,
  apiextensionsV1,
];

const packagesById = new Map(messagePackages.map((p) => [p.id, p]));
const packagesByApiVersion = new Map(messagePackages.map((p) => [p.apiVersion, p]));
const parsed = new Map<string, MessageSpec>();

// Upstream registers the option kinds into every group version (metav1.AddToGroupVersion), so
// e.g. a typed client's DELETE body says {apiVersion: "v1", kind: "DeleteOptions"}.
const optionKinds: ReadonlySet<string> = new Set(metaV1.kinds);

/** The message with this qualified name ("corev1.PodSpec"); throws for a name no table defines. */
export function messageSpec(qualifiedName: string): MessageSpec {
  const cached = parsed.get(qualifiedName);
  if (cached !== undefined) return cached;
  const dot = qualifiedName.indexOf('.');
  const pkg = packagesById.get(qualifiedName.slice(0, dot));
  const name = qualifiedName.slice(dot + 1);
  const table = pkg?.messages[name];
  if (pkg === undefined || table === undefined) throw new Error(`protobuf: no table for ${qualifiedName}`);
  const spec = parseMessageSpec(pkg.id, name, table);
  parsed.set(qualifiedName, spec);
  return spec;
}

/** The top-level message an envelope of this apiVersion and kind carries, if it is decodable. */
export function kindMessage(apiVersion: string, kind: string): MessageSpec | undefined {
  const pkg = packagesByApiVersion.get(apiVersion);
  if (pkg === undefined) return undefined;
  if (pkg.kinds.includes(kind)) return messageSpec(`${pkg.id}.${kind}`);
  if (optionKinds.has(kind)) return messageSpec(`${metaV1.id}.${kind}`);
  return undefined;
}
