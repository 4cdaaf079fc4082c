// networking.k8s.io/v1 (upstream's pkg/apis/networking/validation): NetworkPolicies, Ingresses and
// IngressClasses.

import {
  type FieldError,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  fieldTooLong,
  goRepr,
} from './field-error.js';
import { type FieldPath, fieldPath } from './field-path.js';
import { validateImmutableField } from './common-fields.js';
import { goStrings } from './go-syntax.js';
import { cidrContains, isValidCIDR, parseCIDRSloppy, parseIPSloppy } from './ip-address.js';
import { type Json, obj, objs, optNum, optStr, str, strMap, strs } from './json-access.js';
import { validateLabelSelector } from './label-selector.js';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isValidPathSegmentName,
} from './label-validation.js';
import {
  isDomainPrefixedPath,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
} from './string-formats.js';

function validatePolicyPort(port: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const protocol = optStr(port['protocol']);
  if (protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(protocol)) {
    errs.push(fieldNotSupported(path.child('protocol'), protocol, ['TCP', 'UDP', 'SCTP']));
  }
  const p = port['port'];
  const endPort = optNum(port['endPort']);
  if (typeof p === 'number') {
    for (const msg of isValidPortNum(p)) errs.push(fieldInvalid(path.child('port'), p, msg));
    if (endPort !== undefined) {
      if (endPort < p)
        errs.push(fieldInvalid(path.child('endPort'), p, 'must be greater than or equal to `port`'));
      for (const msg of isValidPortNum(endPort)) errs.push(fieldInvalid(path.child('endPort'), endPort, msg));
    }
  } else if (typeof p === 'string') {
    if (endPort !== undefined)
      errs.push(
        fieldInvalid(path.child('endPort'), endPort, 'may not be specified when `port` is non-numeric'),
      );
    for (const msg of isValidPortName(p)) errs.push(fieldInvalid(path.child('port'), p, msg));
  } else if (endPort !== undefined) {
    errs.push(
      fieldInvalid(path.child('endPort'), endPort, 'may not be specified when `port` is not specified'),
    );
  }
  return errs;
}

function validateIPBlock(block: Json, path: FieldPath): FieldError[] {
  const cidr = str(block['cidr']);
  if (!cidr) return [fieldRequired(path.child('cidr'))];
  const errs = isValidCIDR(path.child('cidr'), cidr);
  const net = parseCIDRSloppy(cidr);
  if (!net) return errs;
  strs(block['except']).forEach((except, i) => {
    const p = path.child('except').index(i);
    errs.push(...isValidCIDR(p, except));
    const ex = parseCIDRSloppy(except);
    if (!ex) return;
    const ip = parseIPSloppy(except.slice(0, except.indexOf('/')));
    if (!ip || !cidrContains(net, ex.ip) || net.prefix >= ex.prefix)
      errs.push(fieldInvalid(p, except, 'must be a strict subset of `cidr`'));
  });
  return errs;
}

function validatePeer(peer: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let peers = 0;
  for (const f of ['podSelector', 'namespaceSelector'] as const) {
    if (!obj(peer[f])) continue;
    peers++;
    errs.push(...validateLabelSelector(peer[f], path.child(f)));
  }
  const block = obj(peer['ipBlock']);
  if (block) {
    peers++;
    errs.push(...validateIPBlock(block, path.child('ipBlock')));
  }
  if (peers === 0) errs.push(fieldRequired(path, 'must specify a peer'));
  else if (peers > 1 && block)
    errs.push(fieldForbidden(path, 'may not specify both ipBlock and another peer'));
  return errs;
}

/** Upstream's ValidateNetworkPolicySpec (create and update). */
export function validateNetworkPolicy(np: Json): FieldError[] {
  const spec = obj(np['spec']) ?? {};
  const path = fieldPath('spec');
  const errs = validateLabelSelector(spec['podSelector'] ?? {}, path.child('podSelector'));
  for (const [dir, peersKey] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    objs(spec[dir]).forEach((rule, i) => {
      const rp = path.child(dir).index(i);
      objs(rule['ports']).forEach((port, j) =>
        errs.push(...validatePolicyPort(port, rp.child('ports').index(j))),
      );
      objs(rule[peersKey]).forEach((peer, j) =>
        errs.push(...validatePeer(peer, rp.child(peersKey).index(j))),
      );
    });
  }
  const types = strs(spec['policyTypes']);
  if (types.length > 2)
    return [
      ...errs,
      fieldInvalid(
        path.child('policyTypes'),
        goStrings(spec['policyTypes']),
        'may not specify more than two policyTypes',
      ),
    ];
  types.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress')
      errs.push(fieldNotSupported(path.child('policyTypes').index(i), t, ['Ingress', 'Egress']));
  });
  return errs;
}

