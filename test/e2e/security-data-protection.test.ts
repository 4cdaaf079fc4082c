/**
 * Data protection with the real kubectl: Secrets are encrypted at rest by default (their values
 * never reach the SQLite files or etcd in plain text), keys rotate by putting a new key first,
 * restarting and re-writing, a value no key can read is an internal error for that object only,
 * and every request is audited to DATA_DIR/audit.log — Secrets at Metadata level only, other
 * resources as a custom policy file asks.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Etcd3 } from 'etcd3';
import YAML from 'yaml';
import { etcdBinary, startEtcd, type EtcdServer } from '../support/etcd-server.js';
import { kubectl, kubectlOk, type KubectlResult } from '../support/kubectl.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A value that appears nowhere unless this test put it there. */
function secretValue(): string {
  return `s3cr3t-${randomBytes(12).toString('hex')}`;
}

function base64(text: string): string {
  return Buffer.from(text).toString('base64');
}

/** The bytes of the SQLite datastore: the database and its write-ahead log. */
async function sqliteBytes(dataDir: string): Promise<Buffer> {
  const files = ['state.db', 'state.db-wal'].map((f) => join(dataDir, f)).filter((f) => existsSync(f));
  return Buffer.concat(await Promise.all(files.map((f) => readFile(f))));
}

interface AuditEventLine {
  level: string;
  stage: string;
  verb: string;
  user: { username?: string };
  objectRef?: { resource?: string; namespace?: string; name?: string; apiVersion?: string };
  responseStatus?: { code?: number };
  requestObject?: { data?: Record<string, string> };
  responseObject?: { metadata?: { uid?: string }; data?: Record<string, string> };
  annotations?: Record<string, string>;
}

