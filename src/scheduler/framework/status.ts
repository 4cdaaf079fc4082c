/**
 * The outcome codes of an extension point, as upstream's framework.Code:
 * - Success: go on (plugins return `undefined` for it).
 * - Error: an internal failure; the pod is retried after backoff.
 * - Unschedulable: this node does not fit now, preemption may help.
 * - UnschedulableAndUnresolvable: this node cannot fit whatever is preempted.
 * - Wait: Permit asks the binding cycle to wait.
 * - Skip: PreFilter/PreScore say the plugin has nothing to do for this pod; Bind passes to the next binder.
 * - Pending: the pod waits for something outside the scheduler.
 */
export type Code =
  'Success' | 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Wait' | 'Skip' | 'Pending';

/**
 * What a plugin reports: a code, the reasons behind it (joined with ", " into the message) and the
 * plugin that decided it. Immutable, so plugins may return shared instances. `undefined` stands for
 * Success everywhere, as a nil *Status does upstream.
 */
export class Status {
  readonly code: Code;
  readonly reasons: readonly string[];
  /** The plugin that returned it (set by the framework). */
  readonly plugin: string;
  readonly error: Error | undefined;

  constructor(code: Code, reasons: readonly string[] = [], plugin = '', error?: Error) {
    this.code = code;
    this.reasons = reasons;
    this.plugin = plugin;
    this.error = error;
  }

  /** An Unschedulable status with these reasons. */
  static unschedulable(...reasons: string[]): Status {
    return new Status('Unschedulable', reasons);
  }

  /** An UnschedulableAndUnresolvable status with these reasons. */
  static unresolvable(...reasons: string[]): Status {
    return new Status('UnschedulableAndUnresolvable', reasons);
  }

  /** An Error status carrying `err` (its message is the reason). */
  static fromError(err: unknown): Status {
    const error = err instanceof Error ? err : new Error(String(err));
    return new Status('Error', [error.message], '', error);
  }

  /** The reasons joined by ", " (Status.Message()). */
  message(): string {
    return this.reasons.join(', ');
  }

  /** True for Unschedulable, UnschedulableAndUnresolvable and Pending: the pod was turned down. */
  isRejected(): boolean {
    return (
      this.code === 'Unschedulable' || this.code === 'UnschedulableAndUnresolvable' || this.code === 'Pending'
    );
  }

  /** The same status attributed to `plugin` (itself when already so). */
  withPlugin(plugin: string): Status {
    return this.plugin === plugin ? this : new Status(this.code, this.reasons, plugin, this.error);
  }
}

/** True when `s` is Success (undefined or code Success). */
export function isSuccess(s: Status | undefined): boolean {
  return s === undefined || s.code === 'Success';
}

/** The Skip status, shared. */
export const skipStatus = new Status('Skip');
