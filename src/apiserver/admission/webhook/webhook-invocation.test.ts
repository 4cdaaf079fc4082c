import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../api/object.js';
import { builtinResources } from '../../../api/scheme/builtin-resources.js';
import { isStatusError } from '../../../machinery/errors/index.js';
import { webhookAccessors, type WebhookAccessor } from './webhook-accessor.js';
import { type MatchContext, webhookInvocation } from './webhook-invocation.js';
import type { WebhookRequest } from './webhook-request.js';

function hook(spec: Record<string, unknown>): WebhookAccessor {
  const config = { metadata: { name: 'cfg' }, webhooks: [{ name: 'hook.example.com', ...spec }] };
  return webhookAccessors(config, false)[0]!;
}

function type(group: string, version: string, resource: string) {
  const t = builtinResources.find(
    (r) => r.group === group && r.version === version && r.resource === resource,
  );
  assert.ok(t, `${group}/${version}/${resource}`);
  return t;
}

function request(overrides: Partial<WebhookRequest> = {}): WebhookRequest {
  return {
    operation: 'CREATE',
    type: type('', 'v1', 'configmaps'),
    subresource: '',
    namespace: 'team-a',
    name: 'cm',
    dryRun: false,
    user: { name: 'jane', groups: [] },
    options: undefined,
    object: { metadata: { name: 'cm', labels: { app: 'web' } } },
    oldObject: undefined,
    ...overrides,
  };
}

const namespaces: Record<string, Record<string, string>> = { 'team-a': { env: 'prod' }, 'team-b': {} };
const ctx: MatchContext = {
  served: builtinResources,
  namespaceLabels: async (name) => namespaces[name],
};

const configMapRule = {
  operations: ['CREATE'],
  apiGroups: [''],
  apiVersions: ['v1'],
  resources: ['configmaps'],
};

describe('webhookInvocation', () => {
  it('calls a webhook whose rules cover the request, as the requested resource and kind', async () => {
    const invocation = await webhookInvocation(hook({ rules: [configMapRule] }), request(), ctx);
    assert.deepEqual(invocation?.resource, { group: '', version: 'v1', resource: 'configmaps' });
    assert.deepEqual(invocation?.kind, { group: '', version: 'v1', kind: 'ConfigMap' });
    assert.equal(await webhookInvocation(hook({ rules: [] }), request(), ctx), undefined);
  });

  it('honours the namespace selector, and never exempts cluster-scoped requests', async () => {
    const selected = hook({ rules: [configMapRule], namespaceSelector: { matchLabels: { env: 'prod' } } });
    assert.ok(await webhookInvocation(selected, request(), ctx));
    assert.equal(await webhookInvocation(selected, request({ namespace: 'team-b' }), ctx), undefined);
    const anyNode = hook({
      rules: [{ operations: ['*'], apiGroups: [''], apiVersions: ['v1'], resources: ['nodes'] }],
      namespaceSelector: { matchLabels: { env: 'prod' } },
    });
    assert.ok(
      await webhookInvocation(anyNode, request({ type: type('', 'v1', 'nodes'), namespace: '' }), ctx),
    );
  });

  it('judges a namespace being created by its own labels', async () => {
    const nsHook = hook({
      rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['namespaces'] }],
      namespaceSelector: { matchLabels: { env: 'prod' } },
    });
    const create = (labels: Record<string, string>) =>
      request({
        type: type('', 'v1', 'namespaces'),
        namespace: '',
        object: { metadata: { name: 'new', labels } },
      });
    assert.ok(await webhookInvocation(nsHook, create({ env: 'prod' }), ctx));
    assert.equal(await webhookInvocation(nsHook, create({}), ctx), undefined);
  });

  it('answers NotFound for a missing namespace only when the rules select the request', async () => {
    const selected = hook({ rules: [configMapRule], namespaceSelector: { matchLabels: { env: 'prod' } } });
    await assert.rejects(
      webhookInvocation(selected, request({ namespace: 'gone' }), ctx),
      (err) => isStatusError(err, 'NotFound') && err.message === 'namespaces "gone" not found',
    );
    const elsewhere = hook({
      rules: [{ ...configMapRule, resources: ['secrets'] }],
      namespaceSelector: { matchLabels: { env: 'prod' } },
    });
    assert.equal(await webhookInvocation(elsewhere, request({ namespace: 'gone' }), ctx), undefined);
  });

  it('matches the object selector against the new or the old object', async () => {
    const selected = hook({
      rules: [{ ...configMapRule, operations: ['*'] }],
      objectSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] },
    });
    const labelled: KubeObject = { metadata: { labels: { app: 'web' } } };
    const plain: KubeObject = { metadata: {} };
    assert.ok(await webhookInvocation(selected, request({ object: labelled }), ctx));
    assert.equal(await webhookInvocation(selected, request({ object: plain }), ctx), undefined);
    const update = { operation: 'UPDATE' as const };
    assert.ok(
      await webhookInvocation(selected, request({ ...update, object: plain, oldObject: labelled }), ctx),
    );
    const del = { operation: 'DELETE' as const, object: undefined };
    assert.ok(await webhookInvocation(selected, request({ ...del, oldObject: labelled }), ctx));
    assert.equal(await webhookInvocation(selected, request({ ...del, oldObject: plain }), ctx), undefined);
  });

  it('with matchPolicy Equivalent, presents an autoscaling/v1 request to a v2 webhook as v2', async () => {
    const v2Rule = {
      operations: ['CREATE'],
      apiGroups: ['autoscaling'],
      apiVersions: ['v2'],
      resources: ['horizontalpodautoscalers'],
    };
    const v1Request = request({ type: type('autoscaling', 'v1', 'horizontalpodautoscalers') });
    const equivalent = await webhookInvocation(hook({ rules: [v2Rule] }), v1Request, ctx);
    assert.deepEqual(equivalent?.resource, {
      group: 'autoscaling',
      version: 'v2',
      resource: 'horizontalpodautoscalers',
    });
    assert.deepEqual(equivalent?.kind, {
      group: 'autoscaling',
      version: 'v2',
      kind: 'HorizontalPodAutoscaler',
    });
    assert.equal(
      await webhookInvocation(hook({ rules: [v2Rule], matchPolicy: 'Exact' }), v1Request, ctx),
      undefined,
    );
  });

  it('with matchPolicy Equivalent, relates core and events.k8s.io events (one storage)', async () => {
    const coreRule = { operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['events'] };
    const eventsRequest = request({ type: type('events.k8s.io', 'v1', 'events') });
    const invocation = await webhookInvocation(hook({ rules: [coreRule] }), eventsRequest, ctx);
    assert.deepEqual(invocation?.kind, { group: '', version: 'v1', kind: 'Event' });
    assert.equal(await webhookInvocation(hook({ rules: [configMapRule] }), eventsRequest, ctx), undefined);
  });
});