function validateBackend(backend: Json, path: FieldPath): FieldError[] {
  const resource = obj(backend['resource']);
  const service = obj(backend['service']);
  if (resource && service) return [fieldInvalid(path, '', 'cannot set both resource and service backends')];
  if (resource) return validateTypedReference(resource, path.child('resource'));
  if (!service) return [fieldInvalid(path, '', 'resource or service backend is required')];
  const errs: FieldError[] = [];
  const name = str(service['name']);
  if (!name) errs.push(fieldRequired(path.child('service', 'name')));
  else
    for (const msg of isDNS1035Label(name)) errs.push(fieldInvalid(path.child('service', 'name'), name, msg));
  const port = obj(service['port']) ?? {};
  const portName = str(port['name']);
  const portNumber = typeof port['number'] === 'number' ? port['number'] : 0;
  if (portName && portNumber) errs.push(fieldInvalid(path, '', 'cannot set both port name & port number'));
  else if (portName)
    for (const msg of isValidPortName(portName))
      errs.push(fieldInvalid(path.child('service', 'port', 'name'), portName, msg));
  else if (portNumber)
    for (const msg of isValidPortNum(portNumber))
      errs.push(fieldInvalid(path.child('service', 'port', 'number'), portNumber, msg));
  else errs.push(fieldRequired(path, 'port name or number is required'));
  return errs;
}

function validateTypedReference(ref: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const group = optStr(ref['apiGroup']);
  if (group !== undefined)
    for (const msg of isDNS1123Subdomain(group)) errs.push(fieldInvalid(path.child('apiGroup'), group, msg));
  for (const f of ['kind', 'name'] as const) {
    const v = str(ref[f]);
    if (!v) errs.push(fieldRequired(path.child(f), `${f} is required`));
    else for (const msg of isValidPathSegmentName(v)) errs.push(fieldInvalid(path.child(f), v, msg));
  }
  return errs;
}

const invalidSequences = ['//', '/./', '/../', '%2f', '%2F'];

function validateHTTPPath(p: Json, path: FieldPath): FieldError[] {
  const type = optStr(p['pathType']);
  if (type === undefined) return [fieldRequired(path.child('pathType'), 'pathType must be specified')];
  const errs: FieldError[] = [];
  const value = str(p['path']);
  if (type === 'Exact' || type === 'Prefix') {
    if (!value.startsWith('/'))
      errs.push(fieldInvalid(path.child('path'), value, 'must be an absolute path'));
    if (value) {
      for (const seq of invalidSequences)
        if (value.includes(seq))
          errs.push(fieldInvalid(path.child('path'), value, `must not contain '${seq}'`));
      for (const suffix of ['/..', '/.'])
        if (value.endsWith(suffix))
          errs.push(fieldInvalid(path.child('path'), value, `cannot end with '${suffix}'`));
    }
  } else if (type === 'ImplementationSpecific') {
    if (value && !value.startsWith('/'))
      errs.push(fieldInvalid(path.child('path'), value, 'must be an absolute path'));
  } else {
    errs.push(fieldNotSupported(path.child('pathType'), type, ['Exact', 'ImplementationSpecific', 'Prefix']));
  }
  return [...errs, ...validateBackend(obj(p['backend']) ?? {}, path.child('backend'))];
}

function hostErrors(host: string, path: FieldPath): FieldError[] {
  const check = host.includes('*') ? isWildcardDNS1123Subdomain : isDNS1123Subdomain;
  return check(host).map((msg) => fieldInvalid(path, host, msg));
}

