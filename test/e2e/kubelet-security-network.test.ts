/**
 * securityContext and pod networking inside real containers (root only), as kubelet 1.32 gives
 * them: the pod's user, group and fsGroup (the emptyDir too), a read-only root filesystem,
 * runAsNonRoot refusing an image that runs as root, capabilities, privileged, no_new_privs and
 * RuntimeDefault seccomp; a hostPort on 127.0.0.1; hostNetwork (the node's hostname, network
 * namespace, IP and hosts file with the pod's hostAliases); dnsPolicy None with dnsConfig, and a pod's FQDN as its hostname.
 */
import assert from 'node:assert/strict';
import { readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import { test } from 'node:test';
import type { Container, Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import { containerdNodeForFile, eventually, httpText } from '../support/containerd-node.js';
import { testImages } from '../support/test-images.js';

const { skip, node } = containerdNodeForFile();

// Idles until SIGTERM and then exits at once (a bare `sleep` as PID 1 would wait out the grace period).
const idle = ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait'];

/** Creates the pod (one container `c` unless the spec has its own) and waits until it is Ready. */
async function runPod(
  name: string,
  spec: Partial<PodSpec>,
  container: Partial<Container> = {},
): Promise<Pod> {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'c', image: testImages.toolbox1, command: idle, ...container }],
      ...spec,
    },
  };
  await node().kubectl(['create', '-f', '-'], JSON.stringify(pod));
  await node().kubectl(['wait', '--for=condition=Ready', `pod/${name}`, '--timeout=30s']);
  return JSON.parse(await node().kubectl(['get', 'pod', name, '-o', 'json'])) as Pod;
}

/** `kubectl exec` of `sh -c script` in the container: its stdout, exit code and stderr. */
async function sh(pod: string, container: string, script: string) {
  const r = await node().kubectlRaw(['exec', pod, '-c', container, '--', 'sh', '-c', script]);
  return { out: r.stdout, code: r.code, err: r.stderr };
}

/** The value of one `Key:\tvalue` line of a /proc/<pid>/status inside the container. */
async function procStatus(pod: string, container: string, file: string, key: string): Promise<string> {
  const { out } = await sh(pod, container, `cat ${file}`);
  const line = out.split('\n').find((l) => l.startsWith(`${key}:`));
  assert.ok(line !== undefined, `${key} in ${file}: ${out}`);
  return line.slice(key.length + 1).trim();
}

async function deletePod(name: string): Promise<void> {
  await node().kubectl(['delete', 'pod', name, '--wait=false']);
}

