/** The stored state of one range: what it covers and which of its items are taken. */
export interface RangeAllocationDocument {
  /** The range as configured when written: a CIDR ("10.43.0.0/16") or a port range ("30000-32767"). */
  readonly range: string;
  /** The bitmap in upstream's encoding (see AllocationBitmap.toBytes). */
  readonly data: Uint8Array;
}

/** Storage key of the ClusterIP bitmap (upstream's RangeAllocation location). */
export const serviceIpRangeKey = '/registry/ranges/serviceips';

/** Storage key of the NodePort bitmap (upstream's RangeAllocation location). */
export const nodePortRangeKey = '/registry/ranges/servicenodeports';

/** Serialises like upstream's v1 RangeAllocation JSON: data as base64. */
export function encodeRangeAllocation(doc: RangeAllocationDocument): Uint8Array {
  const json = {
    kind: 'RangeAllocation',
    apiVersion: 'v1',
    metadata: {},
    range: doc.range,
    data: Buffer.from(doc.data).toString('base64'),
  };
  return new TextEncoder().encode(JSON.stringify(json));
}

/** Parses a stored range document; throws an Error naming `key` when it is not one. */
export function decodeRangeAllocation(key: string, bytes: Uint8Array): RangeAllocationDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new Error(`range allocation at ${key} is not JSON`, { cause: err });
  }
  if (typeof parsed !== 'object' || parsed === null)
    throw new Error(`range allocation at ${key} is not an object`);
  const { range, data } = parsed as { range?: unknown; data?: unknown };
  if (typeof range !== 'string') throw new Error(`range allocation at ${key} has no range`);
  // Go's encoding/json writes an empty []byte as "" and a nil one as null; both mean nothing taken.
  if (data !== undefined && data !== null && typeof data !== 'string') {
    throw new Error(`range allocation at ${key} has data that is not base64`);
  }
  return { range, data: new Uint8Array(Buffer.from(data ?? '', 'base64')) };
}