/** The audit log's text and the first event matching `match`, waiting for the buffered writer. */
async function auditEvent(
  path: string,
  match: (e: AuditEventLine) => boolean,
): Promise<{ event: AuditEventLine; text: string }> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const text = existsSync(path) ? await readFile(path, 'utf8') : '';
    const events = text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as AuditEventLine);
    const event = events.find(match);
    if (event !== undefined) return { event, text };
    if (Date.now() > deadline) throw new Error(`no matching audit event in ${path}:\n${text.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const secretboxKey = (name: string) => ({ name, secret: randomBytes(32).toString('base64') });

describe('encryption at rest and audit on SQLite', () => {
  let server: K8tsServer;
  let run: (args: string[], stdin?: string) => Promise<KubectlResult>;
  let ok: (args: string[], stdin?: string) => Promise<KubectlResult>;
  const ns = 'e2e-protect';
  const first = secretValue();
  const second = secretValue();

  before(async () => {
    server = await startK8tsServer({ datastore: 'sqlite' });
    cleanups.push(() => server.stop());
    const opts = (stdin?: string) => ({
      kubeconfig: server.kubeconfig,
      ...(stdin === undefined ? {} : { stdin }),
    });
    run = (args, stdin) => kubectl(args, opts(stdin));
    ok = (args, stdin) => kubectlOk(args, opts(stdin));
    await ok(['create', 'namespace', ns]);
  });

  const reveal = async (name: string): Promise<string> =>
    base64Decode((await ok(['get', 'secret', name, '-n', ns, '-o', 'jsonpath={.data.password}'])).stdout);

  /** Writes the providers for secrets into the server's encryption config and restarts it. */
  const restartWith = async (providers: unknown[]): Promise<void> => {
    const config = {
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'EncryptionConfiguration',
      resources: [{ resources: ['secrets'], providers }],
    };
    await writeFile(join(server.dataDir, 'encryption-config.yaml'), YAML.stringify(config), { mode: 0o600 });
    await server.restart();
  };

  it('keeps a secret created with kubectl out of the SQLite files, in plain text or base64', async () => {
    await ok(['create', 'secret', 'generic', 'creds', '-n', ns, `--from-literal=password=${first}`]);
    assert.equal(await reveal('creds'), first);
    const bytes = await sqliteBytes(server.dataDir);
    assert.equal(bytes.indexOf(first), -1, 'the secret value is in the SQLite files');
    assert.equal(bytes.indexOf(base64(first)), -1, 'the base64 of the secret value is in the SQLite files');
    assert.notEqual(
      bytes.indexOf('k8s:enc:secretbox:v1:key1:'),
      -1,
      'no value carries the encryption prefix',
    );
    // Other resources are stored as they are.
    assert.notEqual(bytes.indexOf(`"name":"${ns}"`), -1);

    const configPath = join(server.dataDir, 'encryption-config.yaml');
    assert.equal((await stat(configPath)).mode & 0o777, 0o600, 'the key file is private');
    const config = YAML.parse(await readFile(configPath, 'utf8')) as {
      resources: { resources: string[]; providers: Record<string, unknown>[] }[];
    };
    assert.deepEqual(config.resources[0]!.resources, ['secrets']);
    assert.deepEqual(Object.keys(config.resources[0]!.providers[0]!), ['secretbox']);
  });

  it('audits the secret creation at Metadata level, without its data', async () => {
    const log = join(server.dataDir, 'audit.log');
    assert.equal((await stat(log)).mode & 0o777, 0o600, 'the audit log is private');
    const { event, text } = await auditEvent(
      log,
      (e) => e.verb === 'create' && e.objectRef?.resource === 'secrets' && e.objectRef.name === 'creds',
    );
    assert.equal(event.level, 'Metadata');
    assert.equal(event.stage, 'ResponseComplete');
    assert.equal(event.user.username, 'kubernetes-admin');
    assert.deepEqual(event.objectRef, {
      resource: 'secrets',
      namespace: ns,
      name: 'creds',
      apiVersion: 'v1',
    });
    assert.equal(event.responseStatus?.code, 201);
    assert.equal(event.annotations?.['authorization.k8s.io/decision'], 'allow');
    assert.equal(event.requestObject, undefined);
    assert.equal(event.responseObject, undefined);
    assert.equal(text.includes(first), false, 'the secret value is in the audit log');
    assert.equal(text.includes(base64(first)), false, 'the base64 of the secret value is in the audit log');
  });

  it('rotates keys: a new key first keeps old secrets readable, and re-writing moves them to it', async () => {
    const path = join(server.dataDir, 'encryption-config.yaml');
    const old = (
      YAML.parse(await readFile(path, 'utf8')) as {
        resources: { providers: { secretbox?: { keys: { name: string; secret: string }[] } }[] }[];
      }
    ).resources[0]!.providers[0]!.secretbox!.keys[0]!;
    const key2 = secretboxKey('key2');
    await restartWith([{ secretbox: { keys: [key2, old] } }, { identity: {} }]);
    assert.equal(await reveal('creds'), first, 'the old secret is unreadable after the new key was added');

    await ok(['create', 'secret', 'generic', 'fresh', '-n', ns, `--from-literal=password=${second}`]);
    const bytes = await sqliteBytes(server.dataDir);
    assert.notEqual(bytes.indexOf('k8s:enc:secretbox:v1:key2:'), -1, 'new writes do not use the new key');
    assert.equal(bytes.indexOf(second), -1);

    // Re-write every secret, as upstream documents: get them all and replace them unchanged.
    const list = JSON.parse((await ok(['get', 'secrets', '-A', '-o', 'json'])).stdout) as {
      items: unknown[];
    };
    await ok(['replace', '-f', '-'], list.items.map((item) => JSON.stringify(item)).join('\n'));

    // Without the old key (and without identity) both secrets still read: both use key2 now.
    await restartWith([{ secretbox: { keys: [key2] } }]);
    assert.equal(await reveal('creds'), first);
    assert.equal(await reveal('fresh'), second);

    // A key that reads nothing: an internal error for those objects, the server keeps serving,
    // and nothing is lost once the right key is back.
    await restartWith([{ secretbox: { keys: [secretboxKey('key3')] } }]);
    const unreadable = await run(['get', 'secret', 'creds', '-n', ns]);
    assert.equal(unreadable.code, 1);
    assert.equal(
      unreadable.stderr.trim(),
      'Error from server (InternalError): Internal error occurred: no matching prefix found',
    );
    await ok(['get', 'namespace', ns]);
    await restartWith([{ secretbox: { keys: [key2] } }]);
    assert.equal(await reveal('creds'), first);
  });

  it('reads secrets written before encryption was turned on while identity is listed', async () => {
    await restartWith([{ identity: {} }]);
    const plain = secretValue();
    await ok(['create', 'secret', 'generic', 'plain', '-n', ns, `--from-literal=password=${plain}`]);
    assert.notEqual((await sqliteBytes(server.dataDir)).indexOf(base64(plain)), -1, 'identity stores as is');
    await restartWith([{ secretbox: { keys: [secretboxKey('key4')] } }, { identity: {} }]);
    assert.equal(await reveal('plain'), plain);
  });
});

function base64Decode(text: string): string {
  return Buffer.from(text, 'base64').toString('utf8');
}

describe('encryption at rest on etcd, and a custom audit policy', () => {
  let server: K8tsServer;
  let etcd: EtcdServer;
  let auditDir: string;
  let ok: (args: string[], stdin?: string) => Promise<KubectlResult>;

  before(async () => {
    assert.ok(existsSync(etcdBinary), `etcd is not installed at ${etcdBinary} (apt-get install etcd-server)`);
    etcd = await startEtcd({ name: 'k8ts-e2e-data-protection' });
    cleanups.push(() => etcd.stop());
    auditDir = await mkdtemp(join(tmpdir(), 'k8ts-e2e-audit-'));
    cleanups.push(() => rm(auditDir, { recursive: true, force: true }));
    const policy = join(auditDir, 'policy.yaml');
    await writeFile(
      policy,
      YAML.stringify({
        apiVersion: 'audit.k8s.io/v1',
        kind: 'Policy',
        omitStages: ['RequestReceived'],
        rules: [
          { level: 'RequestResponse', resources: [{ group: '', resources: ['configmaps'] }] },
          { level: 'Metadata', resources: [{ group: '', resources: ['secrets'] }] },
        ],
      }),
    );
    server = await startK8tsServer({
      datastore: `etcd://${new URL(etcd.endpoint).host}`,
      extraArgs: ['--audit-policy-file', policy, '--audit-log-path', join(auditDir, 'logs', 'api-audit.log')],
    });
    cleanups.push(() => server.stop());
    ok = (args, stdin) =>
      kubectlOk(args, { kubeconfig: server.kubeconfig, ...(stdin === undefined ? {} : { stdin }) });
  });

  it("keeps a secret's value out of etcd's raw values", async () => {
    const value = secretValue();
    await ok(['create', 'secret', 'generic', 'creds', `--from-literal=password=${value}`]);
    const client = new Etcd3({ hosts: etcd.endpoint });
    try {
      const raw = await client.getAll().prefix('').buffers();
      const entries = Object.entries(raw);
      const secret = entries.find(([key]) => key.endsWith('/registry/secrets/default/creds'));
      assert.ok(secret, `no etcd key for the secret among ${entries.length} keys`);
      assert.equal(secret[1].subarray(0, 26).toString('latin1'), 'k8s:enc:secretbox:v1:key1:');
      for (const [key, bytes] of entries) {
        assert.equal(bytes.indexOf(value), -1, `the secret value is in etcd under ${key}`);
        assert.equal(
          bytes.indexOf(base64(value)),
          -1,
          `the base64 of the secret value is in etcd under ${key}`,
        );
      }
      // Resources the configuration does not name are stored as JSON.
      const namespace = entries.find(([key]) => key.endsWith('/registry/namespaces/default'));
      assert.equal(namespace?.[1].subarray(0, 1).toString(), '{');
    } finally {
      client.close();
    }
  });

  it('logs configmap bodies at RequestResponse as the policy file asks, and nothing it does not name', async () => {
    await ok(['create', 'configmap', 'settings', '--from-literal=mode=verbose']);
    const log = join(auditDir, 'logs', 'api-audit.log');
    const { event, text } = await auditEvent(
      log,
      (e) => e.verb === 'create' && e.objectRef?.resource === 'configmaps' && e.objectRef.name === 'settings',
    );
    assert.equal(event.level, 'RequestResponse');
    assert.equal(event.stage, 'ResponseComplete');
    assert.deepEqual(event.requestObject?.data, { mode: 'verbose' });
    assert.deepEqual(event.responseObject?.data, { mode: 'verbose' });
    assert.match(event.responseObject?.metadata?.uid ?? '', /^[0-9a-f-]{36}$/);
    const events = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEventLine);
    assert.ok(
      events.every((e) => e.objectRef?.resource === 'configmaps' || e.objectRef?.resource === 'secrets'),
      'the policy logs only configmaps and secrets',
    );
    assert.ok(
      events.every((e) => e.stage !== 'RequestReceived'),
      'omitStages is ignored',
    );
    assert.equal(existsSync(join(server.dataDir, 'audit.log')), false, 'the default log was written too');
  });
});
