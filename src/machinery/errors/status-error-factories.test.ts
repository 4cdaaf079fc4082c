import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fieldInvalid, fieldNotSupported, fieldRequired } from '../../api/validation/field-error.js';
import { fieldPath } from '../../api/validation/field-path.js';
import {
  alreadyExists,
  applyConflict,
  badRequest,
  conflict,
  forbidden,
  generateNameConflict,
  genericServerResponse,
  gone,
  internalError,
  INCONSISTENT_CONTINUE_MESSAGE,
  invalid,
  methodNotSupported,
  notAcceptable,
  notAcceptableConversion,
  notFound,
  OPTIMISTIC_LOCK_ERROR_MESSAGE,
  requestEntityTooLarge,
  resourceExpired,
  serverTimeout,
  serviceUnavailable,
  timeout,
  tooLargeResourceVersion,
  tooManyRequests,
  tooManyRequestsError,
  tooOldResourceVersion,
  unauthorized,
  unsupportedMediaType,
} from './status-error-factories.js';
import { isStatusError, reasonForError, StatusError } from './status-error.js';

const deployments = { group: 'apps', resource: 'deployments' };
const pods = { group: '', resource: 'pods' };

// Each case is the factory result and the exact JSON upstream sends (key order included).
const cases: [string, StatusError, string][] = [
  [
    'notFound (group)',
    notFound(deployments, 'web'),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"deployments.apps \\"web\\" not found","reason":"NotFound","details":{"name":"web","group":"apps","kind":"deployments"},"code":404}',
  ],
  [
    'notFound (core)',
    notFound(pods, 'p'),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \\"p\\" not found","reason":"NotFound","details":{"name":"p","kind":"pods"},"code":404}',
  ],
  [
    'alreadyExists',
    alreadyExists({ group: '', resource: 'configmaps' }, 'cfg'),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \\"cfg\\" already exists","reason":"AlreadyExists","details":{"name":"cfg","kind":"configmaps"},"code":409}',
  ],
  [
    'generateNameConflict',
    generateNameConflict(pods, 'web-abcde', 1),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \\"web-abcde\\" already exists, the server was not able to generate a unique name for the object","reason":"AlreadyExists","details":{"name":"web-abcde","kind":"pods","retryAfterSeconds":1},"code":409}',
  ],
  [
    'conflict (optimistic lock)',
    conflict(deployments, 'web', OPTIMISTIC_LOCK_ERROR_MESSAGE),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Operation cannot be fulfilled on deployments.apps \\"web\\": the object has been modified; please apply your changes to the latest version and try again","reason":"Conflict","details":{"name":"web","group":"apps","kind":"deployments"},"code":409}',
  ],
  [
    'applyConflict',
    applyConflict(
      [
        {
          reason: 'FieldManagerConflict',
          message: 'conflict with "kubectl" using apps/v1',
          field: '.spec.replicas',
        },
      ],
      'Apply failed with 1 conflict: conflict with "kubectl" using apps/v1: .spec.replicas',
    ),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Apply failed with 1 conflict: conflict with \\"kubectl\\" using apps/v1: .spec.replicas","reason":"Conflict","details":{"causes":[{"reason":"FieldManagerConflict","message":"conflict with \\"kubectl\\" using apps/v1","field":".spec.replicas"}]},"code":409}',
  ],
  [
    'forbidden with name',
    forbidden(pods, 'p', 'User "bob" cannot get resource "pods" in API group "" in the namespace "default"'),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \\"p\\" is forbidden: User \\"bob\\" cannot get resource \\"pods\\" in API group \\"\\" in the namespace \\"default\\"","reason":"Forbidden","details":{"name":"p","kind":"pods"},"code":403}',
  ],
  [
    'forbidden without name',
    forbidden(deployments, '', new Error('User "bob" cannot list resource "deployments"')),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"deployments.apps is forbidden: User \\"bob\\" cannot list resource \\"deployments\\"","reason":"Forbidden","details":{"group":"apps","kind":"deployments"},"code":403}',
  ],
  [
    'forbidden without resource',
    forbidden({ group: '', resource: '' }, '', 'User "bob" cannot get path "/healthz"'),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"forbidden: User \\"bob\\" cannot get path \\"/healthz\\"","reason":"Forbidden","details":{},"code":403}',
  ],
  [
    'unauthorized',
    unauthorized('Unauthorized'),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}',
  ],
  [
    'unauthorized default',
    unauthorized(),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"not authorized","reason":"Unauthorized","code":401}',
  ],
  [
    'invalid, one error',
    invalid({ group: 'apps', kind: 'Deployment' }, 'web', [
      fieldInvalid(fieldPath('spec', 'replicas'), -1, 'must be greater than or equal to 0'),
    ]),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Deployment.apps \\"web\\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0","reason":"Invalid","details":{"name":"web","group":"apps","kind":"Deployment","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: -1: must be greater than or equal to 0","field":"spec.replicas"}]},"code":422}',
  ],
  [
    'invalid, several errors',
    invalid({ group: '', kind: 'Service' }, 's', [
      fieldRequired(fieldPath('spec', 'ports'), ''),
      fieldNotSupported(fieldPath('spec', 'type'), 'Foo', ['ClusterIP', 'ExternalName']),
    ]),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Service \\"s\\" is invalid: [spec.ports: Required value, spec.type: Unsupported value: \\"Foo\\": supported values: \\"ClusterIP\\", \\"ExternalName\\"]","reason":"Invalid","details":{"name":"s","kind":"Service","causes":[{"reason":"FieldValueRequired","message":"Required value","field":"spec.ports"},{"reason":"FieldValueNotSupported","message":"Unsupported value: \\"Foo\\": supported values: \\"ClusterIP\\", \\"ExternalName\\"","field":"spec.type"}]},"code":422}',
  ],
  [
    'invalid, no errors',
    invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', []),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"PatchOptions.meta.k8s.io \\"\\" is invalid","reason":"Invalid","details":{"group":"meta.k8s.io","kind":"PatchOptions"},"code":422}',
  ],
  [
    'badRequest',
    badRequest('field label not supported: spec.foo'),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"field label not supported: spec.foo","reason":"BadRequest","code":400}',
  ],
  [
    'methodNotSupported',
    methodNotSupported({ group: '', resource: 'pods/log' }, 'create'),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"create is not supported on resources of kind \\"pods/log\\"","reason":"MethodNotAllowed","details":{"kind":"pods/log"},"code":405}',
  ],
  [
    'notAcceptable',
    notAcceptable(['application/json', 'application/yaml']),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"only the following media types are accepted: application/json, application/yaml","reason":"NotAcceptable","code":406}',
  ],
  [
    'notAcceptableConversion',
    notAcceptableConversion('meta.k8s.io/v1, Kind=Table', ['application/json']),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"only the following media types are accepted when converting to meta.k8s.io/v1, Kind=Table: application/json","reason":"NotAcceptable","code":406}',
  ],
  [
    'unsupportedMediaType',
    unsupportedMediaType(['application/json-patch+json', 'application/merge-patch+json']),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json","reason":"UnsupportedMediaType","code":415}',
  ],
  [
    'resourceExpired',
    tooOldResourceVersion(5, 10),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 5 (10)","reason":"Expired","code":410}',
  ],
  [
    'resourceExpired with continue',
    resourceExpired(INCONSISTENT_CONTINUE_MESSAGE, { continueToken: 'tok' }),
    `{"kind":"Status","apiVersion":"v1","metadata":{"continue":"tok"},"status":"Failure","message":${JSON.stringify(INCONSISTENT_CONTINUE_MESSAGE)},"reason":"Expired","code":410}`,
  ],
  [
    'gone',
    gone('gone away'),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"gone away","reason":"Gone","code":410}',
  ],
  [
    'tooManyRequests',
    tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", 0),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Cannot evict pod as it would violate the pod\'s disruption budget.","reason":"TooManyRequests","details":{},"code":429}',
  ],
  [
    'tooManyRequestsError',
    tooManyRequestsError('please try again later'),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Too many requests: please try again later","reason":"TooManyRequests","code":429}',
  ],
  [
    'timeout',
    timeout('request did not complete within 60s', 0),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Timeout: request did not complete within 60s","reason":"Timeout","details":{},"code":504}',
  ],
  [
    'tooLargeResourceVersion',
    tooLargeResourceVersion(100, 42),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Timeout: Too large resource version: 100, current: 42","reason":"Timeout","details":{"causes":[{"reason":"ResourceVersionTooLarge","message":"Too large resource version"}],"retryAfterSeconds":1},"code":504}',
  ],
  [
    'serverTimeout',
    serverTimeout(pods, 'create', 2),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"The create operation against pods could not be completed at this time, please try again.","reason":"ServerTimeout","details":{"name":"create","kind":"pods","retryAfterSeconds":2},"code":500}',
  ],
  [
    'internalError',
    internalError(new Error('etcd down')),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Internal error occurred: etcd down","reason":"InternalError","details":{"causes":[{"message":"etcd down"}]},"code":500}',
  ],
  [
    'serviceUnavailable',
    serviceUnavailable('apiserver is shutting down'),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"apiserver is shutting down","reason":"ServiceUnavailable","code":503}',
  ],
  [
    'requestEntityTooLarge',
    requestEntityTooLarge('limit is 3145728'),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Request entity too large: limit is 3145728","reason":"RequestEntityTooLarge","code":413}',
  ],
  [
    'genericServerResponse 422 (failed JSON patch)',
    genericServerResponse({ code: 422, serverMessage: 'testing value /a failed: test failed' }),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server rejected our request due to an error in our request","reason":"Invalid","details":{},"code":422}',
  ],
  [
    'genericServerResponse with resource and name',
    genericServerResponse({ code: 404, verb: 'GET', qualifiedResource: deployments, name: 'web' }),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server could not find the requested resource (get deployments.apps web)","reason":"NotFound","details":{"name":"web","group":"apps","kind":"deployments"},"code":404}',
  ],
  [
    'genericServerResponse 500',
    genericServerResponse({ code: 502, serverMessage: 'bad gateway', unexpectedResponse: true }),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"an error on the server (\\"bad gateway\\") has prevented the request from succeeding","reason":"InternalError","details":{"causes":[{"reason":"UnexpectedServerResponse","message":"bad gateway"}]},"code":502}',
  ],
  [
    'genericServerResponse 409 POST',
    genericServerResponse({ code: 409, verb: 'POST' }),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server reported a conflict","reason":"AlreadyExists","details":{},"code":409}',
  ],
  [
    'genericServerResponse unknown code',
    genericServerResponse({ code: 418 }),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server responded with the status code 418 but did not return more information","details":{},"code":418}',
  ],
];

