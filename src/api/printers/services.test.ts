import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../object.js';
import { endpointSlicePrinter, endpointsPrinter, servicePrinter } from './services.js';

const now = new Date('2025-01-01T12:00:00Z');
const meta = (name: string) => ({ name, namespace: 'default', creationTimestamp: '2025-01-01T10:00:00Z' });

test('service columns match upstream', () => {
  assert.deepEqual(
    servicePrinter.columns.map((c) => `${c.name}:${c.priority}`),
    ['Name:0', 'Type:0', 'Cluster-IP:0', 'External-IP:0', 'Port(s):0', 'Age:0', 'Selector:1'],
  );
});

test('a NodePort service shows node ports next to service ports', () => {
  const svc: KubeObject = {
    metadata: meta('web'),
    spec: {
      type: 'NodePort',
      clusterIP: '10.96.12.34',
      clusterIPs: ['10.96.12.34'],
      selector: { app: 'web' },
      ports: [
        { name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 },
        { name: 'https', port: 443, protocol: 'TCP', nodePort: 30443 },
        { name: 'dns', port: 53, protocol: 'UDP' },
      ],
    },
  };
  assert.deepEqual(servicePrinter.row(svc, now).cells, [
    'web',
    'NodePort',
    '10.96.12.34',
    '<none>',
    '80/TCP,443:30443/TCP,53/UDP',
    '120m',
    'app=web',
  ]);
});

test('ClusterIP defaults: headless None, no ports, no selector; external IPs listed', () => {
  const headless: KubeObject = { metadata: meta('db'), spec: { clusterIP: 'None', clusterIPs: ['None'] } };
  assert.deepEqual(servicePrinter.row(headless, now).cells, [
    'db',
    'ClusterIP',
    'None',
    '<none>',
    '<none>',
    '120m',
    '<none>',
  ]);
  const withExternal: KubeObject = {
    metadata: meta('ext'),
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.96.0.20',
      externalIPs: ['1.2.3.4', '5.6.7.8'],
      ports: [{ port: 80 }],
    },
  };
  assert.deepEqual(servicePrinter.row(withExternal, now).cells.slice(2, 5), [
    '10.96.0.20',
    '1.2.3.4,5.6.7.8',
    '80/TCP',
  ]);
});

test('load balancers: pending, ingress points sorted and unclipped, plus external IPs', () => {
  const lb = (status: object, externalIPs?: string[]): KubeObject => ({
    metadata: meta('lb'),
    spec: {
      type: 'LoadBalancer',
      clusterIPs: ['10.96.0.9'],
      ports: [{ port: 80, nodePort: 31000, protocol: 'TCP' }],
      externalIPs,
    },
    status,
  });
  assert.equal(servicePrinter.row(lb({}), now).cells[3], '<pending>');
  const hostnames = {
    loadBalancer: {
      ingress: [
        { hostname: 'a-very-long-hostname.elb.example.com' },
        { ip: '203.0.113.7' },
        { ip: '203.0.113.7' },
      ],
    },
  };
  assert.equal(
    servicePrinter.row(lb(hostnames), now).cells[3],
    '203.0.113.7,a-very-long-hostname.elb.example.com',
  );
  assert.equal(
    servicePrinter.row(lb({ loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } }, ['1.1.1.1']), now).cells[3],
    '203.0.113.7,1.1.1.1',
  );
  assert.equal(servicePrinter.row(lb({}, ['1.1.1.1']), now).cells[3], '1.1.1.1');
});

test('ExternalName services print the external name and no cluster IP', () => {
  const svc: KubeObject = {
    metadata: meta('ext'),
    spec: { type: 'ExternalName', externalName: 'db.example.com' },
  };
  assert.deepEqual(servicePrinter.row(svc, now).cells.slice(1, 5), [
    'ExternalName',
    '<none>',
    'db.example.com',
    '<none>',
  ]);
});

test('endpoints: ip:port pairs, the first three then a count of the rest', () => {
  const ep: KubeObject = {
    metadata: meta('web'),
    subsets: [
      {
        addresses: [{ ip: '10.244.0.5' }, { ip: '10.244.1.7' }],
        ports: [
          { name: 'http', port: 8080, protocol: 'TCP' },
          { name: 'metrics', port: 9090, protocol: 'TCP' },
        ],
      },
    ],
  };
  assert.deepEqual(endpointsPrinter.row(ep, now).cells, [
    'web',
    '10.244.0.5:8080,10.244.1.7:8080,10.244.0.5:9090 + 1 more...',
    '120m',
  ]);
  const v6: KubeObject = {
    metadata: meta('v6'),
    subsets: [{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 80 }] }],
  };
  assert.equal(endpointsPrinter.row(v6, now).cells[1], '[fd00::1]:80');
  const headless: KubeObject = {
    metadata: meta('h'),
    subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }] }],
  };
  assert.equal(endpointsPrinter.row(headless, now).cells[1], '10.0.0.1,10.0.0.2');
  assert.equal(endpointsPrinter.row({ metadata: meta('none') }, now).cells[1], '<none>');
  const exactlyThree: KubeObject = {
    metadata: meta('three'),
    subsets: [
      { addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: '10.0.0.3' }], ports: [{ port: 80 }] },
    ],
  };
  assert.equal(endpointsPrinter.row(exactlyThree, now).cells[1], '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80');
});

test('endpoint slices: address type, ports and addresses, <unset> when empty', () => {
  const slice: KubeObject = {
    metadata: meta('web-abc12'),
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'named' }, {}],
    endpoints: [
      { addresses: ['10.244.0.5'] },
      { addresses: ['10.244.1.7', '10.244.1.8'] },
      { addresses: ['10.244.2.9'] },
    ],
  };
  assert.deepEqual(endpointSlicePrinter.row(slice, now).cells, [
    'web-abc12',
    'IPv4',
    '8080,named,*',
    '10.244.0.5,10.244.1.7,10.244.1.8 + 1 more...',
    '120m',
  ]);
  const empty: KubeObject = { metadata: meta('empty'), addressType: 'IPv6' };
  assert.deepEqual(endpointSlicePrinter.row(empty, now).cells.slice(2, 4), ['<unset>', '<unset>']);
});
