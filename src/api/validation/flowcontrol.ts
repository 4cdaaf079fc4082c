// flowcontrol.apiserver.k8s.io/v1 FlowSchemas (upstream's ValidateFlowSchema, Kubernetes 1.32):
// precedence range, the referenced priority level's name, subjects as a tagged union, resource
// and non-resource rules with '*' only on its own, and the mandatory schemas held to their fixed
// spec. Priority levels are in flowcontrol-priority-level.ts; conditions in flowcontrol-status.ts.

import { mandatoryFlowSchemas } from '../flowcontrol/mandatory-configuration.js';
import { specsEqual } from '../flowcontrol/spec-equal.js';
import {
  type FieldError,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  goRepr,
} from './field-error.js';
import { type FieldPath, fieldPath } from './field-path.js';
import { validateConditions } from './flowcontrol-status.js';
import { goQuote } from './go-quote.js';
import { type Json, num, obj, objs, str, strs } from './json-access.js';
import { isDNS1123Label, isDNS1123Subdomain } from './label-validation.js';

/** The largest matchingPrecedence a FlowSchema may have. */
export const maxMatchingPrecedence = 10000;

// Sorted, as upstream's sets.String.List() reports them.
const supportedVerbs = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'proxy',
  'update',
  'watch',
];
const supportedSubjectKinds = ['Group', 'ServiceAccount', 'User'];
const supportedDistinguisherMethods = ['ByNamespace', 'ByUser'];
const namespaceErrorIntro = "each member of this list must be '*' or a DNS-1123 label; ";

/** Upstream's ValidateFlowSchema (metadata aside). */
export function validateFlowSchema(fs: Json): FieldError[] {
  const name = str(obj(fs['metadata'])?.['name']);
  const spec = obj(fs['spec']) ?? {};
  const specPath = fieldPath('spec');
  const errs = validateFlowSchemaSpec(name, spec, specPath);
  const mandatory = mandatoryFlowSchemas.find((m) => m.metadata?.name === name);
  if (mandatory && !specsEqual(spec, mandatory.spec)) {
    // Upstream prints the Go struct (%#v, with pointer addresses); the JSON says the same.
    errs.push(fieldInvalid(specPath, spec, `spec of '${name}' must equal the fixed value`));
  }
  errs.push(...validateConditions(obj(fs['status']), fieldPath('status')));
  return errs;
}

/** Upstream's ValidateFlowSchemaStatusUpdate: a status write checks only the conditions. */
export function validateFlowSchemaStatusUpdate(fs: Json): FieldError[] {
  return validateConditions(obj(fs['status']), fieldPath('status'));
}

function validateFlowSchemaSpec(name: string, spec: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const precedence = num(spec['matchingPrecedence']);
  const precedencePath = path.child('matchingPrecedence');
  if (precedence <= 0) errs.push(fieldInvalid(precedencePath, precedence, 'must be a positive value'));
  if (precedence > maxMatchingPrecedence)
    errs.push(fieldInvalid(precedencePath, precedence, `must not be greater than ${maxMatchingPrecedence}`));
  if (precedence === 1 && name !== 'exempt')
    errs.push(
      fieldInvalid(
        precedencePath,
        precedence,
        "only the schema named 'exempt' may have matchingPrecedence 1",
      ),
    );
  const method = obj(spec['distinguisherMethod']);
  if (method && !supportedDistinguisherMethods.includes(str(method['type']))) {
    // Upstream reports the whole (dereferenced) struct, in Go syntax.
    const shown = goRepr(`flowcontrol.FlowDistinguisherMethod{Type:${goQuote(str(method['type']))}}`);
    errs.push(
      fieldNotSupported(path.child('distinguisherMethod', 'type'), shown, supportedDistinguisherMethods),
    );
  }
  const levelPath = path.child('priorityLevelConfiguration', 'name');
  const level = str(obj(spec['priorityLevelConfiguration'])?.['name']);
  if (level === '') errs.push(fieldRequired(levelPath, 'must reference a priority level'));
  else for (const msg of isDNS1123Subdomain(level)) errs.push(fieldInvalid(levelPath, level, msg));
  objs(spec['rules']).forEach((rule, i) => errs.push(...validateRule(rule, path.child('rules').index(i))));
  return errs;
}

function validateRule(rule: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const subjects = objs(rule['subjects']);
  if (subjects.length === 0)
    errs.push(fieldRequired(path.child('subjects'), 'subjects must contain at least one value'));
  subjects.forEach((s, i) => errs.push(...validateSubject(s, path.child('subjects').index(i))));
  const resourceRules = objs(rule['resourceRules']);
  const nonResourceRules = objs(rule['nonResourceRules']);
  if (resourceRules.length === 0 && nonResourceRules.length === 0)
    errs.push(fieldRequired(path, 'at least one of resourceRules and nonResourceRules has to be non-empty'));
  resourceRules.forEach((r, i) =>
    errs.push(...validateResourceRule(r, path.child('resourceRules').index(i))),
  );
  nonResourceRules.forEach((r, i) =>
    errs.push(...validateNonResourceRule(r, path.child('nonResourceRules').index(i))),
  );
  return errs;
}

const subjectMembers = [
  { kind: 'ServiceAccount', member: 'serviceAccount' },
  { kind: 'User', member: 'user' },
  { kind: 'Group', member: 'group' },
] as const;

