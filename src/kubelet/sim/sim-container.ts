import type { Container } from 'kubernetes-types/core/v1.js';
import type { BackoffEntry } from '../container-backoff.js';
import type { ContainerRun, ContainerRuntimeStatus } from '../container-statuses.js';
import { isRestartableInitContainer } from '../pod-phase.js';
import { resolveImage, type ResolvedImage } from './fake-ids.js';

/** Which list a container comes from, and how it behaves there. */
export type SimContainerKind = 'init' | 'sidecar' | 'main';

/** The simulated runtime's record of one container of a pod: its runs and pending timed events. */
export interface SimContainer {
  readonly name: string;
  readonly kind: SimContainerKind;
  readonly image: ResolvedImage;
  /** readinessProbe.initialDelaySeconds in ms: the first probe, which passes. */
  readonly readyDelayMs: number;
  /** startupProbe.initialDelaySeconds in ms. */
  readonly startupDelayMs: number;
  current: ContainerRun | undefined;
  previous: ContainerRun | undefined;
  restartCount: number;
  waiting: { reason: string; message: string } | undefined;
  /** When the current run exits by itself. */
  exitAt: number | undefined;
  /** When a held-back container is started again. */
  restartAt: number | undefined;
  /** When the current run's first readiness probe passes (cleared once it did). */
  readyAt: number | undefined;
  /** When the current run's startup probe passes (cleared once it did). */
  startedAt: number | undefined;
  backoff: BackoffEntry | undefined;
}

/** A fresh record for a container of the spec. */
export function newSimContainer(container: Container, kind: SimContainerKind): SimContainer {
  return {
    name: container.name,
    kind,
    image: resolveImage(container.image ?? ''),
    readyDelayMs: (container.readinessProbe?.initialDelaySeconds ?? 0) * 1000,
    startupDelayMs: (container.startupProbe?.initialDelaySeconds ?? 0) * 1000,
    current: undefined,
    previous: undefined,
    restartCount: 0,
    waiting: undefined,
    exitAt: undefined,
    restartAt: undefined,
    readyAt: undefined,
    startedAt: undefined,
    backoff: undefined,
  };
}

/** The records of a pod's init containers (sidecars included) and containers, in spec order. */
export function simContainersOf(spec: {
  initContainers?: readonly Container[];
  containers?: readonly Container[];
}): { init: SimContainer[]; main: SimContainer[] } {
  return {
    init: (spec.initContainers ?? []).map((c) =>
      newSimContainer(c, isRestartableInitContainer(c) ? 'sidecar' : 'init'),
    ),
    main: (spec.containers ?? []).map((c) => newSimContainer(c, 'main')),
  };
}

/** True while the container's current run has not ended. */
export function isRunning(c: SimContainer): boolean {
  return c.current !== undefined && c.current.finishedAt === undefined;
}

/** The kubelet's view of the container for the status generator; `readyWanted` is the sim.k8ts.io/ready verdict. */
export function runtimeStatusOf(c: SimContainer, readyWanted: boolean): ContainerRuntimeStatus {
  const running = isRunning(c);
  const started = running && c.startedAt === undefined;
  return {
    name: c.name,
    ...(c.current !== undefined ? { current: c.current } : {}),
    ...(c.previous !== undefined ? { previous: c.previous } : {}),
    restartCount: c.restartCount,
    ...(c.waiting !== undefined ? { waiting: c.waiting } : {}),
    ready: started && c.readyAt === undefined && readyWanted,
    started,
  };
}
