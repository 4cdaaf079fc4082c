import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../api/object.js';
import { builtinResources } from '../../../api/scheme/builtin-resources.js';
import { volumeStrategy } from './volume-strategies.js';

const pvType = builtinResources.find((t) => t.kind === 'PersistentVolume')!;
const pvcType = builtinResources.find((t) => t.kind === 'PersistentVolumeClaim')!;
const created = '2026-01-01T00:00:00Z';
const now = new Date('2026-01-01T00:05:00.750Z');
const ctx = { now, dryRun: false };

function pv(status: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv1' }, status };
}

/** The status a status write stores, given the stored status and the one the client sent. */
function statusWrite(stored: Record<string, unknown>, sent: Record<string, unknown>): unknown {
  const next = pv(sent);
  volumeStrategy(pvType).prepareForStatusUpdate!(next, pv(stored), ctx);
  return next['status'];
}

describe('PersistentVolume status.lastPhaseTransitionTime', () => {
  it('is set on create with phase Pending', () => {
    const object = pv({ phase: 'Bound' });
    volumeStrategy(pvType).prepareForCreate!(object, ctx);
    assert.deepEqual(object['status'], { phase: 'Pending', lastPhaseTransitionTime: '2026-01-01T00:05:00Z' });
  });

  it('moves to now when the phase changes and the client sent none or the old time', () => {
    const stored = { phase: 'Pending', lastPhaseTransitionTime: created };
    assert.deepEqual(statusWrite(stored, { phase: 'Available' }), {
      phase: 'Available',
      lastPhaseTransitionTime: '2026-01-01T00:05:00Z',
    });
    assert.deepEqual(statusWrite(stored, { phase: 'Available', lastPhaseTransitionTime: created }), {
      phase: 'Available',
      lastPhaseTransitionTime: '2026-01-01T00:05:00Z',
    });
  });

  it('keeps the stored time while the phase stays and the client sent none', () => {
    const stored = { phase: 'Bound', lastPhaseTransitionTime: created };
    assert.deepEqual(statusWrite(stored, { phase: 'Bound', message: 'ok' }), {
      phase: 'Bound',
      message: 'ok',
      lastPhaseTransitionTime: created,
    });
  });

  it('keeps a time the client chose itself', () => {
    const chosen = '2025-06-01T12:00:00Z';
    assert.deepEqual(
      statusWrite(
        { phase: 'Bound', lastPhaseTransitionTime: created },
        { phase: 'Released', lastPhaseTransitionTime: chosen },
      ),
      {
        phase: 'Released',
        lastPhaseTransitionTime: chosen,
      },
    );
    assert.deepEqual(
      statusWrite(
        { phase: 'Bound', lastPhaseTransitionTime: created },
        { phase: 'Bound', lastPhaseTransitionTime: chosen },
      ),
      {
        phase: 'Bound',
        lastPhaseTransitionTime: chosen,
      },
    );
  });

  it('is not a claim field', () => {
    assert.equal(volumeStrategy(pvcType).prepareForStatusUpdate, undefined);
  });
});
