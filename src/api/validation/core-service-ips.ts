// The clusterIP / clusterIPs / ipFamilies / ipFamilyPolicy invariants of Services (upstream's
// ValidateServiceClusterIPsRelatedFields and the upgrade/downgrade rules of ValidateServiceUpdate),
// and upstream's NormalizeClusterIPs, which decides what a client meant before they are checked.

import {
  type FieldError,
  fieldDuplicate,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
} from './field-error.js';
import { fieldPath } from './field-path.js';
import { ipFamilyOf, isDualStack, isValidIP } from './ip-address.js';
import { goStrings } from './go-syntax.js';
import { type Json, optStr, str, strs } from './json-access.js';

const families = ['IPv4', 'IPv6'];
const policies = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];

function headless(spec: Json): boolean {
  const ips = strs(spec['clusterIPs']);
  return ips.length === 1 && ips[0] === 'None';
}

/**
 * Upstream's NormalizeClusterIPs on a copy of the spec: an old client sets only clusterIP, so
 * clusterIPs follows it (create), and on update a changed clusterIP drags an unchanged clusterIPs
 * along, so the change is reported as the upstream error on clusterIPs[0].
 */
export function normalizeClusterIPs(spec: Json, oldSpec: Json | undefined): Json {
  const out: Json = { ...spec };
  const ip = str(out['clusterIP']);
  const ips = strs(out['clusterIPs']);
  if (!oldSpec) {
    if (ip && ips.length === 0) out['clusterIPs'] = [ip];
    return out;
  }
  const oldIP = str(oldSpec['clusterIP']);
  const oldIPs = strs(oldSpec['clusterIPs']);
  if (oldIPs.length > 0 && ips.length === 0 && oldIP === ip) out['clusterIPs'] = oldIPs;
  const same = JSON.stringify(strs(out['clusterIPs'])) === JSON.stringify(oldIPs);
  if (oldIP !== ip) {
    if (oldIP && !ip) {
      if (same) delete out['clusterIPs'];
    } else if (same) {
      out['clusterIPs'] = [ip];
    }
  }
  return out;
}

