import type { Probe } from 'kubernetes-types/core/v1.js';

/** A probe's schedule and thresholds with the API defaults filled in. */
export interface ProbeTiming {
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

// The apiserver defaults these on every pod; filling them again keeps hand-made specs (tests,
// static pods read from disk) from probing every 0 s or never crossing a threshold of 0.
function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && value > 0 ? value : fallback;
}

/** The timing of `probe`, defaulted as the API does (period 10 s, timeout 1 s, thresholds 1 and 3). */
export function probeTiming(probe: Probe): ProbeTiming {
  return {
    initialDelaySeconds: Math.max(0, probe.initialDelaySeconds ?? 0),
    periodSeconds: positive(probe.periodSeconds, 10),
    timeoutSeconds: positive(probe.timeoutSeconds, 1),
    successThreshold: positive(probe.successThreshold, 1),
    failureThreshold: positive(probe.failureThreshold, 3),
  };
}