/** A TCP port nothing on 127.0.0.1 listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  assert.ok(address !== null && typeof address === 'object');
  return address.port;
}

test(
  'runAsUser, runAsGroup and fsGroup; a read-only root filesystem beside a writable emptyDir',
  { skip, timeout: 40_000 },
  async () => {
    await runPod(
      'ids',
      {
        securityContext: { runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000 },
        volumes: [{ name: 'data', emptyDir: {} }],
      },
      {
        securityContext: { readOnlyRootFilesystem: true },
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
      },
    );
    const id = (await sh('ids', 'c', 'id')).out.trim();
    assert.match(id, /^uid=1000 gid=3000 groups=/, id);
    const groups = /groups=(\S+)/.exec(id)?.[1]?.split(',') ?? [];
    assert.ok(
      groups.some((g) => g.startsWith('2000')),
      id,
    );

    // The emptyDir belongs to the fsGroup, group-writable with the setgid bit, as upstream sets it.
    const stat = (await sh('ids', 'c', 'stat -c "%g %A" /data')).out.trim();
    assert.equal(stat, '2000 drwxrwsrwx');
    const write = await sh('ids', 'c', 'echo ok > /data/f && stat -c "%u %g" /data/f && cat /data/f');
    assert.equal(write.code, 0, write.err);
    assert.equal(write.out, '1000 2000\nok\n');

    const root = await sh('ids', 'c', 'touch /f');
    assert.notEqual(root.code, 0);
    assert.match(root.err, /Read-only file system/);
    await deletePod('ids');
  },
);

test(
  'runAsNonRoot with an image that runs as root: CreateContainerConfigError',
  { skip, timeout: 30_000 },
  async () => {
    const created = JSON.parse(
      await node().kubectl(
        ['create', '-f', '-', '-o', 'json'],
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'nonroot' },
          spec: {
            terminationGracePeriodSeconds: 1,
            securityContext: { runAsNonRoot: true },
            containers: [{ name: 'c', image: testImages.toolbox1, command: idle }],
          },
        }),
      ),
    ) as Pod;
    const uid = created.metadata?.uid ?? '';
    const waiting = await eventually(
      async () => {
        const pod = JSON.parse(await node().kubectl(['get', 'pod', 'nonroot', '-o', 'json'])) as Pod;
        return pod.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CreateContainerConfigError'
          ? pod.status.containerStatuses[0].state.waiting
          : undefined;
      },
      20_000,
      'CreateContainerConfigError',
    );
    const message = `container has runAsNonRoot and image will run as root (pod: "nonroot_default(${uid})", container: c)`;
    assert.equal(waiting.message, message);
    const pod = JSON.parse(await node().kubectl(['get', 'pod', 'nonroot', '-o', 'json'])) as Pod;
    assert.equal(pod.status?.phase, 'Pending');
    assert.equal(pod.status?.containerStatuses?.[0]?.ready, false);
    const events = await node().kubectl([
      'get',
      'events',
      '--field-selector',
      'involvedObject.name=nonroot,reason=Failed',
      '-o',
      'jsonpath={.items[*].message}',
    ]);
    assert.ok(events.includes(`Error: ${message}`), events);
    await deletePod('nonroot');
  },
);

test(
  'capabilities drop ALL + add NET_BIND_SERVICE, privileged, allowPrivilegeEscalation false, RuntimeDefault seccomp',
  { skip, timeout: 40_000 },
  async () => {
    await runPod('caps', {
      containers: [
        {
          name: 'limited',
          image: testImages.toolbox1,
          command: idle,
          securityContext: {
            capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
            allowPrivilegeEscalation: false,
            seccompProfile: { type: 'RuntimeDefault' },
          },
        },
        {
          name: 'privileged',
          image: testImages.toolbox1,
          command: idle,
          securityContext: { privileged: true },
        },
      ],
    });
    const netBindService = (1n << 10n).toString(16).padStart(16, '0');
    assert.equal(await procStatus('caps', 'limited', '/proc/1/status', 'CapEff'), netBindService);
    assert.equal(await procStatus('caps', 'limited', '/proc/1/status', 'CapBnd'), netBindService);
    assert.equal(await procStatus('caps', 'limited', '/proc/self/status', 'NoNewPrivs'), '1');
    assert.equal(await procStatus('caps', 'limited', '/proc/1/status', 'NoNewPrivs'), '1');
    assert.equal(await procStatus('caps', 'limited', '/proc/1/status', 'Seccomp'), '2');

    // privileged: every capability the node has (its own bounding set: containerd grants what it holds), no
    // seccomp filter, and privilege escalation allowed.
    const full = /^CapBnd:\s*(\S+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    assert.equal(await procStatus('caps', 'privileged', '/proc/1/status', 'CapEff'), full);
    assert.equal(await procStatus('caps', 'privileged', '/proc/1/status', 'Seccomp'), '0');
    assert.equal(await procStatus('caps', 'privileged', '/proc/1/status', 'NoNewPrivs'), '0');
    await deletePod('caps');
  },
);

test('a hostPort on 127.0.0.1 reaches the container', { skip, timeout: 40_000 }, async () => {
  const port = await freePort();
  await runPod(
    'hostport',
    {},
    {
      command: ['/bin/serve'],
      ports: [{ containerPort: 8080, hostPort: port, hostIP: '127.0.0.1' }],
      readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 },
    },
  );
  assert.equal(
    await eventually(() => httpText(`http://127.0.0.1:${port}/`), 10_000, 'the hostPort'),
    'toolbox v1',
  );
  // Bound to hostIP only: another loopback address of the node is not forwarded.
  await assert.rejects(httpText(`http://127.0.0.2:${port}/`));
  await deletePod('hostport');
});

test(
  "hostNetwork: the node's hostname, network namespace, IP and hosts file",
  { skip, timeout: 40_000 },
  async () => {
    const pod = await runPod(
      'hostnet',
      { hostNetwork: true, hostAliases: [{ ip: '10.1.2.3', hostnames: ['foo.remote', 'bar.remote'] }] },
      { env: [{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }] },
    );
    assert.equal((await sh('hostnet', 'c', 'hostname')).out.trim(), hostname());
    // The node's /etc/hosts under the kubelet's header, with the pod's hostAliases added.
    assert.equal(
      (await sh('hostnet', 'c', 'cat /etc/hosts')).out,
      '# Kubernetes-managed hosts file (host network).\n' +
        readFileSync('/etc/hosts', 'utf8') +
        '\n# Entries added by HostAliases.\n10.1.2.3\tfoo.remote\tbar.remote\n',
    );
    assert.equal((await sh('hostnet', 'c', 'echo $POD_IP')).out.trim(), '127.0.0.1');
    // Same network namespace as this process: the container sees the host's interfaces, not a veth.
    assert.equal(
      (await sh('hostnet', 'c', 'readlink /proc/1/ns/net')).out.trim(),
      readlinkSync('/proc/self/ns/net'),
    );
    assert.equal(pod.status?.podIP, '127.0.0.1');
    assert.deepEqual(pod.status?.podIPs, [{ ip: '127.0.0.1' }]);
    assert.equal(pod.status?.hostIP, '127.0.0.1');
    await deletePod('hostnet');
  },
);

test(
  'dnsPolicy None with dnsConfig; hostname, subdomain and setHostnameAsFQDN',
  { skip, timeout: 40_000 },
  async () => {
    const pod = await runPod('dns', {
      dnsPolicy: 'None',
      dnsConfig: {
        nameservers: ['127.0.0.53'],
        searches: ['x.local'],
        options: [{ name: 'ndots', value: '2' }],
      },
      hostname: 'web-0',
      subdomain: 'group',
      setHostnameAsFQDN: true,
    });
    assert.equal(
      (await sh('dns', 'c', 'cat /etc/resolv.conf')).out,
      'search x.local\nnameserver 127.0.0.53\noptions ndots:2\n',
    );
    const fqdn = 'web-0.group.default.svc.cluster.local';
    assert.equal((await sh('dns', 'c', 'hostname')).out.trim(), fqdn);
    const hosts = (await sh('dns', 'c', 'cat /etc/hosts')).out;
    assert.ok(hosts.includes(`${pod.status?.podIP ?? '?'}\t${fqdn}\tweb-0\n`), hosts);
    await deletePod('dns');
  },
);