/** Upstream's ValidateServiceClusterIPsRelatedFields. */
export function validateServiceClusterIPs(spec: Json): FieldError[] {
  if (str(spec['type']) === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const ipsPath = fieldPath('spec', 'clusterIPs');
  const ip = str(spec['clusterIP']);
  const ips = strs(spec['clusterIPs']);
  if (ip) {
    if (ips.length === 0) errs.push(fieldRequired(ipsPath));
    else if (ips[0] !== ip)
      errs.push(fieldInvalid(ipsPath, goStrings(spec['clusterIPs']), 'first value must match `clusterIP`'));
  } else if (ips.length > 0) {
    errs.push(
      fieldInvalid(ipsPath, goStrings(spec['clusterIPs']), 'must be empty when `clusterIP` is not specified'),
    );
  }
  const seen = new Set<string>();
  strs(spec['ipFamilies']).forEach((f, i) => {
    const p = fieldPath('spec', 'ipFamilies').index(i);
    if (!families.includes(f)) errs.push(fieldNotSupported(p, f, families));
    if (seen.has(f)) errs.push(fieldDuplicate(p, f));
    seen.add(f);
  });
  const policy = optStr(spec['ipFamilyPolicy']);
  if (policy !== undefined && !policies.includes(policy))
    errs.push(fieldNotSupported(fieldPath('spec', 'ipFamilyPolicy'), policy, policies));
  let invalid = false;
  ips.forEach((value, i) => {
    if (i === 0 && value === 'None') {
      if (ips.length > 1) {
        invalid = true;
        errs.push(fieldInvalid(ipsPath, ips, "'None' must be the first and only value"));
      }
      return;
    }
    const bad = isValidIP(ipsPath.index(i), value);
    if (bad.length) invalid = true;
    errs.push(...bad);
  });
  if (ips.length > 2) errs.push(fieldInvalid(ipsPath, ips, 'may only hold up to 2 values'));
  if (invalid) return errs;
  if (ips.length > 1 && !isDualStack(ips))
    errs.push(fieldInvalid(ipsPath, ips, 'may specify no more than one IP for each IP family'));
  const fams = strs(spec['ipFamilies']);
  if (!headless(spec) && ips.length > 0 && fams.length > 0) {
    ips.forEach((value, i) => {
      if (i > fams.length - 1) return;
      const family = ipFamilyOf(value);
      if (fams[i] === 'IPv4' && family === 6) {
        errs.push(
          fieldInvalid(
            ipsPath.index(i),
            value,
            `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
      }
      if (fams[i] === 'IPv6' && family !== 6) {
        errs.push(
          fieldInvalid(
            ipsPath.index(i),
            value,
            `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
      }
    });
  }
  return errs;
}

/** Upstream's validateUpgradeDowngradeClusterIPs and validateUpgradeDowngradeIPFamilies. */
export function validateClusterIPUpdate(spec: Json, oldSpec: Json): FieldError[] {
  if (str(spec['type']) === 'ExternalName' || str(oldSpec['type']) === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const ips = strs(spec['clusterIPs']);
  const oldIPs = strs(oldSpec['clusterIPs']);
  const ipsPath = fieldPath('spec', 'clusterIPs');
  const shownIPs = goStrings(spec['clusterIPs']);
  const shownFamilies = goStrings(spec['ipFamilies']);
  const singleStack = optStr(spec['ipFamilyPolicy']) === 'SingleStack';
  const policyValue = optStr(spec['ipFamilyPolicy']) ?? null;
  if (!(headless(oldSpec) && headless(spec))) {
    if (oldIPs.length === ips.length) {
      oldIPs.forEach((ip, i) => {
        if (ip !== ips[i]) errs.push(fieldInvalid(ipsPath.index(i), shownIPs, 'may not change once set'));
      });
    } else if (oldIPs.length > ips.length) {
      if (ips.length === 0)
        errs.push(fieldInvalid(ipsPath.index(0), shownIPs, 'primary clusterIP can not be unset'));
      if (oldIPs.length > 0 && ips.length > 0 && ips[0] !== oldIPs[0])
        errs.push(fieldInvalid(ipsPath.index(0), shownIPs, 'may not change once set'));
      if (ips.length === 1 && !singleStack) {
        errs.push(
          fieldInvalid(
            fieldPath('spec', 'ipFamilyPolicy'),
            policyValue,
            "must be set to 'SingleStack' when releasing the secondary clusterIP",
          ),
        );
      }
    } else if (oldIPs.length > 0 && ips[0] !== oldIPs[0]) {
      errs.push(fieldInvalid(ipsPath.index(0), shownIPs, 'may not change once set'));
    }
  }
  if (headless(spec) !== headless(oldSpec) || headless(spec)) return errs;
  const fams = strs(spec['ipFamilies']);
  const oldFams = strs(oldSpec['ipFamilies']);
  const famPath = fieldPath('spec', 'ipFamilies').index(0);
  if (oldFams.length === fams.length) {
    oldFams.forEach((f, i) => {
      if (f !== fams[i]) errs.push(fieldInvalid(famPath, shownFamilies, 'may not change once set'));
    });
  } else if (oldFams.length > fams.length) {
    if (ips.length === 0)
      errs.push(fieldInvalid(famPath, shownFamilies, 'primary ipFamily can not be unset'));
    if (fams.length > 0 && fams[0] !== oldFams[0])
      errs.push(fieldInvalid(famPath, shownIPs, 'may not change once set'));
    if (fams.length === 1 && !singleStack) {
      errs.push(
        fieldInvalid(
          fieldPath('spec', 'ipFamilyPolicy'),
          policyValue,
          "must be set to 'SingleStack' when releasing the secondary ipFamily",
        ),
      );
    }
  } else if (oldFams.length > 0 && fams.length > 0 && fams[0] !== oldFams[0]) {
    errs.push(fieldInvalid(famPath, shownIPs, 'may not change once set'));
  }
  return errs;
}
