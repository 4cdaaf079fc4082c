// The numbers of a rolling update (deployment/util): maxSurge and maxUnavailable resolved against
// the replica count, how far the new ReplicaSet may grow, and proportional shares when scaling.

/** An intstr.IntOrString as it appears in JSON. */
export type IntOrString = number | string;

/**
 * intstr.GetScaledValueFromIntOrPercent: an int as is, or "N%" of `total` rounded up or down.
 * Throws for a string that is not a percentage, with upstream's message.
 */
export function scaledValue(value: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return value;
  const m = /^(-?\d+)%$/.exec(value);
  if (!m) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * ResolveFenceposts: maxSurge rounds up, maxUnavailable rounds down, and when both come out 0
 * maxUnavailable becomes 1 (a rollout must be able to move even where surge is impossible).
 */
export function resolveFenceposts(
  maxSurge: IntOrString | undefined,
  maxUnavailable: IntOrString | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** The part of a Deployment the rollout math reads. */
export interface RolloutSpec {
  readonly replicas: number;
  readonly strategyType: string;
  readonly maxSurge?: IntOrString;
  readonly maxUnavailable?: IntOrString;
}

/** MaxSurge: extra pods a rolling Deployment may run (0 for Recreate). */
export function maxSurgeOf(d: RolloutSpec): number {
  if (d.strategyType !== 'RollingUpdate') return 0;
  return resolveFenceposts(d.maxSurge, d.maxUnavailable, d.replicas).surge;
}

/** MaxUnavailable: pods a rolling Deployment may lack, never more than its replicas (0 for Recreate). */
export function maxUnavailableOf(d: RolloutSpec): number {
  if (d.strategyType !== 'RollingUpdate' || d.replicas === 0) return 0;
  const { unavailable } = resolveFenceposts(d.maxSurge, d.maxUnavailable, d.replicas);
  return Math.min(unavailable, d.replicas);
}

/**
 * NewRSNewReplicas: the new ReplicaSet's next size. Rolling: grow by what the surge allows, never
 * beyond the desired count. Recreate: the desired count at once.
 */
export function newReplicaSetReplicas(d: RolloutSpec, allReplicas: number, newReplicas: number): number {
  if (d.strategyType === 'Recreate') return d.replicas;
  if (d.strategyType !== 'RollingUpdate')
    throw new Error(`deployment type ${d.strategyType} isn't supported`);
  const maxTotal = d.replicas + scaledValue(d.maxSurge ?? 0, d.replicas, true);
  if (allReplicas >= maxTotal) return newReplicas;
  const scaleUp = Math.min(maxTotal - allReplicas, d.replicas - newReplicas);
  return newReplicas + scaleUp;
}

/** Go's integer.RoundToInt32: round half away from zero. */
function roundToInt(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/**
 * getReplicaSetFraction: how a ReplicaSet of `rsReplicas` should change when its Deployment moves to
 * `d.replicas` (+surge), given the size it was sized against (max-replicas annotation, or the
 * Deployment's status.replicas when absent).
 */
export function replicaSetFraction(d: RolloutSpec, rsReplicas: number, annotatedMax: number): number {
  if (d.replicas === 0) return -rsReplicas;
  const deploymentReplicas = d.replicas + maxSurgeOf(d);
  const size = (rsReplicas * deploymentReplicas) / annotatedMax;
  return roundToInt(size) - rsReplicas;
}

/**
 * GetProportion: a ReplicaSet's share of `toAdd` replicas, bounded by what is left after `added`
 * went to the ReplicaSets before it.
 */
export function proportion(
  d: RolloutSpec,
  rsReplicas: number,
  annotatedMax: number,
  toAdd: number,
  added: number,
): number {
  if (rsReplicas === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(d, rsReplicas, annotatedMax);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}
