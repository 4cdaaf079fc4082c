import type { Container, Pod, Probe } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../../base/clock.js';
import { containerRef, formatPod, type KubeletEventSink } from './container-event.js';
import type { ContainerExec } from './container-exec.js';
import { resolveContainerPort } from './container-port.js';
import { runExecProbe } from './exec-probe.js';
import { expandCommandWithStaticEnv } from './expand-command.js';
import { runGrpcProbe } from './grpc-probe.js';
import { httpGetRequest } from './http-get-request.js';
import { runHttpProbe } from './http-probe.js';
import { probeKindName, probeOf, type ProbeKind } from './probe-kind.js';
import { probeError, type ProbeOutcome } from './probe-outcome.js';
import { probeTiming } from './probe-timing.js';
import { runTcpProbe } from './tcp-probe.js';

// A run whose handler errored (rather than failed) is tried again at once, up to this many times.
const maxProbeRetries = 3;

/** What a Prober needs. */
export interface ProberOptions {
  readonly exec: ContainerExec;
  readonly clock: Clock;
  /** Receives Unhealthy and ProbeWarning events. */
  readonly onEvent?: KubeletEventSink;
}

/** Which container to probe, and where it can be reached. */
export interface ProbeTarget {
  readonly pod: Pod;
  readonly container: Container;
  /** The status containerID ("containerd://..."). */
  readonly containerId: string;
  /** The pod's primary IP, the default host for network probes. */
  readonly podIp: string;
}

/**
 * Runs a container's probes once each and reports them as upstream's prober does: a failure records
 * `Unhealthy` "<Kind> probe failed: <output>", a warning `ProbeWarning`, and a handler that could not
 * run (after 3 tries) `Unhealthy` "<Kind> probe errored and resulted in <verdict> state: <error>".
 */
export class Prober {
  private readonly exec: ContainerExec;
  private readonly clock: Clock;
  private readonly onEvent: KubeletEventSink | undefined;

  constructor(options: ProberOptions) {
    this.exec = options.exec;
    this.clock = options.clock;
    this.onEvent = options.onEvent;
  }

  /**
   * The result of one probe of `kind`: "success" (also for a warning, or when the container has no
   * such probe), "failure", or undefined when the run errored or was aborted and must not count.
   */
  async probe(
    kind: ProbeKind,
    target: ProbeTarget,
    signal?: AbortSignal,
  ): Promise<'success' | 'failure' | undefined> {
    const spec = probeOf(target.container, kind);
    if (spec === undefined) return 'success';
    let result: ProbeOutcome | undefined;
    for (let i = 0; i < maxProbeRetries; i++) {
      try {
        result = await this.runOnce(spec, target, signal);
      } catch (err) {
        if (signal?.aborted) return undefined;
        result = probeError(err instanceof Error ? err : new Error(String(err)));
      }
      if (result.error === undefined) break;
    }
    const name = probeKindName(kind);
    if (result === undefined) return undefined;
    if (result.error !== undefined) {
      const message = `${name} probe errored and resulted in ${result.verdict} state: ${result.error.message}`;
      this.record(target, 'Unhealthy', message);
      return undefined;
    }
    switch (result.verdict) {
      case 'success':
        return 'success';
      case 'warning':
        this.record(target, 'ProbeWarning', `${name} probe warning: ${result.output}`);
        return 'success';
      case 'failure':
        this.record(target, 'Unhealthy', `${name} probe failed: ${result.output}`);
        return 'failure';
      case 'unknown':
        return 'failure';
    }
  }

  private record(target: ProbeTarget, reason: string, message: string): void {
    this.onEvent?.({
      involvedObject: containerRef(target.pod, target.container.name),
      type: 'Warning',
      reason,
      message,
    });
  }

  private async runOnce(
    spec: Probe,
    target: ProbeTarget,
    signal: AbortSignal | undefined,
  ): Promise<ProbeOutcome> {
    const { timeoutSeconds } = probeTiming(spec);
    const { container, podIp } = target;
    if (spec.exec !== undefined) {
      const command = expandCommandWithStaticEnv(spec.exec.command ?? [], container.env);
      return runExecProbe(this.exec, target.containerId, command, timeoutSeconds, signal);
    }
    if (spec.httpGet !== undefined) {
      return runHttpProbe(
        httpGetRequest(spec.httpGet, container, podIp, 'probe'),
        timeoutSeconds,
        this.clock,
        signal,
      );
    }
    if (spec.tcpSocket !== undefined) {
      const port = resolveContainerPort(spec.tcpSocket.port, container);
      const host =
        spec.tcpSocket.host !== undefined && spec.tcpSocket.host !== '' ? spec.tcpSocket.host : podIp;
      return runTcpProbe(host, port, timeoutSeconds, this.clock, signal);
    }
    if (spec.grpc !== undefined) {
      return runGrpcProbe(podIp, spec.grpc.port, spec.grpc.service ?? '', timeoutSeconds, this.clock, signal);
    }
    throw new Error(`missing probe handler for ${formatPod(target.pod)}:${container.name}`);
  }
}
