// admissionregistration.k8s.io/v1 webhook configurations (upstream's
// ValidateValidatingWebhookConfiguration / ValidateMutatingWebhookConfiguration and their Update
// variants): fully qualified, unique webhook names, rules, policies, selectors, client config and
// admission review versions. Match-condition expressions are checked for presence only: CEL is not
// compiled here.

import { validateQualifiedName } from './common-fields.js';
import {
  type FieldError,
  fieldDuplicate,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  fieldTooMany,
} from './field-error.js';
import { type FieldPath, fieldPath } from './field-path.js';
import { type Json, isSet, obj, objs, optNum, optStr, str, strs } from './json-access.js';
import { isDNS1035Label, isDNS1123Subdomain } from './label-validation.js';
import { validateLabelSelector } from './label-selector.js';
import { validateWebhookService, validateWebhookUrl } from './webhook-client-config.js';
import { validateRuleWithOperations } from './webhook-rules.js';

/** The AdmissionReview versions this apiserver speaks, in upstream's order. */
export const acceptedAdmissionReviewVersions: readonly string[] = ['v1', 'v1beta1'];

const failurePolicies = ['Fail', 'Ignore'];
const matchPolicies = ['Equivalent', 'Exact'];
const allSideEffectClasses = ['None', 'NoneOnDryRun', 'Some', 'Unknown'];
const noSideEffectClasses = ['None', 'NoneOnDryRun'];
const reinvocationPolicies = ['IfNeeded', 'Never'];

/** Upstream's validationOptions: stricter on create, as strict as the stored object on update. */
interface Options {
  readonly requireNoSideEffects: boolean;
  readonly requireRecognizedAdmissionReviewVersion: boolean;
  readonly requireUniqueWebhookNames: boolean;
  readonly allowInvalidLabelValueInSelector: boolean;
  readonly ignoreMatchConditions: boolean;
}

const createOptions: Options = {
  requireNoSideEffects: true,
  requireRecognizedAdmissionReviewVersion: true,
  requireUniqueWebhookNames: true,
  allowInvalidLabelValueInSelector: false,
  ignoreMatchConditions: false,
};

/** Upstream's IsFullyQualifiedName: a DNS subdomain of at least three segments. */
function validateFullyQualifiedName(path: FieldPath, name: string): FieldError[] {
  if (name === '') return [fieldRequired(path)];
  const errs = isDNS1123Subdomain(name);
  if (errs.length > 0) return [fieldInvalid(path, name, errs.join(','))];
  if (name.split('.').length < 3) {
    return [fieldInvalid(path, name, 'should be a domain with at least three segments separated by dots')];
  }
  return [];
}

function validateAdmissionReviewVersions(versions: unknown, requireRecognized: boolean, path: FieldPath) {
  const list = strs(versions);
  if (list.length === 0) {
    return [fieldRequired(path, `must specify one of ${acceptedAdmissionReviewVersions.join(', ')}`)];
  }
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  list.forEach((v, i) => {
    if (seen.has(v)) {
      errs.push(fieldInvalid(path.index(i), v, 'duplicate version'));
      return;
    }
    seen.add(v);
    for (const msg of isDNS1035Label(v)) errs.push(fieldInvalid(path.index(i), v, msg));
  });
  if (requireRecognized && !list.some((v) => acceptedAdmissionReviewVersions.includes(v))) {
    errs.push(
      fieldInvalid(path, list, `must include at least one of ${acceptedAdmissionReviewVersions.join(', ')}`),
    );
  }
  return errs;
}

function validateMatchConditions(conditions: unknown, path: FieldPath): FieldError[] {
  const list = objs(conditions);
  const errs: FieldError[] = [];
  if (list.length > 64) errs.push(fieldTooMany(path, list.length, 64));
  const names = new Set<string>();
  list.forEach((c, i) => {
    if (str(c['expression']).trim() === '') errs.push(fieldRequired(path.index(i).child('expression')));
    const name = str(c['name']);
    if (name === '') errs.push(fieldRequired(path.index(i).child('name')));
    else errs.push(...validateQualifiedName(name, path.index(i).child('name')));
    if (name !== '') {
      if (names.has(name)) errs.push(fieldDuplicate(path.index(i).child('name'), name));
      else names.add(name);
    }
  });
  return errs;
}

function validateClientConfig(config: Json | undefined, path: FieldPath): FieldError[] {
  const url = optStr(config?.['url']);
  const service = obj(config?.['service']);
  if ((url === undefined) === (service === undefined)) {
    return [fieldRequired(path, 'exactly one of url or service is required')];
  }
  if (url !== undefined) return validateWebhookUrl(path.child('url'), url, true);
  return validateWebhookService(path.child('service'), {
    namespace: str(service?.['namespace']),
    name: str(service?.['name']),
    path: optStr(service?.['path']),
    port: optNum(service?.['port']) ?? 443,
  });
}

