/**
 * Bearer-token access to a test server: a kubeconfig that authenticates with a token only, and a
 * raw HTTPS request (node's https module, loopback, the cluster CA) for checks below kubectl.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { parse } from 'yaml';

interface AdminKubeconfig {
  clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
}

/** The server URL and CA PEM an admin kubeconfig names. */
export async function clusterOf(kubeconfig: string): Promise<{ server: string; caPem: string }> {
  const config = parse(await readFile(kubeconfig, 'utf8')) as AdminKubeconfig;
  const cluster = config.clusters[0]!.cluster;
  return {
    server: cluster.server,
    caPem: Buffer.from(cluster['certificate-authority-data'], 'base64').toString(),
  };
}

/** Writes a kubeconfig for the same cluster as `adminKubeconfig` that sends `token` and nothing else. */
export async function writeTokenKubeconfig(
  adminKubeconfig: string,
  token: string,
  out: string,
): Promise<void> {
  const { server, caPem } = await clusterOf(adminKubeconfig);
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'k8ts',
        cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') },
      },
    ],
    users: [{ name: 'token-user', user: { token } }],
    contexts: [{ name: 'token', context: { cluster: 'k8ts', user: 'token-user' } }],
    'current-context': 'token',
  };
  await writeFile(out, JSON.stringify(config), { mode: 0o600 });
}

/** What a raw request got back. */
export interface RawResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** A GET (or a POST with a JSON body) to the server with `Authorization: Bearer <token>`. */
export async function requestWithToken(
  adminKubeconfig: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<RawResponse> {
  const { server, caPem } = await clusterOf(adminKubeconfig);
  const url = new URL(path, server);
  if (url.hostname !== '127.0.0.1') throw new Error(`refusing to send a token to ${url.hostname}`);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: body === undefined ? 'GET' : 'POST',
        ca: caPem,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text || '{}') as Record<string, unknown> }),
        );
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
