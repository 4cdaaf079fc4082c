import { fieldErrorMessage, fieldInvalid } from '../../api/validation/field-error.js';
/** Why an allocation failed: a requested item outside the range, one already taken, or no item left. */
export type AllocationErrorCode = 'NotInRange' | 'Allocated' | 'Full';

/** What builds an AllocationError. */
export interface AllocationErrorInit {
  readonly code: AllocationErrorCode;
  /** The allocator's own words, exactly upstream's ("range is full", "provided IP is already allocated"). */
  readonly reason: string;
  /** The text upstream reports: after "Invalid value: <value>: " for field errors, else the whole message. */
  readonly detail: string;
  /** Field path of the Invalid cause (spec.clusterIPs, spec.ports[0].nodePort); absent for Full. */
  readonly field?: string;
  /** The rejected value as upstream prints it in the cause. */
  readonly value?: unknown;
}

/**
 * An allocation that did not happen. The registry maps it the way upstream does: with a `field`
 * it is a 422 Invalid whose cause is (field, detail) and whose message is this error's message;
 * without one (Full) it is a 500 InternalError "Internal error occurred: <message>".
 */
export class AllocationError extends Error {
  override readonly name = 'AllocationError';
  readonly code: AllocationErrorCode;
  readonly reason: string;
  readonly detail: string;
  readonly field: string | undefined;
  readonly value: unknown;

  constructor(init: AllocationErrorInit) {
    super(
      init.field === undefined
        ? init.detail
        : fieldErrorMessage(fieldInvalid(init.field, init.value, init.detail)),
    );
    this.code = init.code;
    this.reason = init.reason;
    this.detail = init.detail;
    this.field = init.field;
    this.value = init.value;
  }
}

/** True when `err` is an AllocationError (with the given code, when one is given). */
export function isAllocationError(err: unknown, code?: AllocationErrorCode): err is AllocationError {
  return err instanceof AllocationError && (code === undefined || err.code === code);
}

/** Upstream's message for an exhausted range, shared by both allocators. */
export const rangeFullReason = 'range is full';
