import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import YAML from 'yaml';

/** A minimal HTTPS client for benchmarks, authenticating with the kubeconfig's client certificate. */
export class BenchApiClient {
  private readonly agent: Agent;
  private readonly base: URL;

  constructor(kubeconfigPath: string, maxSockets = 128) {
    const kc = YAML.parse(readFileSync(kubeconfigPath, 'utf8')) as {
      clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
      users: { user: { 'client-certificate-data': string; 'client-key-data': string } }[];
    };
    const cluster = kc.clusters[0]!.cluster;
    const user = kc.users[0]!.user;
    const b64 = (s: string) => Buffer.from(s, 'base64');
    this.base = new URL(cluster.server);
    this.agent = new Agent({
      keepAlive: true,
      maxSockets,
      ca: b64(cluster['certificate-authority-data']),
      cert: b64(user['client-certificate-data']),
      key: b64(user['client-key-data']),
    });
  }

  /** Sends one request and resolves with status and body text. */
  send(method: string, path: string, body?: unknown): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        {
          agent: this.agent,
          host: this.base.hostname,
          port: this.base.port,
          method,
          path,
          headers: {
            Accept: 'application/json',
            ...(data
              ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) }
              : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  }

  /** Opens a watch and calls `onLine` per event line; resolves once the response headers arrived. */
  watch(path: string, onLine: (line: string) => void, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = request(
        { agent: this.agent, host: this.base.hostname, port: this.base.port, method: 'GET', path, signal },
        (res) => {
          let buffered = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffered += chunk;
            let nl;
            while ((nl = buffered.indexOf('\n')) >= 0) {
              onLine(buffered.slice(0, nl));
              buffered = buffered.slice(nl + 1);
            }
          });
          res.on('error', () => {});
          resolve();
        },
      );
      req.on('error', (err) => (signal.aborted ? resolve() : reject(err)));
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
