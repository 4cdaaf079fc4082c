// Endpoints (upstream's ValidateEndpoints): every subset has addresses, addresses are valid,
// non-special IPs with optional DNS-label hostnames, ports are valid and named when several.

import { type FieldError, fieldInvalid, fieldNotSupported, fieldRequired } from './field-error.js';
import { type FieldPath, fieldPath } from './field-path.js';
import { validateDNS1123Label, validateQualifiedName } from './common-fields.js';
import { portProtocols } from './core-container-fields.js';
import { isValidIP, validateNonSpecialIP } from './ip-address.js';
import { type Json, num, objs, optStr, str } from './json-access.js';
import { isDNS1123Subdomain } from './label-validation.js';
import { isValidPortNum } from './string-formats.js';

function validateAddress(address: Json, path: FieldPath): FieldError[] {
  const ip = str(address['ip']);
  const errs = isValidIP(path.child('ip'), ip);
  const hostname = str(address['hostname']);
  if (hostname) errs.push(...validateDNS1123Label(hostname, path.child('hostname')));
  const nodeName = optStr(address['nodeName']);
  if (nodeName !== undefined)
    for (const msg of isDNS1123Subdomain(nodeName))
      errs.push(fieldInvalid(path.child('nodeName'), nodeName, msg));
  return [...errs, ...validateNonSpecialIP(ip, path.child('ip'))];
}

function validatePort(port: Json, requireName: boolean, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(port['name']);
  if (requireName && !name) errs.push(fieldRequired(path.child('name')));
  else if (name) errs.push(...validateDNS1123Label(name, path.child('name')));
  for (const msg of isValidPortNum(num(port['port'])))
    errs.push(fieldInvalid(path.child('port'), num(port['port']), msg));
  const protocol = str(port['protocol']);
  if (!protocol) errs.push(fieldRequired(path.child('protocol')));
  else if (!portProtocols.includes(protocol))
    errs.push(fieldNotSupported(path.child('protocol'), protocol, portProtocols));
  const appProtocol = optStr(port['appProtocol']);
  if (appProtocol !== undefined) errs.push(...validateQualifiedName(appProtocol, path.child('appProtocol')));
  return errs;
}

/** Upstream's ValidateEndpoints (metadata aside). */
export function validateEndpoints(endpoints: Json): FieldError[] {
  const errs: FieldError[] = [];
  objs(endpoints['subsets']).forEach((ss, i) => {
    const p = fieldPath('subsets').index(i);
    const addresses = objs(ss['addresses']);
    const notReady = objs(ss['notReadyAddresses']);
    if (addresses.length === 0 && notReady.length === 0) {
      errs.push(fieldRequired(p, 'must specify `addresses` or `notReadyAddresses`'));
    }
    addresses.forEach((a, j) => errs.push(...validateAddress(a, p.child('addresses').index(j))));
    notReady.forEach((a, j) => errs.push(...validateAddress(a, p.child('notReadyAddresses').index(j))));
    const ports = objs(ss['ports']);
    ports.forEach((port, j) => errs.push(...validatePort(port, ports.length > 1, p.child('ports').index(j))));
  });
  return errs;
}
