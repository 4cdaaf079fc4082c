import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Service, ServiceSpec } from 'kubernetes-types/core/v1.js';
import { defaultServiceIpFamilies, type IpFamily } from './core-service-ip-families.js';

const ipv4: readonly IpFamily[] = ['IPv4'];
const dualStack: readonly IpFamily[] = ['IPv4', 'IPv6'];

function service(spec: ServiceSpec): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec };
}

test('a new service on a single-stack cluster is SingleStack IPv4', () => {
  const svc = service({ type: 'ClusterIP', selector: { app: 'a' }, ports: [{ port: 80 }] });
  assert.deepEqual(defaultServiceIpFamilies(svc, { families: ipv4 }), []);
  assert.equal(svc.spec?.ipFamilyPolicy, 'SingleStack');
  assert.deepEqual(svc.spec?.ipFamilies, ['IPv4']);
});

test('a requested clusterIP fills clusterIPs and picks the family', () => {
  const svc = service({ clusterIP: 'fd00::10', selector: { app: 'a' } });
  assert.deepEqual(defaultServiceIpFamilies(svc, { families: ['IPv6', 'IPv4'] }), []);
  assert.deepEqual(svc.spec?.clusterIPs, ['fd00::10']);
  assert.deepEqual(svc.spec?.ipFamilies, ['IPv6']);
});

test('PreferDualStack gets both families only on a dual-stack cluster', () => {
  const single = service({ ipFamilyPolicy: 'PreferDualStack', selector: { app: 'a' } });
  defaultServiceIpFamilies(single, { families: ipv4 });
  assert.deepEqual(single.spec?.ipFamilies, ['IPv4']);
  const dual = service({ ipFamilyPolicy: 'PreferDualStack', selector: { app: 'a' } });
  defaultServiceIpFamilies(dual, { families: dualStack });
  assert.deepEqual(dual.spec?.ipFamilies, ['IPv4', 'IPv6']);
});

test('RequireDualStack on a single-stack cluster is a problem', () => {
  const svc = service({ ipFamilyPolicy: 'RequireDualStack', selector: { app: 'a' } });
  assert.deepEqual(defaultServiceIpFamilies(svc, { families: ipv4 }), [
    { field: 'spec.ipFamilyPolicy', message: 'this cluster is not configured for dual-stack services' },
  ]);
});

test('an unconfigured family is a problem', () => {
  const svc = service({ ipFamilies: ['IPv6'], selector: { app: 'a' } });
  assert.deepEqual(defaultServiceIpFamilies(svc, { families: ipv4 }), [
    { field: 'spec.ipFamilies[0]', message: 'not configured on this cluster' },
  ]);
});

test('headless services without a selector default to RequireDualStack with both families', () => {
  const svc = service({ clusterIP: 'None' });
  assert.deepEqual(defaultServiceIpFamilies(svc, { families: ipv4 }), []);
  assert.equal(svc.spec?.ipFamilyPolicy, 'RequireDualStack');
  assert.deepEqual(svc.spec?.ipFamilies, ['IPv4', 'IPv6']);
  assert.deepEqual(svc.spec?.clusterIPs, ['None']);
});

test('headless services with a selector are single-stack', () => {
  const svc = service({ clusterIP: 'None', selector: { app: 'a' } });
  defaultServiceIpFamilies(svc, { families: ipv4 });
  assert.equal(svc.spec?.ipFamilyPolicy, 'SingleStack');
  assert.deepEqual(svc.spec?.ipFamilies, ['IPv4']);
});

test('ExternalName services get no IP family fields', () => {
  const svc = service({ type: 'ExternalName', externalName: 'example.com' });
  assert.deepEqual(defaultServiceIpFamilies(svc, { families: ipv4 }), []);
  assert.equal(svc.spec?.ipFamilyPolicy, undefined);
  assert.equal(svc.spec?.ipFamilies, undefined);
});

test('an update without a policy keeps the stored one', () => {
  const old = service({ ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4'], clusterIPs: ['10.0.0.5'] });
  const svc = service({ ipFamilies: ['IPv4'], clusterIPs: ['10.0.0.5'], selector: { app: 'b' } });
  assert.deepEqual(defaultServiceIpFamilies(svc, { families: ipv4, old }), []);
  assert.equal(svc.spec?.ipFamilyPolicy, 'PreferDualStack');
});

test('an update to SingleStack releases an untouched secondary family', () => {
  const old = service({
    ipFamilyPolicy: 'PreferDualStack',
    ipFamilies: ['IPv4', 'IPv6'],
    clusterIPs: ['10.0.0.5', 'fd00::5'],
  });
  const svc = service({
    ipFamilyPolicy: 'SingleStack',
    ipFamilies: ['IPv4', 'IPv6'],
    clusterIPs: ['10.0.0.5', 'fd00::5'],
  });
  assert.deepEqual(defaultServiceIpFamilies(svc, { families: dualStack, old }), []);
  assert.deepEqual(svc.spec?.ipFamilies, ['IPv4']);
  assert.deepEqual(svc.spec?.clusterIPs, ['10.0.0.5']);
});
