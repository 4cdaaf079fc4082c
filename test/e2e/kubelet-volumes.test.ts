/**
 * Volumes and env inside real containers (root only): configMap and secret volumes and env vars,
 * downwardAPI, an emptyDir shared by two containers, and the projected service-account token,
 * which the apiserver's TokenReview accepts. Each container copies what it sees into the files
 * toolbox serves over HTTP, so the test reads them from the host.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerdNodeForFile, eventually, httpText } from '../support/containerd-node.js';
import { testImages } from '../support/test-images.js';

const { skip, node } = containerdNodeForFile();

const writer = [
  'cat /cfg/greeting > /www/cfg',
  'cat /sec/password > /www/sec',
  'echo "$GREETING $PASSWORD $MY_POD" > /www/env',
  'cat /info/labels > /www/labels',
  'cp /var/run/secrets/kubernetes.io/serviceaccount/token /www/token',
  'echo shared-by-a > /shared/note',
  'exec /bin/serve',
].join('; ');

test(
  'configMap, secret, downwardAPI, emptyDir and the SA token are seen inside',
  { skip, timeout: 80_000 },
  async () => {
    await node().kubectl(['create', 'configmap', 'cfg', '--from-literal=greeting=hello']);
    await node().kubectl(['create', 'secret', 'generic', 'sec', '--from-literal=password=s3cret']);
    await node().kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'vols', labels: { app: 'vols' } },
        spec: {
          terminationGracePeriodSeconds: 2,
          volumes: [
            { name: 'cfg', configMap: { name: 'cfg' } },
            { name: 'sec', secret: { secretName: 'sec' } },
            {
              name: 'info',
              downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] },
            },
            { name: 'shared', emptyDir: {} },
          ],
          containers: [
            {
              name: 'a',
              image: testImages.toolbox1,
              command: ['sh', '-c', writer],
              env: [
                { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'greeting' } } },
                { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'sec', key: 'password' } } },
                { name: 'MY_POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              ],
              volumeMounts: [
                { name: 'cfg', mountPath: '/cfg' },
                { name: 'sec', mountPath: '/sec' },
                { name: 'info', mountPath: '/info' },
                { name: 'shared', mountPath: '/shared' },
              ],
            },
            {
              name: 'b',
              image: testImages.toolbox1,
              command: [
                'sh',
                '-c',
                'until [ -f /data/note ]; do sleep 0.1; done; cp /data/note /www/note; exec /bin/serve',
              ],
              env: [{ name: 'PORT', value: '8081' }],
              volumeMounts: [{ name: 'shared', mountPath: '/data' }],
            },
          ],
        },
      }),
    );
    await node().kubectl(['wait', '--for=condition=Ready', 'pod/vols', '--timeout=40s']);
    const ip = await node().kubectl(['get', 'pod', 'vols', '-o', 'jsonpath={.status.podIP}']);
    const get = (path: string, port = 8080) =>
      eventually(() => httpText(`http://${ip}:${port}/${path}`), 10_000, path);
    assert.equal(await get('cfg'), 'hello');
    assert.equal(await get('sec'), 's3cret');
    assert.equal(await get('env'), 'hello s3cret vols');
    assert.equal(await get('labels'), 'app="vols"');
    assert.equal(await get('note', 8081), 'shared-by-a');

    const token = await get('token');
    const review = JSON.parse(
      await node().kubectl(
        ['create', '-f', '-', '-o', 'json'],
        JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } }),
      ),
    ) as { status: { authenticated?: boolean; user?: { username?: string } } };
    assert.equal(review.status.authenticated, true);
    assert.equal(review.status.user?.username, 'system:serviceaccount:default:default');
    await node().kubectl(['delete', 'pod', 'vols', '--wait=true', '--timeout=30s']);
  },
);