// A tagged union: the member the kind names is required, the other two are forbidden (reported
// after the chosen member, in upstream's order).
function validateSubject(subject: Json, path: FieldPath): FieldError[] {
  const kind = str(subject['kind']);
  const chosen = subjectMembers.find((m) => m.kind === kind);
  if (!chosen) return [fieldNotSupported(path.child('kind'), kind, supportedSubjectKinds)];
  const errs: FieldError[] = [];
  const value = obj(subject[chosen.member]);
  const chosenPath = path.child(chosen.member);
  if (!value)
    errs.push(fieldRequired(chosenPath, `${chosen.member} is required when subject kind is '${kind}'`));
  else errs.push(...validateSubjectMember(kind, value, chosenPath));
  for (const { kind: other, member } of subjectMembers) {
    if (other !== kind && obj(subject[member]))
      errs.push(
        fieldForbidden(path.child(member), `${member} is forbidden when subject kind is not '${other}'`),
      );
  }
  return errs;
}

function validateSubjectMember(kind: string, member: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(member['name']);
  if (name === '') errs.push(fieldRequired(path.child('name')));
  else if (kind === 'ServiceAccount' && name !== '*')
    for (const msg of isDNS1123Subdomain(name)) errs.push(fieldInvalid(path.child('name'), name, msg));
  if (kind !== 'ServiceAccount') return errs;
  const namespace = str(member['namespace']);
  if (namespace === '')
    errs.push(fieldRequired(path.child('namespace'), 'must specify namespace for service account'));
  else
    for (const msg of isDNS1123Label(namespace))
      errs.push(fieldInvalid(path.child('namespace'), namespace, msg));
  return errs;
}

// '*' must stand alone; `what` names the list in upstream's message ("api groups").
function wildcardAlone(list: string[], path: FieldPath, what: string): FieldError[] {
  return list.length > 1 && list.includes('*')
    ? [fieldInvalid(path, list, `if '*' is present, must not specify other ${what}`)]
    : [];
}

function validateVerbs(verbs: string[], path: FieldPath): FieldError[] {
  if (verbs.length === 0) return [fieldRequired(path, 'verbs must contain at least one value')];
  if (verbs.includes('*')) return wildcardAlone(verbs, path, 'verbs');
  return verbs.every((v) => supportedVerbs.includes(v))
    ? []
    : [fieldNotSupported(path, verbs, supportedVerbs)];
}

function validateResourceRule(rule: Json, path: FieldPath): FieldError[] {
  const errs = validateVerbs(strs(rule['verbs']), path.child('verbs'));
  const groups = strs(rule['apiGroups']);
  if (groups.length === 0)
    errs.push(fieldRequired(path.child('apiGroups'), 'resource rules must supply at least one api group'));
  else errs.push(...wildcardAlone(groups, path.child('apiGroups'), 'api groups'));
  const resources = strs(rule['resources']);
  if (resources.length === 0)
    errs.push(fieldRequired(path.child('resources'), 'resource rules must supply at least one resource'));
  else errs.push(...wildcardAlone(resources, path.child('resources'), 'resources'));
  const namespaces = strs(rule['namespaces']);
  const nsPath = path.child('namespaces');
  if (namespaces.length === 0 && rule['clusterScope'] !== true) {
    errs.push(
      fieldRequired(nsPath, 'resource rules that are not cluster scoped must supply at least one namespace'),
    );
  } else if (namespaces.includes('*')) {
    errs.push(...wildcardAlone(namespaces, nsPath, 'namespaces'));
  } else {
    namespaces.forEach((ns, i) => {
      for (const msg of isDNS1123Label(ns))
        errs.push(fieldInvalid(nsPath.index(i), ns, namespaceErrorIntro + msg));
    });
  }
  return errs;
}

function validateNonResourceRule(rule: Json, path: FieldPath): FieldError[] {
  const errs = validateVerbs(strs(rule['verbs']), path.child('verbs'));
  const urls = strs(rule['nonResourceURLs']);
  const urlsPath = path.child('nonResourceURLs');
  if (urls.length === 0)
    errs.push(fieldRequired(urlsPath, 'nonResourceURLs must contain at least one value'));
  else if (urls.includes('*')) errs.push(...wildcardAlone(urls, urlsPath, 'non-resource URLs'));
  else
    urls.forEach((url, i) => {
      const problem = nonResourceUrlProblem(url);
      if (problem !== undefined) errs.push(fieldInvalid(urlsPath.index(i), url, problem));
    });
  return errs;
}

// Upstream's ValidateNonResourceURLPath: absolute, no blanks or empty segments, and a wildcard
// only as a whole last segment (it matches everything below).
function nonResourceUrlProblem(url: string): string | undefined {
  if (url === '') return 'must not be empty';
  if (url === '/') return undefined;
  if (!url.startsWith('/')) return 'must start with slash';
  if (url.includes(' ')) return 'must not contain white-space';
  if (url.includes('//')) return 'must not contain double slash';
  const wildcards = url.split('*').length - 1;
  if (wildcards > 1 || (wildcards === 1 && !url.endsWith('/*')))
    return 'wildcard can only do suffix matching';
  return undefined;
}
