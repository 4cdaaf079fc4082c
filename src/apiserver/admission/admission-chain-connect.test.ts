import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { AdmissionChain, type AdmissionPlugin } from './admission-chain.js';
import { testAttributes } from './plugins/test-attributes.js';

function recording(name: string, seen: string[], handlesConnect?: boolean): AdmissionPlugin {
  return {
    name,
    ...(handlesConnect !== undefined ? { handlesConnect } : {}),
    mutate: async (attrs) => void seen.push(`${name} mutate ${attrs.operation}`),
    validate: async (attrs) => void seen.push(`${name} validate ${attrs.operation}`),
  };
}

test('CONNECT reaches only the plugins that handle it (upstream: the webhooks), every operation else all', async () => {
  const seen: string[] = [];
  const chain = new AdmissionChain([
    recording('NamespaceLifecycle', seen),
    recording('NodeRestriction', seen, false),
    recording('ValidatingAdmissionWebhook', seen, true),
  ]);
  const options: KubeObject = { kind: 'PodExecOptions', apiVersion: 'v1', command: ['ls'] };
  const connect = testAttributes({
    resource: 'pods',
    operation: 'CONNECT',
    subresource: 'exec',
    name: 'web',
  });
  await chain.mutate(connect, options, undefined);
  await chain.validate(connect, options, undefined);
  assert.deepEqual(seen, [
    'ValidatingAdmissionWebhook mutate CONNECT',
    'ValidatingAdmissionWebhook validate CONNECT',
  ]);

  seen.length = 0;
  const create = testAttributes({ resource: 'pods', operation: 'CREATE' });
  await chain.validate(create, { kind: 'Pod', apiVersion: 'v1' }, undefined);
  assert.deepEqual(seen, [
    'NamespaceLifecycle validate CREATE',
    'NodeRestriction validate CREATE',
    'ValidatingAdmissionWebhook validate CREATE',
  ]);
});
