// A container's CRI config (upstream's generateContainerConfig): command and args as the pod spec
// says (they override the image's Entrypoint and Cmd the same way), $(VAR) references expanded
// from the resolved env, workingDir, env, mounts, io.kubernetes.* labels and annotations, the log
// path <name>/<restartCount>.log, stdin/tty, and the cgroup resources and security context.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { ContainerConfig, KeyValue, LinuxContainerResources, Mount } from '../cri/runtime-service.js';
import { expandVariables, mappingFor } from '../container-env/variable-expansion.js';
import { containerHash } from './container-hash.js';
import { containerAnnotations, containerLabels } from './runtime-labels.js';
import { containerSecurityContext } from './security-context.js';

/** What the config is built from besides the pod and container. */
export interface ContainerConfigInput {
  readonly restartCount: number;
  readonly env: readonly KeyValue[];
  readonly mounts: readonly Mount[];
  /** The container's cgroup settings (from the container manager). */
  readonly resources: LinuxContainerResources;
}

/** The container's log path relative to the pod's log directory. */
export function containerLogPath(name: string, restartCount: number): string {
  return `${name}/${restartCount}.log`;
}

/** The CRI ContainerConfig for one start of `container`. */
export function containerConfig(
  pod: Pod,
  container: Container,
  input: ContainerConfigInput,
): ContainerConfig {
  const mapping = mappingFor(new Map(input.env.map((kv) => [kv.key, kv.value])));
  const expand = (list: readonly string[] | undefined) =>
    list === undefined ? undefined : list.map((s) => expandVariables(s, mapping));
  const command = expand(container.command);
  const args = expand(container.args);
  return {
    metadata: { name: container.name, attempt: input.restartCount },
    image: { image: container.image ?? '' },
    ...(command !== undefined ? { command } : {}),
    ...(args !== undefined ? { args } : {}),
    ...(container.workingDir ? { workingDir: container.workingDir } : {}),
    envs: [...input.env],
    mounts: [...input.mounts],
    labels: containerLabels(pod, container),
    annotations: containerAnnotations(pod, container, containerHash(container), input.restartCount),
    logPath: containerLogPath(container.name, input.restartCount),
    stdin: container.stdin === true,
    stdinOnce: container.stdinOnce === true,
    tty: container.tty === true,
    linux: {
      resources: input.resources,
      securityContext: containerSecurityContext(pod, container),
    },
  };
}
