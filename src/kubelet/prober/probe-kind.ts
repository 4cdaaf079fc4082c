import type { Container, Probe } from 'kubernetes-types/core/v1.js';

/** The three probes a container can have; each runs in its own worker. */
export type ProbeKind = 'liveness' | 'readiness' | 'startup';

/** Every probe kind, in the order upstream creates their workers. */
export const probeKinds: readonly ProbeKind[] = ['startup', 'readiness', 'liveness'];

const displayNames: Readonly<Record<ProbeKind, string>> = {
  liveness: 'Liveness',
  readiness: 'Readiness',
  startup: 'Startup',
};

/** The capitalised name event messages start with ("Liveness probe failed: ..."). */
export function probeKindName(kind: ProbeKind): string {
  return displayNames[kind];
}

/** The container's probe of that kind, if it has one. */
export function probeOf(container: Container, kind: ProbeKind): Probe | undefined {
  switch (kind) {
    case 'liveness':
      return container.livenessProbe;
    case 'readiness':
      return container.readinessProbe;
    case 'startup':
      return container.startupProbe;
  }
}
