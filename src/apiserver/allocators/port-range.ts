/** A contiguous range of TCP/UDP ports. */
export interface PortRange {
  readonly base: number;
  /** Number of ports; the last is base + size - 1. */
  readonly size: number;
  /** Canonical text as upstream prints it: "30000-32767". */
  readonly text: string;
}

/**
 * Parses a port range the way --service-node-port-range accepts it: "low-high", "base+extra"
 * (base through base+extra) or a single port. Undefined when malformed or outside 1-65535.
 */
export function parsePortRange(text: string): PortRange | undefined {
  const trimmed = text.trim();
  const match = /^(\d+)(?:([-+])(\d+))?$/.exec(trimmed);
  if (match === null) return undefined;
  const base = Number(match[1]);
  let last = base;
  if (match[2] === '-') last = Number(match[3]);
  else if (match[2] === '+') last = base + Number(match[3]);
  if (base < 1 || last > 65535 || last < base) return undefined;
  return { base, size: last - base + 1, text: `${base}-${last}` };
}
