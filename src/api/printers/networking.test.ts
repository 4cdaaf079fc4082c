import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../object.js';
import { ingressClassPrinter, ingressPrinter, networkPolicyPrinter } from './networking.js';

const now = new Date('2025-01-01T12:00:00Z');
const meta = (name: string) => ({ name, namespace: 'default', creationTimestamp: '2024-12-31T00:00:00Z' });

test('an ingress with a class, TLS and a load-balancer address', () => {
  const ing: KubeObject = {
    metadata: meta('shop'),
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      rules: [{ host: 'shop.example.com' }, { host: 'api.example.com' }],
    },
    status: { loadBalancer: { ingress: [{ ip: '192.0.2.10' }] } },
  };
  assert.deepEqual(
    ingressPrinter.columns.map((c) => c.name),
    ['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age'],
  );
  assert.deepEqual(ingressPrinter.row(ing, now).cells, [
    'shop',
    'nginx',
    'shop.example.com,api.example.com',
    '192.0.2.10',
    '80, 443',
    '36h',
  ]);
});

test('ingress hosts: "*" without hosts, overflow counted in rules', () => {
  const hosts = (rules: { host?: string }[]) =>
    ingressPrinter.row({ metadata: meta('i'), spec: { rules } }, now).cells[2];
  assert.equal(hosts([]), '*');
  assert.equal(hosts([{}]), '*');
  assert.equal(hosts([{ host: 'a' }, { host: 'b' }, { host: 'c' }]), 'a,b,c');
  assert.equal(hosts([{ host: 'a' }, {}, { host: 'b' }, { host: 'c' }]), 'a,b,c');
  assert.equal(hosts([{ host: 'a' }, { host: 'b' }, { host: 'c' }, { host: 'd' }, {}]), 'a,b,c + 2 more...');
  const bare = ingressPrinter.row({ metadata: meta('bare'), spec: {} }, now).cells;
  assert.deepEqual(bare.slice(1, 5), ['<none>', '*', '', '80']);
});

test('ingress classes print their controller and parameters reference', () => {
  const ic = (parameters?: object): KubeObject => ({
    metadata: meta('nginx'),
    spec: { controller: 'k8s.io/ingress-nginx', ...(parameters ? { parameters } : {}) },
  });
  assert.deepEqual(ingressClassPrinter.row(ic(), now).cells, [
    'nginx',
    'k8s.io/ingress-nginx',
    '<none>',
    '36h',
  ]);
  assert.equal(
    ingressClassPrinter.row(
      ic({ apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' }),
      now,
    ).cells[2],
    'IngressParameters.k8s.example.com/external-lb',
  );
  assert.equal(
    ingressClassPrinter.row(ic({ kind: 'ConfigMap', name: 'cfg' }), now).cells[2],
    'ConfigMap/cfg',
  );
});

test('network policies print their pod selector', () => {
  const np = (podSelector?: object): KubeObject => ({
    metadata: meta('np'),
    spec: podSelector ? { podSelector } : {},
  });
  assert.deepEqual(networkPolicyPrinter.row(np({}), now).cells, ['np', '<none>', '36h']);
  assert.equal(networkPolicyPrinter.row(np(), now).cells[1], '<none>');
  assert.equal(
    networkPolicyPrinter.row(
      np({
        matchLabels: { role: 'db' },
        matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }],
      }),
      now,
    ).cells[1],
    'env in (dev,prod),role=db',
  );
});
