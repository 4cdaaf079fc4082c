import { isStatusError } from '../../machinery/errors/index.js';

/**
 * errors.HasStatusCause(err, NamespaceTerminatingCause): a create refused because its namespace is
 * being deleted. Controllers drop such failures quietly: every create there fails, and retrying or
 * reporting helps nobody. The message is checked too, for servers that send no cause.
 */
export function isNamespaceTerminatingError(err: unknown): boolean {
  if (!isStatusError(err)) return false;
  if (err.status.details?.causes?.some((c) => c.reason === 'NamespaceTerminating')) return true;
  return err.reason === 'Forbidden' && err.message.includes('because it is being terminated');
}
