import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import { envVarsForServices, serviceEnvVarMap } from './service-env-vars.js';

function svc(namespace: string, name: string, clusterIP: string, ports: ServicePort[]): Service {
  return { metadata: { name, namespace }, spec: { clusterIP, ports } };
}

test('a service yields host, port, named ports and Docker link variables', () => {
  const vars = envVarsForServices([
    svc('default', 'my-web', '10.0.0.7', [
      { name: 'http', port: 80, protocol: 'TCP' },
      { name: 'dns-udp', port: 53, protocol: 'UDP' },
    ]),
  ]);
  assert.deepEqual(vars, [
    ['MY_WEB_SERVICE_HOST', '10.0.0.7'],
    ['MY_WEB_SERVICE_PORT', '80'],
    ['MY_WEB_SERVICE_PORT_HTTP', '80'],
    ['MY_WEB_SERVICE_PORT_DNS_UDP', '53'],
    ['MY_WEB_PORT', 'tcp://10.0.0.7:80'],
    ['MY_WEB_PORT_80_TCP', 'tcp://10.0.0.7:80'],
    ['MY_WEB_PORT_80_TCP_PROTO', 'tcp'],
    ['MY_WEB_PORT_80_TCP_PORT', '80'],
    ['MY_WEB_PORT_80_TCP_ADDR', '10.0.0.7'],
    ['MY_WEB_PORT_53_UDP', 'udp://10.0.0.7:53'],
    ['MY_WEB_PORT_53_UDP_PROTO', 'udp'],
    ['MY_WEB_PORT_53_UDP_PORT', '53'],
    ['MY_WEB_PORT_53_UDP_ADDR', '10.0.0.7'],
  ]);
});

test('an unnamed first port defaults to TCP; IPv6 addresses are bracketed', () => {
  const vars = new Map(envVarsForServices([svc('a', 'v6', 'fd00::1', [{ port: 443 }])]));
  assert.equal(vars.get('V6_PORT'), 'tcp://[fd00::1]:443');
  assert.equal(vars.get('V6_PORT_443_TCP_ADDR'), 'fd00::1');
  assert.equal(vars.has('V6_SERVICE_PORT_'), false);
});

test('headless and ExternalName services have no variables', () => {
  assert.deepEqual(
    envVarsForServices([svc('a', 'headless', 'None', [{ port: 80 }]), svc('a', 'ext', '', [{ port: 80 }])]),
    [],
  );
});

test('a pod sees its namespace with service links, and the kubernetes service always', () => {
  const services = [
    svc('default', 'kubernetes', '10.96.0.1', [{ name: 'https', port: 443 }]),
    svc('default', 'other', '10.96.0.9', [{ port: 80 }]),
    svc('team', 'api', '10.96.0.20', [{ port: 8080 }]),
  ];
  const linked = serviceEnvVarMap(services, 'team', true);
  assert.equal(linked.get('KUBERNETES_SERVICE_HOST'), '10.96.0.1');
  assert.equal(linked.get('KUBERNETES_SERVICE_PORT_HTTPS'), '443');
  assert.equal(linked.get('API_SERVICE_HOST'), '10.96.0.20');
  assert.equal(linked.has('OTHER_SERVICE_HOST'), false, 'services of other namespaces stay out');

  const unlinked = serviceEnvVarMap(services, 'team', false);
  assert.equal(unlinked.get('KUBERNETES_SERVICE_HOST'), '10.96.0.1');
  assert.equal(unlinked.has('API_SERVICE_HOST'), false);

  const inDefault = serviceEnvVarMap(services, 'default', true);
  assert.equal(inDefault.get('OTHER_SERVICE_HOST'), '10.96.0.9');
});
