// intstr.GetScaledValueFromIntOrPercent, as rolling updates read maxUnavailable and maxSurge.

/**
 * The absolute value of an int-or-percent against `total`: an integer as is, "N%" scaled and
 * rounded up or down. Throws for anything else, as upstream returns an error.
 */
export function scaledValue(value: number | string | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) throw new Error('nil value for IntOrString');
  if (typeof value === 'number') return value;
  const m = /^(-?\d+)%$/.exec(value);
  if (m === null) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}
