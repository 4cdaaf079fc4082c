// The dispatchers against a real HTTPS webhook on 127.0.0.1 with its own CA: patches, reinvocation,
// failure policies, timeouts, dry runs, invalid answers, TLS trust, equivalent versions, services.
import assert from 'node:assert/strict';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2.js';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { defaultObject } from '../../../api/defaults/default-object.js';
import type { KubeObject } from '../../../api/object.js';
import { builtinResources } from '../../../api/scheme/builtin-resources.js';
import type { ResourceType } from '../../../api/scheme/resource-type.js';
import { isStatusError, type StatusError } from '../../../machinery/errors/index.js';
import type { ServedResource } from '../../endpoints/served-resource.js';
import { createCertificateAuthority } from '../../pki/certificate-authority.js';
import { issueServingCertificate } from '../../pki/issue-serving-certificate.js';
import { builtinConverter } from '../../resource-registry.js';
import type { DispatchContext } from './dispatch-context.js';
import { dispatchMutating } from './mutating-dispatcher.js';
import { dispatchValidating } from './validating-dispatcher.js';
import { webhookAccessors, type WebhookAccessor } from './webhook-accessor.js';
import type { WebhookRequest } from './webhook-request.js';

/** The parts of a received AdmissionReview request the tests read. */
interface ReceivedRequest {
  readonly uid: string;
  readonly kind: unknown;
  readonly requestKind: unknown;
  readonly object: KubeObject | null;
}
type Review = { request: ReceivedRequest };
type Handler = (review: Review) => Record<string, unknown> | Promise<Record<string, unknown>>;

const handlers = new Map<string, Handler>();
const received: { path: string; request: ReceivedRequest }[] = [];
let server: Server;
let port = 0;
let caBundle = '';
let otherCaBundle = '';

