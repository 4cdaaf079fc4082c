// Pod and container securityContext as CRI takes it (upstream's determineEffectiveSecurityContext
// and convertToRuntimeSecurityContext): container settings win over the pod's, fsGroup joins the
// supplemental groups, allowPrivilegeEscalation false means no_new_privs, and runAsNonRoot is
// checked against the user the container will really run as.
import type { Container, Pod, SeccompProfile } from 'kubernetes-types/core/v1.js';
import type {
  Image,
  LinuxContainerSecurityContext,
  LinuxSandboxSecurityContext,
  NamespaceOption,
  SecurityProfile,
} from '../cri/runtime-service.js';

/** The namespaces of a pod: host ones when asked, else the pod's (pid per container unless shared). */
export function podNamespaceOptions(pod: Pod): NamespaceOption {
  const spec = pod.spec;
  return {
    network: spec?.hostNetwork ? 'NODE' : 'POD',
    pid: spec?.hostPID ? 'NODE' : spec?.shareProcessNamespace ? 'POD' : 'CONTAINER',
    ipc: spec?.hostIPC ? 'NODE' : 'POD',
  };
}

/** CRI's seccomp profile for an API one; unset means Unconfined (SeccompDefault off, as upstream's default). */
export function seccompProfile(profile: SeccompProfile | undefined): SecurityProfile {
  switch (profile?.type) {
    case 'RuntimeDefault':
      return { profileType: 'RuntimeDefault' };
    case 'Localhost':
      return { profileType: 'Localhost', localhostRef: profile.localhostProfile ?? '' };
    default:
      return { profileType: 'Unconfined' };
  }
}

function supplementalGroups(pod: Pod): number[] {
  const sc = pod.spec?.securityContext;
  const groups = [...(sc?.supplementalGroups ?? [])];
  if (sc?.fsGroup !== undefined && sc.fsGroup !== null && !groups.includes(sc.fsGroup))
    groups.push(sc.fsGroup);
  return groups;
}

/** The sandbox's security context: namespaces, the pod's user and groups, seccomp, privileged if any container is. */
export function sandboxSecurityContext(pod: Pod): LinuxSandboxSecurityContext {
  const sc = pod.spec?.securityContext;
  const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  const groups = supplementalGroups(pod);
  return {
    namespaceOptions: podNamespaceOptions(pod),
    ...(sc?.runAsUser !== undefined && sc.runAsUser !== null ? { runAsUser: sc.runAsUser } : {}),
    ...(sc?.runAsGroup !== undefined && sc.runAsGroup !== null ? { runAsGroup: sc.runAsGroup } : {}),
    ...(groups.length > 0 ? { supplementalGroups: groups } : {}),
    privileged: all.some((c) => c.securityContext?.privileged === true),
    seccomp: seccompProfile(sc?.seccompProfile),
  };
}

/** The container's security context, pod settings filled in where the container leaves them unset. */
export function containerSecurityContext(pod: Pod, container: Container): LinuxContainerSecurityContext {
  const psc = pod.spec?.securityContext;
  const csc = container.securityContext;
  const runAsUser = csc?.runAsUser ?? psc?.runAsUser;
  const runAsGroup = csc?.runAsGroup ?? psc?.runAsGroup;
  const groups = supplementalGroups(pod);
  const caps = csc?.capabilities;
  return {
    namespaceOptions: podNamespaceOptions(pod),
    ...(runAsUser !== undefined && runAsUser !== null ? { runAsUser } : {}),
    ...(runAsGroup !== undefined && runAsGroup !== null ? { runAsGroup } : {}),
    ...(groups.length > 0 ? { supplementalGroups: groups } : {}),
    ...(caps !== undefined
      ? { capabilities: { addCapabilities: caps.add ?? [], dropCapabilities: caps.drop ?? [] } }
      : {}),
    privileged: csc?.privileged === true,
    readonlyRootfs: csc?.readOnlyRootFilesystem === true,
    // Only an explicit false asks for no_new_privs (upstream's AddNoNewPrivileges).
    noNewPrivs: csc?.allowPrivilegeEscalation === false,
    seccomp: seccompProfile(csc?.seccompProfile ?? psc?.seccompProfile),
  };
}

/**
 * upstream's verifyRunAsNonRoot: undefined when the container may run, else the message of its
 * CreateContainerConfigError.
 */
export function runAsNonRootProblem(
  pod: Pod,
  container: Container,
  image: Image | undefined,
): string | undefined {
  const psc = pod.spec?.securityContext;
  const csc = container.securityContext;
  if ((csc?.runAsNonRoot ?? psc?.runAsNonRoot) !== true) return undefined;
  const where = `(pod: "${pod.metadata?.name ?? ''}_${pod.metadata?.namespace ?? ''}(${pod.metadata?.uid ?? ''})", container: ${container.name})`;
  const uid = csc?.runAsUser ?? psc?.runAsUser;
  if (uid !== undefined && uid !== null) {
    return uid === 0 ? `container's runAsUser breaks non-root policy ${where}` : undefined;
  }
  if (image?.uid !== undefined)
    return image.uid === 0 ? `container has runAsNonRoot and image will run as root ${where}` : undefined;
  if (image !== undefined && image.username !== '')
    return `container has runAsNonRoot and image has non-numeric user (${image.username}), cannot verify user is non-root ${where}`;
  // An image without USER runs as root.
  return `container has runAsNonRoot and image will run as root ${where}`;
}
