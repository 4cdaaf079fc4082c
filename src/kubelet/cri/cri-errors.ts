// Runtime failures as one typed family. The codes are gRPC's status codes by name, because that is
// what CRI runtimes answer with and what upstream's kubelet branches on (NotFound above all).

/** gRPC status codes, numbered as on the wire. */
export const criErrorCodes = {
  Canceled: 1,
  Unknown: 2,
  InvalidArgument: 3,
  DeadlineExceeded: 4,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  Aborted: 10,
  OutOfRange: 11,
  Unimplemented: 12,
  Internal: 13,
  Unavailable: 14,
  DataLoss: 15,
  Unauthenticated: 16,
} as const;

/** The name of a gRPC status code. */
export type CriErrorCode = keyof typeof criErrorCodes;

/** A failed runtime call: `code` says what kind, `rpc` which call, `message` the runtime's words. */
export class CriError extends Error {
  override readonly name = 'CriError';

  constructor(
    readonly code: CriErrorCode,
    message: string,
    readonly rpc?: string,
  ) {
    super(rpc !== undefined ? `${rpc}: ${message}` : message);
  }
}

const codeByNumber = new Map<number, CriErrorCode>(
  Object.entries(criErrorCodes).map(([name, n]) => [n, name as CriErrorCode]),
);

/** The code name for a gRPC numeric status (Unknown for numbers outside the table). */
export function criErrorCodeOf(grpcStatus: number): CriErrorCode {
  return codeByNumber.get(grpcStatus) ?? 'Unknown';
}

/** True when `err` is a CriError with the given code. */
export function isCriError(err: unknown, code?: CriErrorCode): err is CriError {
  return err instanceof CriError && (code === undefined || err.code === code);
}

/** True when `err` says the sandbox, container or image does not exist. */
export function isNotFound(err: unknown): boolean {
  return isCriError(err, 'NotFound');
}