/** Upstream's ValidateIngressSpec (create and update). */
export function validateIngress(ingress: Json, isCreate: boolean): FieldError[] {
  const spec = obj(ingress['spec']) ?? {};
  const path = fieldPath('spec');
  const errs: FieldError[] = [];
  const rules = objs(spec['rules']);
  const defaultBackend = obj(spec['defaultBackend']);
  if (rules.length === 0 && !defaultBackend) {
    const shown = goRepr(
      spec['rules'] == null ? '[]networking.IngressRule(nil)' : '[]networking.IngressRule{}',
    );
    errs.push(fieldInvalid(path, shown, 'either `defaultBackend` or `rules` must be specified'));
  }
  if (defaultBackend) errs.push(...validateBackend(defaultBackend, path.child('defaultBackend')));
  rules.forEach((rule, i) => {
    const rp = path.child('rules').index(i);
    const host = str(rule['host']);
    if (host) {
      if (parseIPSloppy(host))
        errs.push(fieldInvalid(rp.child('host'), host, 'must be a DNS name, not an IP address'));
      errs.push(...hostErrors(host, rp.child('host')));
    }
    const http = obj(rule['http']);
    if (http) {
      const paths = objs(http['paths']);
      if (paths.length === 0) errs.push(fieldRequired(rp.child('http', 'paths')));
      paths.forEach((p, j) => errs.push(...validateHTTPPath(p, rp.child('http', 'paths').index(j))));
    }
  });
  objs(spec['tls']).forEach((tls, i) => {
    const tp = path.child('tls').index(i);
    strs(tls['hosts']).forEach((h, j) => errs.push(...hostErrors(h, tp.child('hosts').index(j))));
    const secret = str(tls['secretName']);
    if (secret)
      for (const msg of isDNS1123Subdomain(secret))
        errs.push(fieldInvalid(tp.child('secretName'), secret, msg));
  });
  const className = optStr(spec['ingressClassName']);
  if (className !== undefined)
    for (const msg of isDNS1123Subdomain(className))
      errs.push(fieldInvalid(path.child('ingressClassName'), className, msg));
  const annotation = strMap(obj(ingress['metadata'])?.['annotations'])?.['kubernetes.io/ingress.class'];
  if (isCreate && annotation !== undefined && className !== undefined && annotation !== className) {
    errs.push(
      fieldInvalid(
        fieldPath('annotations').child('kubernetes.io/ingress.class'),
        annotation,
        'must match `ingressClassName` when both are specified',
      ),
    );
  }
  return errs;
}

/** Upstream's ValidateIngressClass (metadata aside). */
export function validateIngressClass(ic: Json): FieldError[] {
  const spec = obj(ic['spec']) ?? {};
  const path = fieldPath('spec');
  const controller = str(spec['controller']);
  const errs: FieldError[] = [];
  if (controller.length > 250) errs.push(fieldTooLong(path.child('controller'), 250));
  errs.push(...isDomainPrefixedPath(path.child('controller'), controller));
  const params = obj(spec['parameters']);
  if (params) {
    const pp = path.child('parameters');
    errs.push(...validateTypedReference(params, pp));
    const scope = optStr(params['scope']);
    const ns = optStr(params['namespace']);
    if (scope === undefined) errs.push(fieldRequired(pp.child('scope')));
    else if (scope !== 'Namespace' && scope !== 'Cluster')
      errs.push(fieldNotSupported(pp.child('scope'), scope, ['Cluster', 'Namespace']));
    else if (scope === 'Namespace') {
      if (ns === undefined)
        errs.push(fieldRequired(pp.child('namespace'), "`parameters.scope` is set to 'Namespace'"));
      else for (const msg of isDNS1123Label(ns)) errs.push(fieldInvalid(pp.child('namespace'), ns, msg));
    } else if (ns !== undefined) {
      errs.push(fieldForbidden(pp.child('namespace'), "`parameters.scope` is set to 'Cluster'"));
    }
  }
  return errs;
}

/** Upstream's ValidateIngressClassUpdate: the controller may not change. */
export function validateIngressClassUpdate(ic: Json, old: Json): FieldError[] {
  const controller = obj(ic['spec'])?.['controller'];
  return [
    ...validateImmutableField(controller, obj(old['spec'])?.['controller'], fieldPath('spec', 'controller')),
    ...validateIngressClass(ic),
  ];
}
