import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_PREFERRED_ADDRESS_TYPES } from '../apiserver/proxy/kubelet-client-config.js';
import { loadKubeletClientConfig } from '../apiserver/proxy/load-kubelet-client-config.js';
import { kubeletClientOptions } from './kubelet-client-flags.js';

test('the --kubelet-* flags become ApiServerOptions', () => {
  assert.deepEqual(
    kubeletClientOptions({
      'kubelet-client-certificate': '/c.crt',
      'kubelet-client-key': '/c.key',
      'kubelet-certificate-authority': '/ca.crt',
      'kubelet-preferred-address-types': 'Hostname,InternalIP',
      'kubelet-timeout': '1m30s',
    }),
    {
      kubeletClient: {
        clientCertificateFile: '/c.crt',
        clientKeyFile: '/c.key',
        certificateAuthorityFile: '/ca.crt',
        preferredAddressTypes: ['Hostname', 'InternalIP'],
        timeoutMs: 90_000,
      },
    },
  );
  assert.deepEqual(kubeletClientOptions({}), { kubeletClient: {} });
  assert.throws(
    () => kubeletClientOptions({ 'kubelet-timeout': '5' }),
    /invalid argument "5" for "--kubelet-timeout" flag: time: missing unit in duration "5"/,
  );
  assert.throws(
    () => kubeletClientOptions({ 'kubelet-preferred-address-types': 'Bogus' }),
    /unsupported address type/,
  );
});

test('without flags the issued pair is used, unverified, with k8ts defaults; files replace it', async () => {
  const issued = { certPem: 'ISSUED-CERT', keyPem: 'ISSUED-KEY' };
  assert.deepEqual(await loadKubeletClientConfig({}, issued), {
    certPem: 'ISSUED-CERT',
    keyPem: 'ISSUED-KEY',
    preferredAddressTypes: DEFAULT_PREFERRED_ADDRESS_TYPES,
    timeoutMs: 5000,
    defaultPort: 10250,
  });
  const dir = await mkdtemp(join(tmpdir(), 'k8ts-kubelet-flags-'));
  try {
    for (const [name, text] of [
      ['c.crt', 'FILE-CERT'],
      ['c.key', 'FILE-KEY'],
      ['ca.crt', 'FILE-CA'],
    ]) {
      await writeFile(join(dir, name!), text!);
    }
    const config = await loadKubeletClientConfig(
      {
        clientCertificateFile: join(dir, 'c.crt'),
        clientKeyFile: join(dir, 'c.key'),
        certificateAuthorityFile: join(dir, 'ca.crt'),
      },
      issued,
    );
    assert.equal(config.certPem, 'FILE-CERT');
    assert.equal(config.keyPem, 'FILE-KEY');
    assert.equal(config.caPem, 'FILE-CA');
    await assert.rejects(
      loadKubeletClientConfig({ clientCertificateFile: join(dir, 'c.crt') }, issued),
      /must be given together/,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
