const DAY_MS = 24 * 60 * 60 * 1000;
// Certificates start an hour in the past so a peer whose clock runs slightly behind ours (a node
// joining with `k8ts agent`) does not reject a certificate issued moments ago as "not yet valid".
const BACKDATE_MS = 60 * 60 * 1000;

/** The validity window of a certificate issued at `now` for `days` days. */
export function certificateValidity(now: Date, days: number): { notBefore: Date; notAfter: Date } {
  if (!(days > 0)) throw new Error(`certificate lifetime must be positive, got ${days} days`);
  return {
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + days * DAY_MS),
  };
}

/** Whether a certificate ending at `notAfter` is still valid `days` days after `now`. */
export function validForAtLeast(notAfter: Date, now: Date, days: number): boolean {
  return notAfter.getTime() - now.getTime() > days * DAY_MS;
}
