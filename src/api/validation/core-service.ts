// Services (upstream's ValidateService / ValidateServiceUpdate): ports, type-specific rules,
// ExternalName, session affinity, traffic policies and the clusterIPs / ipFamilies invariants,
// including that an allocated clusterIP never changes.

import {
  type FieldError,
  fieldDuplicate,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  goRepr,
} from './field-error.js';
import { type FieldPath, fieldPath } from './field-path.js';
import {
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateLabelsMap,
  validatePortNumOrName,
  validateQualifiedName,
} from './common-fields.js';
import { portProtocols } from './core-container-fields.js';
import {
  normalizeClusterIPs,
  validateClusterIPUpdate,
  validateServiceClusterIPs,
} from './core-service-ips.js';
import { isValidCIDR, isValidIP, validateNonSpecialIP } from './ip-address.js';
import { type Json, num, obj, objs, optBool, optNum, optStr, str, strMap, strs } from './json-access.js';
import { isValidPortNum } from './string-formats.js';
import { goQuote } from './go-quote.js';

const serviceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

/** True for a headless service (clusterIPs exactly ["None"]). */
export function isHeadless(spec: Json): boolean {
  const ips = strs(spec['clusterIPs']);
  return ips.length === 1 && ips[0] === 'None';
}

function validateServicePort(
  port: Json,
  requireName: boolean,
  names: Set<string>,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(port['name']);
  if (requireName && !name) errs.push(fieldRequired(path.child('name')));
  else if (name) {
    errs.push(...validateDNS1123Label(name, path.child('name')));
    if (names.has(name)) errs.push(fieldDuplicate(path.child('name'), name));
    else names.add(name);
  }
  for (const msg of isValidPortNum(num(port['port'])))
    errs.push(fieldInvalid(path.child('port'), num(port['port']), msg));
  const protocol = str(port['protocol']);
  if (!protocol) errs.push(fieldRequired(path.child('protocol')));
  else if (!portProtocols.includes(protocol))
    errs.push(fieldNotSupported(path.child('protocol'), protocol, portProtocols));
  errs.push(...validatePortNumOrName(port['targetPort'], path.child('targetPort')));
  const appProtocol = optStr(port['appProtocol']);
  if (appProtocol !== undefined) errs.push(...validateQualifiedName(appProtocol, path.child('appProtocol')));
  return errs;
}

