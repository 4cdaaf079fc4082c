import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../object.js';
import { fieldErrorMessage } from './field-error.js';
import { validateObject, validateObjectUpdate } from './validate-object.js';

function service(spec: object = {}): KubeObject {
  return {
    metadata: { name: 's', namespace: 'default' },
    spec: {
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      selector: { app: 's' },
      ...spec,
    },
  };
}

const create = (o: KubeObject): string[] => validateObject('', 'Service', o).map(fieldErrorMessage);
const update = (o: KubeObject, old: KubeObject): string[] =>
  validateObjectUpdate('', 'Service', o, old).map(fieldErrorMessage);

describe('Service create', () => {
  it('accepts a defaulted service', () => assert.deepEqual(create(service()), []));

  const cases: [string, object, string[]][] = [
    ['no ports', { ports: [] }, ['spec.ports: Required value']],
    [
      'a bad port',
      { ports: [{ port: 70000, protocol: 'TCP', targetPort: 80 }] },
      ['spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive'],
    ],
    [
      'unnamed and duplicate ports',
      {
        ports: [
          { port: 80, protocol: 'TCP', targetPort: 80 },
          { name: 'b', port: 80, protocol: 'TCP', targetPort: 'web' },
        ],
      },
      [
        'spec.ports[0].name: Required value',
        'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
      ],
    ],
    [
      'an unknown type',
      { type: 'Magic' },
      [
        'spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
      ],
    ],
    [
      'a node port on a ClusterIP service',
      { ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30000 }] },
      ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
    ],
    [
      'an external traffic policy on an internal service',
      { externalTrafficPolicy: 'Local' },
      [
        'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
      ],
    ],
    [
      'client IP affinity without config',
      { sessionAffinity: 'ClientIP' },
      ['spec.sessionAffinityConfig: Required value: when session affinity type is ClientIP'],
    ],
    [
      'a mismatched clusterIPs list',
      { clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.2'] },
      ['spec.clusterIPs: Invalid value: []string{"10.0.0.2"}: first value must match `clusterIP`'],
    ],
    [
      'a bad cluster IP',
      { clusterIP: '10.0.0.300' },
      [
        'spec.clusterIPs[0]: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      ],
    ],
    [
      'a loopback external IP',
      { externalIPs: ['127.0.0.1'], externalTrafficPolicy: 'Cluster' },
      [
        'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      ],
    ],
    [
      'source ranges on a non-LoadBalancer',
      { loadBalancerSourceRanges: ['10.0.0.0/33'] },
      [
        "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
        'spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      ],
    ],
  ];
  for (const [name, spec, expected] of cases)
    it(`rejects ${name}`, () => assert.deepEqual(create(service(spec)), expected));

  it('checks ExternalName services', () => {
    const spec = {
      type: 'ExternalName',
      externalName: 'Bad_Name',
      ports: [],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: undefined,
    };
    assert.deepEqual(create(service(spec)), [
      'spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services',
      "spec.externalName: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    assert.deepEqual(
      create(
        service({ type: 'ExternalName', externalName: 'db.example.com.', internalTrafficPolicy: undefined }),
      ),
      [],
    );
  });

  it('checks LoadBalancer services', () => {
    const lb = {
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Cluster',
      allocateLoadBalancerNodePorts: true,
    };
    assert.deepEqual(create(service(lb)), []);
    assert.deepEqual(
      create(service({ ...lb, allocateLoadBalancerNodePorts: undefined, clusterIP: 'None' })),
      [
        'spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for LoadBalancer services',
        'allocateLoadBalancerNodePorts: Required value',
      ],
    );
  });
});

describe('Service update', () => {
  const allocated = {
    clusterIP: '10.0.0.9',
    clusterIPs: ['10.0.0.9'],
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
  };

  it('keeps an allocated cluster IP', () => {
    assert.deepEqual(update(service({ ...allocated, clusterIP: '10.0.0.5' }), service(allocated)), [
      'spec.clusterIPs[0]: Invalid value: []string{"10.0.0.5"}: may not change once set',
    ]);
  });

  it('allows other changes that keep the cluster IP', () => {
    assert.deepEqual(update(service({ ...allocated, selector: { app: 't' } }), service(allocated)), []);
  });

  it('keeps the IP family', () => {
    assert.deepEqual(update(service({ ...allocated, ipFamilies: ['IPv6'] }), service(allocated)), [
      'spec.ipFamilies[0]: Invalid value: []string{"IPv6"}: may not change once set',
      'spec.clusterIPs[0]: Invalid value: "10.0.0.9": expected an IPv6 value as indicated by `ipFamilies[0]`',
    ]);
  });
});
