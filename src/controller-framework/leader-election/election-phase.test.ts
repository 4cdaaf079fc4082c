import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFinalPhase, nextPhase } from './election-phase.js';
import type { ElectionEvent, ElectionPhase } from './election-phase.js';

describe('election state machine', () => {
  const allowed: [ElectionPhase, ElectionEvent, ElectionPhase][] = [
    ['Candidate', 'acquired', 'Leader'],
    ['Candidate', 'heldByOther', 'Follower'],
    ['Candidate', 'failed', 'Candidate'],
    ['Candidate', 'cancelled', 'Stopped'],
    ['Follower', 'heldByOther', 'Follower'],
    ['Follower', 'acquired', 'Leader'],
    ['Follower', 'failed', 'Candidate'],
    ['Follower', 'cancelled', 'Stopped'],
    ['Leader', 'renewed', 'Leader'],
    ['Leader', 'renewDeadlineExceeded', 'Lost'],
    ['Leader', 'release', 'Releasing'],
    ['Leader', 'cancelled', 'Stopped'],
    ['Releasing', 'releaseDone', 'Released'],
  ];
  for (const [from, event, to] of allowed) {
    it(`${from} --${event}--> ${to}`, () => assert.equal(nextPhase(from, event), to));
  }

  const forbidden: [ElectionPhase, ElectionEvent][] = [
    ['Follower', 'renewed'],
    ['Candidate', 'release'],
    ['Leader', 'heldByOther'],
    ['Lost', 'acquired'],
    ['Released', 'acquired'],
    ['Stopped', 'acquired'],
  ];
  for (const [from, event] of forbidden) {
    it(`has no ${from} --${event}--> transition`, () =>
      assert.throws(() => nextPhase(from, event), /no transition/));
  }

  it('ends only in Released, Lost or Stopped', () => {
    const phases: ElectionPhase[] = [
      'Candidate',
      'Follower',
      'Leader',
      'Releasing',
      'Released',
      'Lost',
      'Stopped',
    ];
    assert.deepEqual(phases.filter(isFinalPhase), ['Released', 'Lost', 'Stopped']);
  });
});
