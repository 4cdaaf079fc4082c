import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinResources } from '../../../api/scheme/builtin-resources.js';
import { admissionReviewRequest, reviewVersionFor, verifyAdmissionResponse } from './admission-review.js';
import { webhookAccessors } from './webhook-accessor.js';
import { webhookRejection } from './webhook-errors.js';
import type { WebhookInvocation } from './webhook-invocation.js';
import type { WebhookRequest } from './webhook-request.js';

const pods = builtinResources.find((r) => r.group === '' && r.resource === 'pods')!;
const hook = webhookAccessors({ metadata: { name: 'c' }, webhooks: [{ name: 'a.b.c' }] }, true)[0]!;
const invocation: WebhookInvocation = {
  hook,
  resource: { group: '', version: 'v1', resource: 'pods' },
  subresource: 'status',
  kind: { group: '', version: 'v1', kind: 'Pod' },
};
const req: WebhookRequest = {
  operation: 'UPDATE',
  type: pods,
  subresource: 'status',
  namespace: 'default',
  name: 'web',
  dryRun: true,
  user: { name: 'jane', uid: 'u-1', groups: ['devs'], extra: { scopes: ['a'] } },
  options: { kind: 'UpdateOptions', apiVersion: 'meta.k8s.io/v1' },
  object: undefined,
  oldObject: undefined,
};
const objects = {
  object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' } },
  oldObject: undefined,
};

describe('admissionReviewRequest', () => {
  it('carries everything upstream sends in an admission.k8s.io/v1 review', () => {
    const review = admissionReviewRequest('v1', invocation, req, objects);
    assert.match(review.uid, /^[0-9a-f-]{36}$/);
    assert.deepEqual(review.body, {
      kind: 'AdmissionReview',
      apiVersion: 'admission.k8s.io/v1',
      request: {
        uid: review.uid,
        kind: { group: '', version: 'v1', kind: 'Pod' },
        resource: { group: '', version: 'v1', resource: 'pods' },
        subResource: 'status',
        requestKind: { group: '', version: 'v1', kind: 'Pod' },
        requestResource: { group: '', version: 'v1', resource: 'pods' },
        requestSubResource: 'status',
        name: 'web',
        namespace: 'default',
        operation: 'UPDATE',
        userInfo: { username: 'jane', uid: 'u-1', groups: ['devs'], extra: { scopes: ['a'] } },
        object: objects.object,
        oldObject: null,
        dryRun: true,
        options: { kind: 'UpdateOptions', apiVersion: 'meta.k8s.io/v1' },
      },
    });
  });

  it('speaks the first review version the webhook lists that the server knows', () => {
    assert.equal(reviewVersionFor(['v2', 'v1beta1', 'v1']), 'v1beta1');
    assert.equal(reviewVersionFor(['v3']), undefined);
  });
});

describe('verifyAdmissionResponse', () => {
  const request = admissionReviewRequest('v1', invocation, req, objects);
  const answer = (response: Record<string, unknown>, envelope: Record<string, unknown> = {}) => ({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    response: { uid: request.uid, ...response },
    ...envelope,
  });

  it('reads allowed, status, the decoded patch, warnings and audit annotations', () => {
    const patch = '[{"op":"add","path":"/metadata/labels","value":{}}]';
    const response = verifyAdmissionResponse(
      request,
      true,
      answer({
        allowed: true,
        patch: Buffer.from(patch).toString('base64'),
        patchType: 'JSONPatch',
        warnings: ['careful'],
        auditAnnotations: { checked: 'yes' },
      }),
    );
    assert.deepEqual(response, {
      allowed: true,
      status: undefined,
      patch,
      patchType: 'JSONPatch',
      warnings: ['careful'],
      auditAnnotations: { checked: 'yes' },
    });
  });

  it('refuses answers upstream refuses, with its reasons', () => {
    const cases: [unknown, boolean, string][] = [
      [{ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }, false, 'webhook response was absent'],
      [answer({ uid: 'other', allowed: true }), false, `expected response.uid="${request.uid}", got "other"`],
      [
        answer({ allowed: true }, { apiVersion: 'admission.k8s.io/v1beta1' }),
        false,
        'expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got admission.k8s.io/v1beta1, Kind=AdmissionReview',
      ],
      [
        answer({ allowed: true, patch: 'W10=' }),
        true,
        'webhook returned response.patch but not response.patchType',
      ],
      [
        answer({ allowed: true, patchType: 'JSONPatch' }),
        true,
        'webhook returned response.patchType but not response.patch',
      ],
      [answer({ allowed: true, patch: 'W10=' }), false, 'validating webhook may not return response.patch'],
      [
        answer({ allowed: true, patchType: 'JSONPatch' }),
        false,
        'validating webhook may not return response.patchType',
      ],
    ];
    for (const [body, mutating, message] of cases) {
      assert.throws(() => verifyAdmissionResponse(request, mutating, body), { message });
    }
  });
});

describe('webhookRejection', () => {
  it("prefixes the webhook's message and keeps its code and reason", () => {
    const err = webhookRejection('deny.example.com', { code: 403, reason: 'Forbidden', message: 'no' });
    assert.deepEqual(err.status, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'admission webhook "deny.example.com" denied the request: no',
      reason: 'Forbidden',
      code: 403,
    });
  });

  it('makes any refusal at least a 400, explained by its reason or as unexplained', () => {
    assert.equal(webhookRejection('w.example.com', { code: 200, message: 'm' }).code, 400);
    assert.equal(
      webhookRejection('w.example.com', { reason: 'NotAcceptable' }).message,
      'admission webhook "w.example.com" denied the request: NotAcceptable',
    );
    const bare = webhookRejection('w.example.com', undefined);
    assert.equal(bare.message, 'admission webhook "w.example.com" denied the request without explanation');
    assert.equal(bare.code, 400);
  });
});
