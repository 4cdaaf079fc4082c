import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { createLogger } from '../../base/logger.js';
import { forwardingLogger, relayLogs } from './forwarded-logger.js';

test('entries reach the owning logger under their component path, fields intact or as text', async () => {
  const { port1, port2 } = new MessageChannel();
  const lines: string[] = [];
  relayLogs(port1, createLogger('server', { level: 'debug', write: (line) => lines.push(line) }));
  const log = forwardingLogger(port2, 'info').child('controller-manager').child('replicaset');
  log.debug('below the level: not sent');
  log.info('synced', { key: 'default/web', pods: 3 });
  // A function cannot cross threads; the entry still does, the field as text.
  log.warn('odd field', { handler: { run: () => 1 }, err: new Error('boom') });
  while (lines.length < 2) await new Promise(setImmediate);
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, / INFO server\.controller-manager\.replicaset synced key=default\/web pods=3$/);
  assert.match(lines[1]!, / WARN server\.controller-manager\.replicaset odd field handler="\{\}" err=boom$/);
  port1.close();
});
