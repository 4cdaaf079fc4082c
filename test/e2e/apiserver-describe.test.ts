/**
 * `kubectl describe` of pods, services and namespaces, with core/v1 Events created through
 * `kubectl create -f` whose involvedObject points at them; event listing and field selectors.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { kubectl, kubectlOk, type KubectlResult } from '../support/kubectl.js';
import { outputLines, parseTable } from '../support/kubectl-output.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

let server: K8tsServer | undefined;
const ns = 'e2e-describe';
const uids = new Map<string, string>();

function kubeconfig(): string {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
}
const run = (args: string[], stdin?: string): Promise<KubectlResult> =>
  kubectl(args, { kubeconfig: kubeconfig(), ...(stdin === undefined ? {} : { stdin }) });
const ok = (args: string[], stdin?: string): Promise<KubectlResult> =>
  kubectlOk(args, { kubeconfig: kubeconfig(), ...(stdin === undefined ? {} : { stdin }) });

interface EventSpec {
  name: string;
  namespace: string;
  involved: { kind: string; name: string; namespace?: string; uid: string };
  reason: string;
  message: string;
  type?: 'Normal' | 'Warning';
  count?: number;
}

function event(e: EventSpec): object {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: e.name, namespace: e.namespace },
    involvedObject: { apiVersion: 'v1', ...e.involved },
    reason: e.reason,
    message: e.message,
    type: e.type ?? 'Normal',
    source: { component: 'e2e-tester' },
    firstTimestamp: now,
    lastTimestamp: now,
    count: e.count ?? 1,
  };
}

async function uidOf(args: string[]): Promise<string> {
  return (await ok(['get', ...args, '-o', 'jsonpath={.metadata.uid}'])).stdout;
}

/** The rows under "Events:" in describe output, as records (Type, Reason, Age, From, Message). */
function describedEvents(out: string): Array<Record<string, string>> {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Events:'));
  assert.ok(start >= 0, `no Events: section in\n${out}`);
  if (/^Events:\s+<none>$/.test(lines[start] ?? '')) return [];
  const body = lines
    .slice(start + 1)
    .filter((l) => l.startsWith('  ') && !/^\s+-+\s/.test(l))
    .map((l) => l.slice(2));
  return [...parseTable(body.join('\n')).records];
}

before(async () => {
  server = await startK8tsServer();
  const docs = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: ns, labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'registry.local/toolbox:1' }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: ns },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    },
  ];
  await ok(['create', '-f', '-'], docs.map((d) => JSON.stringify(d)).join('\n'));
  uids.set('pod', await uidOf(['pod', 'web', '-n', ns]));
  uids.set('svc', await uidOf(['service', 'web', '-n', ns]));
  uids.set('ns', await uidOf(['namespace', ns]));
  const events = [
    event({
      name: 'web.pulled',
      namespace: ns,
      involved: { kind: 'Pod', name: 'web', namespace: ns, uid: uids.get('pod') ?? '' },
      reason: 'Pulled',
      message: 'Successfully pulled image "registry.local/toolbox:1"',
    }),
    event({
      name: 'web.backoff',
      namespace: ns,
      involved: { kind: 'Pod', name: 'web', namespace: ns, uid: uids.get('pod') ?? '' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      type: 'Warning',
      count: 4,
    }),
    // Same name, another uid: an earlier pod called "web"; describe must not show it.
    event({
      name: 'web.old',
      namespace: ns,
      involved: { kind: 'Pod', name: 'web', namespace: ns, uid: '00000000-0000-0000-0000-000000000000' },
      reason: 'Killing',
      message: 'an event of a pod that no longer exists',
    }),
    event({
      name: 'web.svc',
      namespace: ns,
      involved: { kind: 'Service', name: 'web', namespace: ns, uid: uids.get('svc') ?? '' },
      reason: 'EnsuringLoadBalancer',
      message: 'Ensuring load balancer',
    }),
    event({
      name: `${ns}.ns`,
      namespace: 'default',
      involved: { kind: 'Namespace', name: ns, uid: uids.get('ns') ?? '' },
      reason: 'NamespaceChecked',
      message: 'namespace looked at by the e2e test',
      type: 'Warning',
    }),
  ];
  await ok(['create', '-f', '-'], events.map((d) => JSON.stringify(d)).join('\n'));
});
after(async () => {
  await server?.stop();
});

