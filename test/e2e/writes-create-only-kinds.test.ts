/**
 * `kubectl create -f` of kinds no PATCH path serves (TokenReview, SubjectAccessReview,
 * SelfSubjectAccessReview, SelfSubjectReview) and of `kind: List`, with kubectl's default
 * validation: kubectl finds no fieldValidation support for them in /openapi/v3 and validates
 * client-side against /openapi/v2 (protobuf), as against upstream — so these work without
 * --validate=false, and a misspelt field fails with kubectl's own message.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { kubectlSession } from '../support/kubectl-session.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

let server: K8tsServer | undefined;
const k = kubectlSession(() => {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
});

before(async () => {
  server = await startK8tsServer();
});
after(async () => {
  await server?.stop();
});

describe('kubectl create -f of create-only kinds with default validation', () => {
  it('creates a TokenReview', async () => {
    const r = await k.ok(['create', '-f', '-', '-o', 'jsonpath={.kind} {.status.authenticated}'], {
      stdin: 'apiVersion: authentication.k8s.io/v1\nkind: TokenReview\nspec:\n  token: not-a-token\n',
    });
    assert.equal(r.stdout, 'TokenReview ');
  });

  it('creates access reviews and a SelfSubjectReview', async () => {
    const self = await k.ok(['create', '-f', '-', '-o', 'jsonpath={.status.allowed}'], {
      stdin:
        'apiVersion: authorization.k8s.io/v1\nkind: SelfSubjectAccessReview\nspec:\n  resourceAttributes: {verb: get, resource: pods, namespace: default}\n',
    });
    assert.equal(self.stdout, 'true');
    const other = await k.ok(['create', '-f', '-', '-o', 'jsonpath={.status.allowed}'], {
      stdin:
        'apiVersion: authorization.k8s.io/v1\nkind: SubjectAccessReview\nspec:\n  user: jane\n  resourceAttributes: {verb: get, resource: pods, namespace: default}\n',
    });
    assert.equal(other.stdout, 'false');
    const whoami = await k.ok(['create', '-f', '-', '-o', 'jsonpath={.status.userInfo.username}'], {
      stdin: 'apiVersion: authentication.k8s.io/v1\nkind: SelfSubjectReview\n',
    });
    assert.equal(whoami.stdout, 'kubernetes-admin');
  });

  it('rejects an unknown field client-side with kubectl’s message', async () => {
    const r = await k.run(['create', '-f', '-'], {
      stdin: 'apiVersion: authentication.k8s.io/v1\nkind: TokenReview\nspec:\n  tokn: x\n',
    });
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      'error: error validating "STDIN": error validating data: ValidationError(TokenReview.spec): unknown field "tokn" in io.k8s.api.authentication.v1.TokenReviewSpec; if you choose to ignore these errors, turn validation off with --validate=false\n',
    );
  });

  it('creates the items of a List', async () => {
    const r = await k.ok(['create', '-f', '-'], {
      stdin:
        'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: listed}\n  data: {a: b}\n',
    });
    assert.equal(r.stdout, 'configmap/listed created\n');
  });

  it('serves the Swagger 2.0 document as JSON too', async () => {
    const doc = JSON.parse((await k.ok(['get', '--raw', '/openapi/v2'])).stdout) as {
      swagger: string;
      definitions: Record<string, unknown>;
    };
    assert.equal(doc.swagger, '2.0');
    assert.ok(doc.definitions['io.k8s.api.authentication.v1.TokenReview']);
  });
});
