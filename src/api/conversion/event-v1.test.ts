import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../object.js';
import { convertFromStorage, convertToStorage } from './index.js';

const events = { group: 'events.k8s.io', version: 'v1', kind: 'Event' };
const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  name: 'web-0',
  namespace: 'default',
  uid: 'u-1',
  resourceVersion: '7',
};
const node = { apiVersion: 'v1', kind: 'Node', name: 'node-1' };
const metadata = { name: 'web-0.17f3', namespace: 'default', resourceVersion: '9' };

function core(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata,
    involvedObject: pod,
    reason: 'Scheduled',
    message: 'Successfully assigned default/web-0 to node-1',
    source: { component: 'default-scheduler', host: 'cp-1' },
    firstTimestamp: '2025-01-01T10:00:00Z',
    lastTimestamp: '2025-01-01T10:05:00Z',
    count: 3,
    type: 'Normal',
    eventTime: '2025-01-01T10:00:00.123456Z',
    series: { count: 2, lastObservedTime: '2025-01-01T10:05:00.000001Z' },
    action: 'Binding',
    related: node,
    reportingComponent: 'default-scheduler',
    reportingInstance: 'default-scheduler-cp-1',
  };
}

function eventsView(): KubeObject {
  return {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata,
    eventTime: '2025-01-01T10:00:00.123456Z',
    series: { count: 2, lastObservedTime: '2025-01-01T10:05:00.000001Z' },
    reportingController: 'default-scheduler',
    reportingInstance: 'default-scheduler-cp-1',
    action: 'Binding',
    reason: 'Scheduled',
    regarding: pod,
    related: node,
    note: 'Successfully assigned default/web-0 to node-1',
    type: 'Normal',
    deprecatedSource: { component: 'default-scheduler', host: 'cp-1' },
    deprecatedFirstTimestamp: '2025-01-01T10:00:00Z',
    deprecatedLastTimestamp: '2025-01-01T10:05:00Z',
    deprecatedCount: 3,
  };
}

describe('events.k8s.io/v1 Event ↔ core v1 Event', () => {
  it('shows a stored core Event under the events.k8s.io names', () => {
    assert.deepEqual(convertFromStorage(core(), events), eventsView());
  });

  it('stores an events.k8s.io Event under the core names', () => {
    assert.deepEqual(convertToStorage(eventsView(), events, 'v1'), core());
  });

  it('keeps the target version order of fields', () => {
    assert.deepEqual(Object.keys(convertFromStorage(core(), events)), Object.keys(eventsView()));
    assert.deepEqual(Object.keys(convertToStorage(eventsView(), events, 'v1')), Object.keys(core()));
  });

  it('round-trips a sparse Event both ways without inventing fields', () => {
    const sparse: KubeObject = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'e', namespace: 'default' },
      eventTime: '2025-01-01T10:00:00.000000Z',
      reportingController: 'k8ts.io/controller',
      reportingInstance: 'controller-1',
      action: 'Create',
      reason: 'Created',
      regarding: pod,
      note: 'created',
      type: 'Normal',
    };
    const stored = convertToStorage(sparse, events, 'v1');
    assert.deepEqual(stored, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e', namespace: 'default' },
      involvedObject: pod,
      reason: 'Created',
      message: 'created',
      type: 'Normal',
      eventTime: '2025-01-01T10:00:00.000000Z',
      action: 'Create',
      reportingComponent: 'k8ts.io/controller',
      reportingInstance: 'controller-1',
    });
    assert.deepEqual(convertFromStorage(stored, events), sparse);
    assert.deepEqual(convertToStorage(convertFromStorage(core(), events), events, 'v1'), core());
  });

  it('returns new objects and leaves the input untouched', () => {
    const input = core();
    const out = convertFromStorage(input, events);
    (out.regarding as { name: string }).name = 'changed';
    (out.metadata as { name: string }).name = 'changed';
    assert.deepEqual(input, core());
  });
});