// The key upstream puts in the "duplicate port" error: a core.ServicePort with protocol and port set.
function portKey(protocol: string, port: number): string {
  return `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
}

function externallyAccessible(spec: Json): boolean {
  const type = str(spec['type']);
  return (
    type === 'LoadBalancer' ||
    type === 'NodePort' ||
    (type === 'ClusterIP' && strs(spec['externalIPs']).length > 0)
  );
}

function validateTrafficPolicies(spec: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const etp = str(spec['externalTrafficPolicy']);
  if (!externallyAccessible(spec)) {
    if (etp)
      errs.push(
        fieldInvalid(
          path.child('externalTrafficPolicy'),
          etp,
          'may only be set for externally-accessible services',
        ),
      );
  } else if (!etp) {
    errs.push(fieldRequired(path.child('externalTrafficPolicy')));
  } else if (etp !== 'Cluster' && etp !== 'Local') {
    errs.push(fieldNotSupported(path.child('externalTrafficPolicy'), etp, ['Cluster', 'Local']));
  }
  const hc = num(spec['healthCheckNodePort']);
  const needsHealthCheck = str(spec['type']) === 'LoadBalancer' && etp === 'Local';
  if (!needsHealthCheck) {
    if (hc !== 0) {
      errs.push(
        fieldInvalid(
          path.child('healthCheckNodePort'),
          hc,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
    }
  } else if (hc !== 0) {
    // Upstream allocates the port before validating; here allocation comes later, so 0 means "to be allocated".
    for (const msg of isValidPortNum(hc)) errs.push(fieldInvalid(path.child('healthCheckNodePort'), hc, msg));
  }
  const itp = optStr(spec['internalTrafficPolicy']);
  if (itp === undefined) {
    if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(str(spec['type'])))
      errs.push(fieldRequired(path.child('internalTrafficPolicy')));
  } else if (itp !== 'Cluster' && itp !== 'Local') {
    errs.push(fieldNotSupported(path.child('internalTrafficPolicy'), itp, ['Cluster', 'Local']));
  }
  const td = optStr(spec['trafficDistribution']);
  if (td !== undefined && td !== 'PreferClose')
    errs.push(fieldNotSupported(path.child('trafficDistribution'), td, ['PreferClose']));
  return errs;
}

function validateLoadBalancerClass(spec: Json): FieldError[] {
  const path = fieldPath('spec', 'loadBalancerClass');
  const errs: FieldError[] = [];
  const cls = optStr(spec['loadBalancerClass']);
  const isLB = str(spec['type']) === 'LoadBalancer';
  if (isLB) {
    if (cls !== undefined) errs.push(...validateQualifiedName(cls, path));
  } else if (cls !== undefined) {
    errs.push(fieldForbidden(path, "may only be used when `type` is 'LoadBalancer'"));
  }
  return errs;
}

function validateExternalName(spec: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (strs(spec['clusterIPs']).length > 0)
    errs.push(fieldForbidden(path.child('clusterIPs'), 'may not be set for ExternalName services'));
  if (strs(spec['ipFamilies']).length > 0)
    errs.push(fieldForbidden(path.child('ipFamilies'), 'may not be set for ExternalName services'));
  if (spec['ipFamilyPolicy'] != null)
    errs.push(fieldForbidden(path.child('ipFamilyPolicy'), 'may not be set for ExternalName services'));
  const cname = str(spec['externalName']).replace(/\.$/, '');
  errs.push(
    ...(cname
      ? validateDNS1123Subdomain(cname, path.child('externalName'))
      : [fieldRequired(path.child('externalName'))]),
  );
  return errs;
}

/** Upstream's ValidateService (without metadata), for a spec with clusterIPs normalized. */
function validateServiceSpec(service: Json): FieldError[] {
  const meta = obj(service['metadata']) ?? {};
  const annotations = strMap(meta['annotations']) ?? {};
  const spec = obj(service['spec']) ?? {};
  const path = fieldPath('spec');
  const errs: FieldError[] = [];
  const hints = annotations['service.kubernetes.io/topology-aware-hints'];
  const mode = annotations['service.kubernetes.io/topology-mode'];
  if (hints !== undefined && mode !== undefined && hints !== mode) {
    errs.push(
      fieldInvalid(
        fieldPath('metadata', 'annotations').key('service.kubernetes.io/topology-mode'),
        mode,
        'must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified',
      ),
    );
  }
  const ports = objs(spec['ports']);
  const type = str(spec['type']);
  const headless = isHeadless(spec);
  if (ports.length === 0 && !headless && type !== 'ExternalName')
    errs.push(fieldRequired(path.child('ports')));
  if ((type === 'LoadBalancer' || type === 'NodePort') && headless) {
    errs.push(
      fieldInvalid(
        path.child('clusterIPs').index(0),
        'None',
        `may not be set to 'None' for ${type} services`,
      ),
    );
  }
  if (type === 'ExternalName') errs.push(...validateExternalName(spec, path));
  const names = new Set<string>();
  ports.forEach((p, i) =>
    errs.push(...validateServicePort(p, ports.length > 1, names, path.child('ports').index(i))),
  );
  if (obj(spec['selector']))
    errs.push(...validateLabelsMap(strMap(spec['selector']), path.child('selector')));
  const affinity = str(spec['sessionAffinity']);
  if (!affinity) errs.push(fieldRequired(path.child('sessionAffinity')));
  else if (affinity !== 'ClientIP' && affinity !== 'None')
    errs.push(fieldNotSupported(path.child('sessionAffinity'), affinity, ['ClientIP', 'None']));
  const affinityConfig = obj(spec['sessionAffinityConfig']);
  if (affinity === 'ClientIP')
    errs.push(...validateClientIPAffinity(affinityConfig, path.child('sessionAffinityConfig')));
  else if (affinity === 'None' && affinityConfig)
    errs.push(
      fieldForbidden(path.child('sessionAffinityConfig'), 'must not be set when session affinity is None'),
    );
  errs.push(...validateServiceClusterIPs(spec));
  strs(spec['externalIPs']).forEach((ip, i) => {
    const p = path.child('externalIPs').index(i);
    const bad = isValidIP(p, ip);
    errs.push(...(bad.length ? bad : validateNonSpecialIP(ip, p)));
  });
  if (!type) errs.push(fieldRequired(path.child('type')));
  else if (!serviceTypes.includes(type)) errs.push(fieldNotSupported(path.child('type'), type, serviceTypes));
  if (type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (num(p['nodePort']) !== 0)
        errs.push(
          fieldForbidden(
            path.child('ports').index(i).child('nodePort'),
            "may not be used when `type` is 'ClusterIP'",
          ),
        );
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const nodePort = num(p['nodePort']);
    if (nodePort === 0) return;
    const key = `${str(p['protocol'])}/${nodePort}`;
    if (nodePorts.has(key))
      errs.push(fieldDuplicate(path.child('ports').index(i).child('nodePort'), nodePort));
    nodePorts.add(key);
  });
  const keys = new Set<string>();
  ports.forEach((p, i) => {
    const key = portKey(str(p['protocol']), num(p['port']));
    if (keys.has(key)) errs.push(fieldDuplicate(path.child('ports').index(i), goRepr(key)));
    keys.add(key);
  });
  const ranges = strs(spec['loadBalancerSourceRanges']);
  if (ranges.length > 0) {
    const p = path.child('LoadBalancerSourceRanges');
    if (type !== 'LoadBalancer')
      errs.push(fieldForbidden(p, "may only be used when `type` is 'LoadBalancer'"));
    ranges.forEach((r, i) => errs.push(...isValidCIDR(p.index(i), r.trim())));
  } else if ('service.beta.kubernetes.io/load-balancer-source-ranges' in annotations) {
    const p = fieldPath('metadata', 'annotations').key(
      'service.beta.kubernetes.io/load-balancer-source-ranges',
    );
    if (type !== 'LoadBalancer')
      errs.push(fieldForbidden(p, "may only be used when `type` is 'LoadBalancer'"));
    const val = (annotations['service.beta.kubernetes.io/load-balancer-source-ranges'] ?? '').trim();
    if (val) for (const r of val.split(',')) errs.push(...isValidCIDR(p, r.trim()));
  }
  const allocate = optBool(spec['allocateLoadBalancerNodePorts']);
  if (allocate !== undefined && type !== 'LoadBalancer') {
    errs.push(
      fieldForbidden(
        path.child('allocateLoadBalancerNodePorts'),
        "may only be used when `type` is 'LoadBalancer'",
      ),
    );
  }
  if (type === 'LoadBalancer' && allocate === undefined)
    errs.push(fieldRequired(fieldPath('allocateLoadBalancerNodePorts')));
  errs.push(...validateLoadBalancerClass(spec));
  errs.push(...validateTrafficPolicies(spec, path));
  return errs;
}

function validateClientIPAffinity(config: Json | undefined, path: FieldPath): FieldError[] {
  const when = 'when session affinity type is ClientIP';
  if (!config) return [fieldRequired(path, when)];
  const clientIP = obj(config['clientIP']);
  if (!clientIP) return [fieldRequired(path.child('clientIP'), when)];
  const timeout = optNum(clientIP['timeoutSeconds']);
  const tp = path.child('clientIP', 'timeoutSeconds');
  if (timeout === undefined) return [fieldRequired(tp, when)];
  return timeout <= 0 || timeout > 86400
    ? [fieldInvalid(tp, timeout, 'must be greater than 0 and less than 86400')]
    : [];
}

/** A Service on create. */
export function validateService(service: Json): FieldError[] {
  return validateServiceSpec({
    ...service,
    spec: normalizeClusterIPs(obj(service['spec']) ?? {}, undefined),
  });
}

function needsHealthCheck(spec: Json): boolean {
  return str(spec['type']) === 'LoadBalancer' && str(spec['externalTrafficPolicy']) === 'Local';
}

/** Upstream's ValidateServiceUpdate (without metadata): allocated addresses and classes stay put. */
export function validateServiceUpdate(service: Json, old: Json): FieldError[] {
  const oldSpec = obj(old['spec']) ?? {};
  const spec = normalizeClusterIPs(obj(service['spec']) ?? {}, oldSpec);
  const errs = validateClusterIPUpdate(spec, oldSpec);
  const cls = optStr(spec['loadBalancerClass']);
  if (
    str(spec['type']) === 'LoadBalancer' &&
    str(oldSpec['type']) === 'LoadBalancer' &&
    cls !== optStr(oldSpec['loadBalancerClass'])
  ) {
    errs.push(fieldInvalid(fieldPath('spec', 'loadBalancerClass'), cls ?? null, 'may not change once set'));
  }
  if (
    needsHealthCheck(oldSpec) &&
    needsHealthCheck(spec) &&
    num(spec['healthCheckNodePort']) !== num(oldSpec['healthCheckNodePort'])
  ) {
    errs.push(fieldForbidden(fieldPath('spec', 'healthCheckNodePort'), 'field is immutable'));
  }
  return [...errs, ...validateServiceSpec({ ...service, spec })];
}
