import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { buildKubeconfig, writeKubeconfig } from '../apiserver/pki/build-kubeconfig.js';
import { issueClientCertificate } from '../apiserver/pki/issue-client-certificate.js';
import type { Command } from './command.js';
import { defaultDataDir } from './shared-flags.js';

/**
 * `k8ts kubeconfig --user NAME [--group G]...`: mints a client certificate for NAME (CN) in groups G
 * (O) from the cluster CA and prints or writes a kubeconfig for it — the everyday way to add a user
 * to a single-node cluster.
 */
export const kubeconfigCommand: Command = {
  name: 'kubeconfig',
  summary: "mint a user's client certificate and kubeconfig",
  flags: {
    'data-dir': {
      type: 'string',
      placeholder: 'DIR',
      description: 'the server data directory (default /var/lib/k8ts as root, else ~/.k8ts)',
    },
    user: { type: 'string', placeholder: 'NAME', description: 'user name (certificate CN)' },
    group: {
      type: 'string',
      placeholder: 'G',
      multiple: true,
      description: 'group (certificate O), repeatable',
    },
    out: { type: 'string', placeholder: 'FILE', description: 'write the kubeconfig here instead of stdout' },
    days: { type: 'string', placeholder: 'N', default: '365', description: 'certificate lifetime in days' },
  },
  async run(flags) {
    const user = flags['user'];
    if (typeof user !== 'string' || user === '') {
      console.error('k8ts kubeconfig: --user is required');
      return 1;
    }
    const dataDir = (flags['data-dir'] as string | undefined) ?? defaultDataDir();
    const pki = path.join(dataDir, 'pki');
    let caPem: string;
    let caKey: string;
    let server: string;
    try {
      caPem = await readFile(path.join(pki, 'ca.crt'), 'utf8');
      caKey = await readFile(path.join(pki, 'ca.key'), 'utf8');
      const admin = YAML.parse(await readFile(path.join(dataDir, 'kubeconfig'), 'utf8')) as {
        clusters?: { cluster?: { server?: string } }[];
      };
      server = admin.clusters?.[0]?.cluster?.server ?? 'https://127.0.0.1:6443';
    } catch (err) {
      console.error(
        `k8ts kubeconfig: cannot read the cluster CA under ${pki} (has the server run with --data-dir ${dataDir}?): ${(err as Error).message}`,
      );
      return 1;
    }
    const groups = (flags['group'] as string[] | undefined) ?? [];
    const cert = await issueClientCertificate(
      { certPem: caPem, keyPem: caKey },
      { commonName: user, organizations: groups, days: Number(flags['days']) },
    );
    const text = buildKubeconfig({
      server,
      caPem,
      clientCertPem: cert.certPem,
      clientKeyPem: cert.keyPem,
      userName: user,
      contextName: `${user}@k8ts`,
    });
    const out = flags['out'];
    if (typeof out === 'string' && out !== '') await writeKubeconfig(out, text);
    else await writeFile('/dev/stdout', text);
    return 0;
  },
};
