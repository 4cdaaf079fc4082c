import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseKubeconfig } from './kubeconfig.js';
import { loadRestConfig } from './rest-config.js';

let dir: string;
const b64 = (s: string) => Buffer.from(s).toString('base64');

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k8ts-kubeconfig-test-'));
  await writeFile(join(dir, 'ca.crt'), 'CA FROM FILE');
  await writeFile(join(dir, 'token'), 'file-token\n');
  await writeFile(
    join(dir, 'config'),
    `apiVersion: v1
kind: Config
clusters:
  - name: inline
    cluster:
      server: https://127.0.0.1:6443
      certificate-authority-data: ${b64('CA INLINE')}
  - name: files
    cluster:
      server: https://example.test:8443/prefix
      certificate-authority: ca.crt
      tls-server-name: kubernetes
  - name: insecure
    cluster: { server: "https://10.0.0.1", insecure-skip-tls-verify: true }
users:
  - name: admin
    user:
      client-certificate-data: ${b64('CERT')}
      client-key-data: ${b64('KEY')}
  - name: bearer
    user: { token: abc }
  - name: from-file
    user: { tokenFile: token }
contexts:
  - name: admin@inline
    context: { cluster: inline, user: admin, namespace: kube-system }
  - name: bearer@files
    context: { cluster: files, user: bearer }
  - name: file@insecure
    context: { cluster: insecure, user: from-file }
  - name: broken
    context: { cluster: nowhere, user: admin }
current-context: admin@inline
`,
  );
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('the current context resolves inline certificate data', async () => {
  const c = await loadRestConfig({ path: join(dir, 'config') });
  assert.deepEqual(c, {
    server: 'https://127.0.0.1:6443',
    namespace: 'kube-system',
    caData: 'CA INLINE',
    certData: 'CERT',
    keyData: 'KEY',
  });
});

test('file references resolve relative to the kubeconfig; token and tls-server-name are kept', async () => {
  const c = await loadRestConfig({ path: join(dir, 'config'), context: 'bearer@files' });
  assert.deepEqual(c, {
    server: 'https://example.test:8443/prefix',
    namespace: 'default',
    caData: 'CA FROM FILE',
    token: 'abc',
    tlsServerName: 'kubernetes',
  });
});

test('insecure-skip-tls-verify and tokenFile', async () => {
  const c = await loadRestConfig({ path: join(dir, 'config'), context: 'file@insecure' });
  assert.equal(c.insecureSkipTlsVerify, true);
  assert.equal(c.token, 'file-token');
});

test('a context naming a missing cluster or an unknown context is an error', async () => {
  await assert.rejects(
    loadRestConfig({ path: join(dir, 'config'), context: 'broken' }),
    /cluster "nowhere" not found/,
  );
  await assert.rejects(
    loadRestConfig({ path: join(dir, 'config'), context: 'nope' }),
    /context "nope" not found/,
  );
});

test('malformed kubeconfigs name the offending field', () => {
  assert.throws(() => parseKubeconfig('clusters: {}'), /clusters is not a list/);
  assert.throws(() => parseKubeconfig('clusters: [{name: a, cluster: {}}]'), /cluster "a" has no server/);
  assert.throws(
    () => parseKubeconfig('users: [{name: u, user: {token: 5}}]'),
    /user "u"\.token is not a string/,
  );
});