describe('Status error factories', () => {
  for (const [name, err, json] of cases) {
    it(name, () => {
      assert.ok(err instanceof StatusError);
      assert.ok(err instanceof Error);
      assert.equal(JSON.stringify(err.status), json);
      assert.equal(JSON.stringify(err), json);
      const parsed = JSON.parse(json) as { code: number; message?: string; reason?: string };
      assert.equal(err.code, parsed.code);
      assert.equal(err.message, parsed.message ?? '');
      assert.equal(err.reason, parsed.reason ?? '');
    });
  }
});

describe('isStatusError', () => {
  it('matches the family and an optional reason', () => {
    const err = notFound(pods, 'p');
    assert.equal(isStatusError(err), true);
    assert.equal(isStatusError(err, 'NotFound'), true);
    assert.equal(isStatusError(err, 'Conflict'), false);
    assert.equal(isStatusError(new Error('x')), false);
    assert.equal(isStatusError(undefined), false);
    assert.equal(reasonForError(err), 'NotFound');
    assert.equal(reasonForError(new Error('x')), '');
  });

  it('keeps the cause and a stack', () => {
    const cause = new Error('root');
    const err = new StatusError(badRequest('x').status, { cause });
    assert.equal(err.cause, cause);
    assert.equal(err.name, 'StatusError');
    assert.ok(err.stack);
  });
});
