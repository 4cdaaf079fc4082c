import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCriticalPod, isStaticPod } from './pod-source.js';
import { staticPodFromManifest } from './static-pod-manifest.js';

const origin = { nodeName: 'node-a', file: '/etc/k8ts/manifests/web.yaml' };
const yaml = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
  - name: app
    image: 127.0.0.1:5000/toolbox:1
    resources: {limits: {cpu: 100m, memory: 32Mi}}
`;

describe('staticPodFromManifest', () => {
  it('names, places, annotates and defaults the pod as upstream does', () => {
    const pod = staticPodFromManifest(yaml, origin);
    assert.equal(pod.metadata?.name, 'web-node-a');
    assert.equal(pod.metadata?.namespace, 'default');
    assert.match(pod.metadata?.uid ?? '', /^[0-9a-f]{32}$/);
    assert.deepEqual(pod.metadata?.annotations, {
      'kubernetes.io/config.hash': pod.metadata?.uid,
      'kubernetes.io/config.source': 'file',
    });
    assert.equal(pod.spec?.nodeName, 'node-a');
    assert.deepEqual(pod.spec?.tolerations, [{ operator: 'Exists', effect: 'NoExecute' }]);
    // API defaults, requests from limits included.
    assert.equal(pod.spec?.restartPolicy, 'Always');
    assert.equal(pod.spec?.containers[0]?.terminationMessagePath, '/dev/termination-log');
    assert.deepEqual(pod.spec?.containers[0]?.resources?.requests, { cpu: '100m', memory: '32Mi' });
    assert.deepEqual(pod.status, { phase: 'Pending' });
    assert.equal(isStaticPod(pod), true);
    assert.equal(isCriticalPod(pod), true);
  });

  it('derives the UID from content, node and file, not from formatting', () => {
    const uid = staticPodFromManifest(yaml, origin).metadata?.uid;
    const json = JSON.stringify({
      kind: 'Pod',
      apiVersion: 'v1',
      spec: {
        containers: [
          {
            image: '127.0.0.1:5000/toolbox:1',
            name: 'app',
            resources: { limits: { memory: '32Mi', cpu: '100m' } },
          },
        ],
      },
      metadata: { labels: { app: 'web' }, name: 'web' },
    });
    assert.equal(staticPodFromManifest(json, origin).metadata?.uid, uid);
    assert.notEqual(staticPodFromManifest(yaml, { ...origin, nodeName: 'node-b' }).metadata?.uid, uid);
    assert.notEqual(staticPodFromManifest(yaml, { ...origin, file: '/other.yaml' }).metadata?.uid, uid);
    assert.notEqual(staticPodFromManifest(yaml.replace('toolbox:1', 'toolbox:2'), origin).metadata?.uid, uid);
    const own = staticPodFromManifest(yaml.replace('name: web\n', 'name: web\n  uid: fixed-uid\n'), origin);
    assert.equal(own.metadata?.uid, 'fixed-uid');
    assert.equal(own.metadata?.annotations?.['kubernetes.io/config.hash'], 'fixed-uid');
  });

  it('keeps an identical toleration in place and only reads the first document', () => {
    const pod = staticPodFromManifest(
      `${yaml}  tolerations: [{operator: Exists, effect: NoExecute}, {key: a, operator: Exists}]\n---\nkind: Other\n`,
      origin,
    );
    assert.deepEqual(pod.spec?.tolerations, [
      { operator: 'Exists', effect: 'NoExecute' },
      { key: 'a', operator: 'Exists' },
    ]);
  });

  it('refuses what is not a valid v1 Pod', () => {
    assert.throws(
      () => staticPodFromManifest('apiVersion: v1\nmetadata: {name: x}\n', origin),
      /Object 'Kind' is missing/,
    );
    assert.throws(
      () => staticPodFromManifest('apiVersion: v1\nkind: Service\nmetadata: {name: x}\n', origin),
      /expected a v1 Pod/,
    );
    assert.throws(
      () =>
        staticPodFromManifest(
          'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: []}\n',
          origin,
        ),
      /^Error: invalid pod: /,
    );
    assert.throws(() => staticPodFromManifest('{', origin));
  });
});
