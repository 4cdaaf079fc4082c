// discovery.k8s.io/v1 EndpointSlices (upstream's ValidateEndpointSlice): address type, endpoints
// with addresses of that type, hints, and named ports.

import {
  type FieldError,
  fieldDuplicate,
  fieldInternalError,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  fieldTooMany,
} from './field-error.js';
import { fieldPath } from './field-path.js';
import { validateDNS1123Label, validateLabelsMap, validateQualifiedName } from './common-fields.js';
import { isValidIPv4Address, isValidIPv6Address, validateNonSpecialIP } from './ip-address.js';
import { type Json, obj, objs, optStr, str, strMap, strs } from './json-access.js';
import { isDNS1123Subdomain, isValidLabelValue } from './label-validation.js';
import { isFullyQualifiedDomainName } from './string-formats.js';

function validateEndpoints(endpoints: readonly Json[], addressType: string): FieldError[] {
  const path = fieldPath('endpoints');
  if (endpoints.length > 1000) return [fieldTooMany(path, endpoints.length, 1000)];
  const errs: FieldError[] = [];
  endpoints.forEach((ep, i) => {
    const p = path.index(i);
    const ap = p.child('addresses');
    const addresses = strs(ep['addresses']);
    if (addresses.length === 0) errs.push(fieldRequired(ap, 'must contain at least 1 address'));
    else if (addresses.length > 100) errs.push(fieldTooMany(ap, addresses.length, 100));
    addresses.forEach((a, j) => {
      if (addressType === 'FQDN') {
        errs.push(...isFullyQualifiedDomainName(ap.index(j), a));
        return;
      }
      const check =
        addressType === 'IPv4' ? isValidIPv4Address : addressType === 'IPv6' ? isValidIPv6Address : undefined;
      if (!check) return;
      const bad = check(ap.index(j), a);
      errs.push(...(bad.length ? bad : validateNonSpecialIP(a, ap.index(j))));
    });
    const nodeName = optStr(ep['nodeName']);
    if (nodeName !== undefined)
      for (const msg of isDNS1123Subdomain(nodeName))
        errs.push(fieldInvalid(p.child('nodeName'), nodeName, msg));
    const topology = strMap(ep['deprecatedTopology']);
    const tp = p.child('deprecatedTopology');
    if (Object.keys(topology ?? {}).length > 16)
      errs.push(fieldTooMany(tp, Object.keys(topology ?? {}).length, 16));
    errs.push(...validateLabelsMap(topology, tp));
    if (topology && 'topology.kubernetes.io/zone' in topology) {
      errs.push(
        fieldInternalError(
          tp.key('topology.kubernetes.io/zone'),
          'reserved key was not removed in conversion',
        ),
      );
    }
    const hostname = optStr(ep['hostname']);
    if (hostname !== undefined) errs.push(...validateDNS1123Label(hostname, p.child('hostname')));
    const hints = obj(ep['hints']);
    if (hints) {
      const zones = objs(hints['forZones']);
      const zp = p.child('hints', 'forZones');
      if (zones.length > 8) errs.push(fieldTooMany(zp, zones.length, 8));
      else {
        const seen = new Set<string>();
        zones.forEach((z, j) => {
          const name = str(z['name']);
          if (seen.has(name)) errs.push(fieldDuplicate(zp.index(j).child('name'), name));
          seen.add(name);
          for (const msg of isValidLabelValue(name))
            errs.push(fieldInvalid(zp.index(j).child('name'), name, msg));
        });
      }
    }
  });
  return errs;
}

function validatePorts(ports: readonly Json[]): FieldError[] {
  const path = fieldPath('ports');
  if (ports.length > 20000) return [fieldTooMany(path, ports.length, 20000)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = path.index(i);
    const name = str(port['name']);
    if (name) errs.push(...validateDNS1123Label(name, p.child('name')));
    if (names.has(name)) errs.push(fieldDuplicate(p.child('name'), name));
    names.add(name);
    const protocol = optStr(port['protocol']);
    if (protocol === undefined) errs.push(fieldRequired(p.child('protocol')));
    else if (!['SCTP', 'TCP', 'UDP'].includes(protocol))
      errs.push(fieldNotSupported(p.child('protocol'), protocol, ['SCTP', 'TCP', 'UDP']));
    const appProtocol = optStr(port['appProtocol']);
    if (appProtocol !== undefined) errs.push(...validateQualifiedName(appProtocol, p.child('appProtocol')));
  });
  return errs;
}

function validateSlice(slice: Json, addressTypes: readonly string[]): FieldError[] {
  const type = str(slice['addressType']);
  const errs: FieldError[] = [];
  if (!type) errs.push(fieldRequired(fieldPath('addressType')));
  else if (!addressTypes.includes(type))
    errs.push(fieldNotSupported(fieldPath('addressType'), type, addressTypes));
  return [
    ...errs,
    ...validateEndpoints(objs(slice['endpoints']), type),
    ...validatePorts(objs(slice['ports'])),
  ];
}

/** Upstream's ValidateEndpointSliceCreate (metadata aside): FQDN slices are deprecated for new objects. */
export function validateEndpointSlice(slice: Json): FieldError[] {
  return validateSlice(slice, ['IPv4', 'IPv6']);
}

/** Upstream's ValidateEndpointSliceUpdate (metadata aside): the address type may not change. */
export function validateEndpointSliceUpdate(slice: Json, old: Json): FieldError[] {
  const errs = validateSlice(slice, ['FQDN', 'IPv4', 'IPv6']);
  if (str(slice['addressType']) !== str(old['addressType'])) {
    errs.push(fieldInvalid(fieldPath('addressType'), str(slice['addressType']), 'field is immutable'));
  }
  return errs;
}