describe('kubectl describe shows events', () => {
  it('describe pod lists the events of that pod (by uid), not those of an older namesake', async () => {
    const { stdout } = await ok(['describe', 'pod', 'web', '-n', ns]);
    assert.match(stdout, /^Name:\s+web$/m);
    assert.match(stdout, new RegExp(`^Namespace:\\s+${ns}$`, 'm'));
    assert.match(stdout, /^Status:\s+Pending$/m);
    // kubectl orders events by lastTimestamp; these two share theirs, so compare them by reason.
    const events = describedEvents(stdout).sort((a, b) =>
      (a['Reason'] ?? '').localeCompare(b['Reason'] ?? ''),
    );
    assert.deepEqual(
      events.map((e) => [e['Type'], e['Reason'], e['From'], e['Message']]),
      [
        ['Warning', 'BackOff', 'e2e-tester', 'Back-off restarting failed container'],
        ['Normal', 'Pulled', 'e2e-tester', 'Successfully pulled image "registry.local/toolbox:1"'],
      ],
    );
    assert.match(events[0]?.['Age'] ?? '', /^\d+s \(x4 over \d+s\)$/);
    assert.match(events[1]?.['Age'] ?? '', /^\d+s$/);
  });

  it('describe service lists its events', async () => {
    const { stdout } = await ok(['describe', 'service', 'web', '-n', ns]);
    assert.match(stdout, /^Selector:\s+app=web$/m);
    assert.match(stdout, /^Port:\s+http\s+80\/TCP$/m);
    assert.match(stdout, /^TargetPort:\s+8080\/TCP$/m);
    assert.deepEqual(
      describedEvents(stdout).map((e) => [e['Type'], e['Reason'], e['From'], e['Message']]),
      [['Normal', 'EnsuringLoadBalancer', 'e2e-tester', 'Ensuring load balancer']],
    );
  });

  it('describe service shows the allocated IP family like upstream', async () => {
    const { stdout } = await ok(['describe', 'service', 'web', '-n', ns]);
    assert.match(stdout, /^IP Family Policy:\s+SingleStack$/m);
    assert.match(stdout, /^IP Families:\s+IPv4$/m);
    assert.equal(
      (
        await ok([
          'get',
          'service',
          'web',
          '-n',
          ns,
          '-o',
          'jsonpath={.spec.ipFamilyPolicy} {.spec.ipFamilies}',
        ])
      ).stdout,
      'SingleStack ["IPv4"]',
    );
    assert.equal(
      (
        await ok([
          'get',
          'service',
          'kubernetes',
          '-n',
          'default',
          '-o',
          'jsonpath={.spec.ipFamilyPolicy} {.spec.ipFamilies}',
        ])
      ).stdout,
      'SingleStack ["IPv4"]',
    );
  });

  it('describe namespace (kubectl 1.32 shows no events for namespaces) and kubectl events --for it', async () => {
    const { stdout } = await ok(['describe', 'namespace', ns]);
    assert.deepEqual(outputLines(stdout), [
      `Name:         ${ns}`,
      `Labels:       kubernetes.io/metadata.name=${ns}`,
      'Annotations:  <none>',
      'Status:       Active',
      'No resource quota.',
      'No LimitRange resource.',
    ]);
    const events = await ok(['events', '--for', `namespace/${ns}`, '-n', 'default']);
    const table = parseTable(events.stdout);
    assert.deepEqual(table.columns, ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    assert.deepEqual(
      table.records.map((r) => [r['TYPE'], r['REASON'], r['OBJECT'], r['MESSAGE']]),
      [['Warning', 'NamespaceChecked', `Namespace/${ns}`, 'namespace looked at by the e2e test']],
    );
  });
});

describe('events', () => {
  it('get events prints upstream columns', async () => {
    const table = parseTable((await ok(['get', 'events', '-n', ns, '--sort-by=.reason'])).stdout);
    assert.deepEqual(table.columns, ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    assert.deepEqual(
      table.records.map((r) => [r['TYPE'], r['REASON'], r['OBJECT']]),
      [
        ['Warning', 'BackOff', 'pod/web'],
        ['Normal', 'EnsuringLoadBalancer', 'service/web'],
        ['Normal', 'Killing', 'pod/web'],
        ['Normal', 'Pulled', 'pod/web'],
      ],
    );
  });

  it('event field selectors: involvedObject.*, reason, type, source', async () => {
    const names = async (selector: string, namespaceArgs = ['-n', ns]): Promise<string[]> =>
      outputLines(
        (await ok(['get', 'events', ...namespaceArgs, '--field-selector', selector, '-o', 'name'])).stdout,
      );
    assert.deepEqual(await names('involvedObject.kind=Service'), ['event/web.svc']);
    assert.deepEqual(await names(`involvedObject.uid=${uids.get('pod')}`), [
      'event/web.backoff',
      'event/web.pulled',
    ]);
    assert.deepEqual(await names('involvedObject.name=web,reason=Killing'), ['event/web.old']);
    assert.deepEqual(await names('type=Warning'), ['event/web.backoff']);
    assert.deepEqual(await names('type=Warning', ['-A']), ['event/e2e-describe.ns', 'event/web.backoff']);
    assert.deepEqual(await names('source=e2e-tester,involvedObject.kind=Pod,reason!=Killing'), [
      'event/web.backoff',
      'event/web.pulled',
    ]);
    assert.deepEqual(await names(`involvedObject.namespace=,involvedObject.name=${ns}`, ['-A']), [
      `event/${ns}.ns`,
    ]);
  });

  it('an event in a namespace other than its object is Invalid', async () => {
    const result = await run(
      ['create', '-f', '-'],
      JSON.stringify(
        event({
          name: 'misplaced',
          namespace: 'default',
          involved: { kind: 'Pod', name: 'web', namespace: ns, uid: uids.get('pod') ?? '' },
          reason: 'Oops',
          message: 'wrong namespace',
        }),
      ),
    );
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      `The Event "misplaced" is invalid: involvedObject.namespace: Invalid value: "${ns}": does not match event.namespace`,
    );
  });
});
