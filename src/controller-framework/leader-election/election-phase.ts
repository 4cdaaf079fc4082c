/**
 * Where a LeaderElector is. Candidate: trying to acquire (the lease looked free, expired or could
 * not be read). Follower: another holder's lease is valid, so it waits for it to expire. Leader:
 * renewing. Releasing: giving the lease up on shutdown. Released, Lost and Stopped are final:
 * stepped down cleanly, failed to renew within the deadline, or stopped before ever leading.
 */
export type ElectionPhase =
  'Candidate' | 'Follower' | 'Leader' | 'Releasing' | 'Released' | 'Lost' | 'Stopped';

/** What moves a LeaderElector from one phase to the next. */
export type ElectionEvent =
  /** An acquire attempt wrote the lease (created it, took it over, or renewed it). */
  | 'acquired'
  /** An acquire attempt found a valid lease held by someone else. */
  | 'heldByOther'
  /** An acquire attempt failed (API error, or a Conflict with a concurrent writer). */
  | 'failed'
  /** The leader renewed within the deadline. */
  | 'renewed'
  /** The leader could not renew before the renew deadline. */
  | 'renewDeadlineExceeded'
  /** The run was cancelled and the lease is not being released. */
  | 'cancelled'
  /** The run was cancelled while leading and the lease is being released. */
  | 'release'
  /** The release write finished (or failed; the lease then simply expires). */
  | 'releaseDone';

const transitions: Readonly<Record<ElectionPhase, Partial<Record<ElectionEvent, ElectionPhase>>>> = {
  Candidate: { acquired: 'Leader', heldByOther: 'Follower', failed: 'Candidate', cancelled: 'Stopped' },
  Follower: { acquired: 'Leader', heldByOther: 'Follower', failed: 'Candidate', cancelled: 'Stopped' },
  Leader: { renewed: 'Leader', renewDeadlineExceeded: 'Lost', cancelled: 'Stopped', release: 'Releasing' },
  Releasing: { releaseDone: 'Released' },
  Released: {},
  Lost: {},
  Stopped: {},
};

/** The phase after `event` in `phase`; throws on a transition the state machine does not have. */
export function nextPhase(phase: ElectionPhase, event: ElectionEvent): ElectionPhase {
  const next = transitions[phase][event];
  if (next === undefined) throw new Error(`leader election: no transition from ${phase} on ${event}`);
  return next;
}

/** True for the phases a run ends in. */
export function isFinalPhase(phase: ElectionPhase): boolean {
  return phase === 'Released' || phase === 'Lost' || phase === 'Stopped';
}