function validateWebhook(hook: Json, mutating: boolean, opts: Options, path: FieldPath): FieldError[] {
  const errs = validateFullyQualifiedName(path.child('name'), str(hook['name']));
  objs(hook['rules']).forEach((rule, i) => {
    errs.push(...validateRuleWithOperations(rule, path.child('rules').index(i)));
  });
  if (isSet(hook['failurePolicy']) && !failurePolicies.includes(str(hook['failurePolicy']))) {
    errs.push(fieldNotSupported(path.child('failurePolicy'), str(hook['failurePolicy']), failurePolicies));
  }
  if (isSet(hook['matchPolicy']) && !matchPolicies.includes(str(hook['matchPolicy']))) {
    errs.push(fieldNotSupported(path.child('matchPolicy'), str(hook['matchPolicy']), matchPolicies));
  }
  const allowedSideEffects = opts.requireNoSideEffects ? noSideEffectClasses : allSideEffectClasses;
  if (!isSet(hook['sideEffects'])) {
    errs.push(
      fieldRequired(path.child('sideEffects'), `must specify one of ${allowedSideEffects.join(', ')}`),
    );
  } else if (!allowedSideEffects.includes(str(hook['sideEffects']))) {
    errs.push(fieldNotSupported(path.child('sideEffects'), str(hook['sideEffects']), allowedSideEffects));
  }
  const timeout = optNum(hook['timeoutSeconds']);
  if (timeout !== undefined && (timeout > 30 || timeout < 1)) {
    errs.push(
      fieldInvalid(
        path.child('timeoutSeconds'),
        timeout,
        'the timeout value must be between 1 and 30 seconds',
      ),
    );
  }
  for (const selector of ['namespaceSelector', 'objectSelector']) {
    errs.push(
      ...validateLabelSelector(hook[selector], path.child(selector), opts.allowInvalidLabelValueInSelector),
    );
  }
  if (mutating && isSet(hook['reinvocationPolicy'])) {
    const policy = str(hook['reinvocationPolicy']);
    if (!reinvocationPolicies.includes(policy)) {
      errs.push(fieldNotSupported(path.child('reinvocationPolicy'), policy, reinvocationPolicies));
    }
  }
  errs.push(...validateClientConfig(obj(hook['clientConfig']), path.child('clientConfig')));
  if (!opts.ignoreMatchConditions) {
    errs.push(...validateMatchConditions(hook['matchConditions'], path.child('matchConditions')));
  }
  return errs;
}

function validateConfiguration(config: Json, mutating: boolean, opts: Options): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  objs(config['webhooks']).forEach((hook, i) => {
    const path = fieldPath('webhooks').index(i);
    errs.push(...validateWebhook(hook, mutating, opts, path));
    errs.push(
      ...validateAdmissionReviewVersions(
        hook['admissionReviewVersions'],
        opts.requireRecognizedAdmissionReviewVersion,
        path.child('admissionReviewVersions'),
      ),
    );
    const name = str(hook['name']);
    if (opts.requireUniqueWebhookNames && name !== '') {
      if (names.has(name)) errs.push(fieldDuplicate(path.child('name'), name));
      else names.add(name);
    }
  });
  return errs;
}

/**
 * Upstream's update options: a stored configuration that upstream once accepted with looser rules
 * (side effects, unknown review versions, duplicate names, odd selector values) may keep them.
 */
function updateOptions(config: Json, old: Json): Options {
  const hooks = objs(old['webhooks']);
  const selectorsInvalid = hooks.some((h) =>
    ['namespaceSelector', 'objectSelector'].some(
      (s) => validateLabelSelector(h[s], fieldPath(s), false).length > 0,
    ),
  );
  const names = hooks.map((h) => str(h['name']));
  const sameConditions =
    objs(config['webhooks']).length === hooks.length &&
    objs(config['webhooks']).every(
      (h, i) =>
        JSON.stringify(h['matchConditions'] ?? null) ===
        JSON.stringify(hooks[i]?.['matchConditions'] ?? null),
    );
  return {
    requireNoSideEffects: hooks.every((h) => noSideEffectClasses.includes(str(h['sideEffects']))),
    requireRecognizedAdmissionReviewVersion: hooks.every((h) => {
      const versions = strs(h['admissionReviewVersions']);
      return versions.length === 0 || versions.some((v) => acceptedAdmissionReviewVersions.includes(v));
    }),
    requireUniqueWebhookNames: new Set(names).size === names.length,
    allowInvalidLabelValueInSelector: selectorsInvalid,
    ignoreMatchConditions: sameConditions,
  };
}

/** Upstream's ValidateValidatingWebhookConfiguration (metadata aside). */
export function validateValidatingWebhookConfiguration(config: Json): FieldError[] {
  return validateConfiguration(config, false, createOptions);
}

/** Upstream's ValidateValidatingWebhookConfigurationUpdate (metadata aside). */
export function validateValidatingWebhookConfigurationUpdate(config: Json, old: Json): FieldError[] {
  return validateConfiguration(config, false, updateOptions(config, old));
}

/** Upstream's ValidateMutatingWebhookConfiguration (metadata aside). */
export function validateMutatingWebhookConfiguration(config: Json): FieldError[] {
  return validateConfiguration(config, true, createOptions);
}

/** Upstream's ValidateMutatingWebhookConfigurationUpdate (metadata aside). */
export function validateMutatingWebhookConfigurationUpdate(config: Json, old: Json): FieldError[] {
  return validateConfiguration(config, true, updateOptions(config, old));
}