before(async () => {
  const ca = await createCertificateAuthority({ commonName: 'webhook-test-ca' });
  const other = await createCertificateAuthority({ commonName: 'someone-else' });
  caBundle = Buffer.from(ca.certPem).toString('base64');
  otherCaBundle = Buffer.from(other.certPem).toString('base64');
  const cert = await issueServingCertificate(ca, {
    names: { dnsNames: ['hook.webhooks.svc'], ips: ['127.0.0.1'] },
  });
  server = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'https://x').pathname;
      const review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Review;
      received.push({ path, request: review.request });
      void Promise.resolve((handlers.get(path) ?? allow)(review)).then((body) => {
        if (!res.destroyed)
          res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function reply(review: Review, response: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    response: { uid: review.request.uid, ...response },
  };
}
const allow: Handler = (review) => reply(review, { allowed: true });

/** A handler that adds one label with a JSON patch. */
function addLabel(key: string): Handler {
  return (review) => {
    const labels = review.request.object?.metadata?.labels;
    const patch = labels
      ? [{ op: 'add', path: `/metadata/labels/${key}`, value: 'yes' }]
      : [{ op: 'add', path: '/metadata/labels', value: { [key]: 'yes' } }];
    return reply(review, {
      allowed: true,
      patchType: 'JSONPatch',
      patch: Buffer.from(JSON.stringify(patch)).toString('base64'),
    });
  };
}

function type(group: string, version: string, resource: string): ResourceType {
  return builtinResources.find((r) => r.group === group && r.version === version && r.resource === resource)!;
}

function served(t: ResourceType): ServedResource {
  return {
    type: t,
    store: undefined as never,
    printer: undefined as never,
    toStorage: (o) => builtinConverter.toStorage(o, t),
    fromStorage: (o) => builtinConverter.fromStorage(o, t),
    applyDefaults: (o) => defaultObject(t.group, t.version, t.kind, o),
  };
}

const configMapRule = { operations: ['*'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] };

function hooks(mutating: boolean, specs: Record<string, unknown>[]): WebhookAccessor[] {
  const webhooks = specs.map((spec, i) => ({
    name: `hook-${i}.example.com`,
    admissionReviewVersions: ['v1'],
    sideEffects: 'None',
    rules: [configMapRule],
    clientConfig: { url: `https://127.0.0.1:${port}/${i}`, caBundle },
    ...spec,
  }));
  return webhookAccessors({ metadata: { name: 'cfg' }, webhooks }, mutating);
}

function configMapRequest(overrides: Partial<WebhookRequest> = {}): WebhookRequest {
  return {
    operation: 'CREATE',
    type: type('', 'v1', 'configmaps'),
    subresource: '',
    namespace: 'default',
    name: 'cm',
    dryRun: false,
    user: { name: 'jane', groups: ['devs'] },
    options: undefined,
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default' } },
    oldObject: undefined,
    ...overrides,
  };
}

interface Outputs {
  warnings: string[];
  annotations: Record<string, string>;
  ignored: string[];
}

function context(dial?: DispatchContext['sinks']['dialService']): DispatchContext & { out: Outputs } {
  const out: Outputs = { warnings: [], annotations: {}, ignored: [] };
  return {
    out,
    match: { served: builtinResources, namespaceLabels: async () => ({}) },
    lookup: (r) => {
      const t = type(r.group, r.version, r.resource);
      return t && served(t);
    },
    sinks: {
      dialService: dial ?? (async () => Promise.reject(new Error('no services here'))),
      warn: (text) => out.warnings.push(text),
      annotate: (a) => Object.assign(out.annotations, a),
    },
    ignored: (message) => out.ignored.push(message),
  };
}

function calls(path: string): number {
  return received.filter((r) => r.path === path).length;
}

async function rejection(promise: Promise<void>): Promise<StatusError> {
  try {
    await promise;
  } catch (err) {
    if (isStatusError(err)) return err;
    throw err;
  }
  assert.fail('expected the request to be refused');
}

describe('mutating webhooks', () => {
  it('patch the object in place, one after another', async () => {
    handlers.set('/0', addLabel('first'));
    handlers.set('/1', (review) => {
      // The second webhook sees what the first one did.
      assert.equal(review.request.object?.metadata?.labels?.['first'], 'yes');
      return addLabel('second')(review);
    });
    const req = configMapRequest();
    const ctx = context();
    await dispatchMutating(hooks(true, [{}, {}]), req, ctx);
    assert.deepEqual(req.object?.metadata?.labels, { first: 'yes', second: 'yes' });
    assert.equal(
      ctx.out.annotations['mutation.webhook.admission.k8s.io/round_0_index_1'],
      '{"configuration":"cfg","webhook":"hook-1.example.com","mutated":true}',
    );
  });

  it('call an IfNeeded webhook again when a later one changed the object', async () => {
    received.length = 0;
    handlers.set('/0', allow);
    handlers.set('/1', addLabel('later'));
    await dispatchMutating(
      hooks(true, [{ reinvocationPolicy: 'IfNeeded' }, {}]),
      configMapRequest(),
      context(),
    );
    assert.equal(calls('/0'), 2);
    assert.equal(calls('/1'), 1);
    received.length = 0;
    await dispatchMutating(hooks(true, [{ reinvocationPolicy: 'Never' }, {}]), configMapRequest(), context());
    assert.equal(calls('/0'), 1);
  });

  it('refuse with upstream message when the webhook cannot be reached, unless they fail open', async () => {
    const down = { clientConfig: { url: 'https://127.0.0.1:1/down', caBundle } };
    const err = await rejection(dispatchMutating(hooks(true, [down]), configMapRequest(), context()));
    assert.equal(err.code, 500);
    assert.equal(
      err.message,
      'Internal error occurred: failed calling webhook "hook-0.example.com": failed to call webhook: ' +
        'Post "https://127.0.0.1:1/down?timeout=10s": dial tcp 127.0.0.1:1: connect: connection refused',
    );
    const ctx = context();
    await dispatchMutating(hooks(true, [{ ...down, failurePolicy: 'Ignore' }]), configMapRequest(), ctx);
    assert.equal(ctx.out.ignored.length, 1);
  });

  it('give up after timeoutSeconds', async () => {
    handlers.set('/0', (review) => new Promise((resolve) => setTimeout(() => resolve(allow(review)), 1500)));
    const err = await rejection(
      dispatchMutating(hooks(true, [{ timeoutSeconds: 1 }]), configMapRequest(), context()),
    );
    assert.equal(
      err.message,
      'Internal error occurred: failed calling webhook "hook-0.example.com": failed to call webhook: ' +
        `Post "https://127.0.0.1:${port}/0?timeout=1s": context deadline exceeded`,
    );
    handlers.set('/0', allow);
  });

  it('reach a dry run only when they declare no side effects', async () => {
    handlers.set('/0', addLabel('dry'));
    const req = configMapRequest({ dryRun: true });
    await dispatchMutating(hooks(true, [{ sideEffects: 'NoneOnDryRun' }]), req, context());
    assert.equal(req.object?.metadata?.labels?.['dry'], 'yes');
    // Stored through admissionregistration v1beta1 in older clusters: Some, Unknown, or none at all.
    const err = await rejection(dispatchMutating(hooks(true, [{ sideEffects: 'Some' }]), req, context()));
    assert.equal(err.code, 400);
    assert.equal(err.message, 'admission webhook "hook-0.example.com" does not support dry run');
    const unset = await rejection(
      dispatchMutating(hooks(true, [{ sideEffects: undefined }]), req, context()),
    );
    assert.equal(
      unset.message,
      'Internal error occurred: failed calling webhook "hook-0.example.com": Webhook SideEffects is nil',
    );
  });

  it('refuse an answer for another request', async () => {
    handlers.set('/0', (review) =>
      reply({ request: { ...review.request, uid: 'not-mine' } }, { allowed: true }),
    );
    const err = await rejection(dispatchMutating(hooks(true, [{}]), configMapRequest(), context()));
    assert.match(
      err.message,
      /^Internal error occurred: failed calling webhook "hook-0\.example\.com": received invalid webhook response: expected response\.uid="[0-9a-f-]{36}", got "not-mine"$/,
    );
    handlers.set('/0', allow);
  });

  it('trust only the caBundle given', async () => {
    const err = await rejection(
      dispatchMutating(
        hooks(true, [{ clientConfig: { url: `https://127.0.0.1:${port}/0`, caBundle: otherCaBundle } }]),
        configMapRequest(),
        context(),
      ),
    );
    assert.equal(
      err.message,
      'Internal error occurred: failed calling webhook "hook-0.example.com": failed to call webhook: ' +
        `Post "https://127.0.0.1:${port}/0?timeout=10s": tls: failed to verify certificate: x509: certificate signed by unknown authority`,
    );
  });

  it('may not patch a DELETE', async () => {
    handlers.set('/0', addLabel('gone'));
    const del = configMapRequest({
      operation: 'DELETE',
      object: undefined,
      oldObject: { metadata: { name: 'cm' } },
    });
    const err = await rejection(dispatchMutating(hooks(true, [{}]), del, context()));
    assert.equal(
      err.message,
      'Internal error occurred: admission webhook "hook-0.example.com" attempted to modify the object, which is not supported for this operation',
    );
    handlers.set('/0', allow);
  });

  it('see an autoscaling/v1 request as autoscaling/v2 when registered for v2 (matchPolicy Equivalent)', async () => {
    received.length = 0;
    handlers.set('/0', addLabel('converted'));
    const v1 = type('autoscaling', 'v1', 'horizontalpodautoscalers');
    const hpaV1: KubeObject = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        maxReplicas: 3,
        targetCPUUtilizationPercentage: 70,
      },
    };
    defaultObject('autoscaling', 'v1', 'HorizontalPodAutoscaler', hpaV1);
    const stored = served(v1).toStorage(hpaV1);
    const rule = {
      operations: ['CREATE'],
      apiGroups: ['autoscaling'],
      apiVersions: ['v2'],
      resources: ['horizontalpodautoscalers'],
    };
    const req = configMapRequest({ type: v1, name: 'web', object: stored });
    await dispatchMutating(hooks(true, [{ rules: [rule] }]), req, context());
    const seen = received.find((r) => r.path === '/0')!.request;
    assert.deepEqual(seen.kind, { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler' });
    assert.deepEqual(seen.requestKind, {
      group: 'autoscaling',
      version: 'v1',
      kind: 'HorizontalPodAutoscaler',
    });
    const shown = seen.object as unknown as HorizontalPodAutoscaler;
    assert.equal(shown.apiVersion, 'autoscaling/v2');
    assert.equal(shown.spec?.metrics?.[0]?.resource?.target.averageUtilization, 70);
    assert.equal(req.object?.apiVersion, 'autoscaling/v2');
    assert.equal(req.object?.metadata?.labels?.['converted'], 'yes');
    handlers.set('/0', allow);
  });

  it('reach a service-backed webhook by its service DNS name', async () => {
    handlers.set('/svc/mutate', addLabel('via-service'));
    const ref = { namespace: 'webhooks', name: 'hook', path: '/svc/mutate', port: 443 };
    const dialled: unknown[] = [];
    const ctx = context(async (r) => {
      dialled.push(r);
      return { host: '127.0.0.1', port };
    });
    const req = configMapRequest();
    await dispatchMutating(hooks(true, [{ clientConfig: { service: ref, caBundle } }]), req, ctx);
    assert.deepEqual(dialled, [ref]);
    assert.equal(req.object?.metadata?.labels?.['via-service'], 'yes');
    const unresolved = context(async () => Promise.reject(new Error('service "hook" not found')));
    const err = await rejection(
      dispatchMutating(
        hooks(true, [{ clientConfig: { service: ref, caBundle } }]),
        configMapRequest(),
        unresolved,
      ),
    );
    assert.equal(
      err.message,
      'Internal error occurred: failed calling webhook "hook-0.example.com": failed to call webhook: ' +
        'Post "https://hook.webhooks.svc:443/svc/mutate?timeout=10s": service "hook" not found',
    );
  });
});

describe('validating webhooks', () => {
  it('refuse with the first refusal in webhook order, and pass on warnings', async () => {
    handlers.set('/0', (review) => reply(review, { allowed: true, warnings: ['looked at it'] }));
    handlers.set('/1', (review) => reply(review, { allowed: false, status: { message: 'second says no' } }));
    handlers.set('/2', (review) =>
      reply(review, { allowed: false, status: { code: 403, reason: 'Forbidden', message: 'third says no' } }),
    );
    const ctx = context();
    const err = await rejection(dispatchValidating(hooks(false, [{}, {}, {}]), configMapRequest(), ctx));
    assert.equal(err.code, 400);
    assert.equal(err.message, 'admission webhook "hook-1.example.com" denied the request: second says no');
    assert.deepEqual(ctx.out.warnings, ['looked at it']);
  });

  it('let a request pass when an unreachable webhook fails open', async () => {
    handlers.set('/0', (review) => reply(review, { allowed: true, auditAnnotations: { verdict: 'fine' } }));
    const down = { failurePolicy: 'Ignore', clientConfig: { url: 'https://127.0.0.1:1/down', caBundle } };
    const ctx = context();
    await dispatchValidating(hooks(false, [{}, down]), configMapRequest(), ctx);
    assert.deepEqual(ctx.out.annotations, { 'hook-0.example.com/verdict': 'fine' });
    assert.equal(ctx.out.ignored.length, 1);
  });

  it('refuse a patch from a validating webhook', async () => {
    handlers.set('/0', addLabel('sneaky'));
    const err = await rejection(dispatchValidating(hooks(false, [{}]), configMapRequest(), context()));
    assert.equal(
      err.message,
      'Internal error occurred: failed calling webhook "hook-0.example.com": received invalid webhook response: validating webhook may not return response.patch',
    );
    handlers.set('/0', allow);
  });
});
