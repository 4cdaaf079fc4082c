// A Job's pod failure policy, success policy and pod replacement policy (upstream's batch
// validation helpers).

import {
  type FieldError,
  fieldDuplicate,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  fieldTooLong,
  fieldTooMany,
  goRepr,
} from './field-error.js';
import type { FieldPath } from './field-path.js';
import { fieldInvalidOmitted, validateNonnegativeField, validateQualifiedName } from './common-fields.js';
import { arr, type Json, num, obj, objs, optNum, optStr, str } from './json-access.js';

const actions = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const statuses = ['False', 'True', 'Unknown'];

function validateOnExitCodes(req: Json, containers: ReadonlySet<string>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const op = str(req['operator']);
  if (op === '') errs.push(fieldRequired(path.child('operator'), 'valid values: ["In" "NotIn"]'));
  else if (op !== 'In' && op !== 'NotIn')
    errs.push(fieldNotSupported(path.child('operator'), op, ['In', 'NotIn']));
  const container = optStr(req['containerName']);
  if (container !== undefined && !containers.has(container)) {
    errs.push(
      fieldInvalid(
        path.child('containerName'),
        container,
        'must be one of the container or initContainer names in the pod template',
      ),
    );
  }
  const values = arr(req['values']).map((v) => num(v));
  const vp = path.child('values');
  const shown = goRepr(`[]int32{${values.join(', ')}}`);
  if (values.length === 0) errs.push(fieldInvalid(vp, shown, 'at least one value is required'));
  else if (values.length > 255) errs.push(fieldTooMany(vp, values.length, 255));
  let ordered = true;
  const seen = new Set<number>();
  values.forEach((v, j) => {
    if (op === 'In' && v === 0) errs.push(fieldInvalid(vp.index(j), v, 'must not be 0 for the In operator'));
    if (seen.has(v)) errs.push(fieldDuplicate(vp.index(j), v));
    else seen.add(v);
    if (j > 0 && (values[j - 1] ?? 0) > v) ordered = false;
  });
  if (!ordered) errs.push(fieldInvalid(vp, shown, 'must be ordered'));
  return errs;
}

function validatePodFailurePolicy(spec: Json, policy: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const rules = objs(policy['rules']);
  const rulesPath = path.child('rules');
  if (rules.length > 20) errs.push(fieldTooMany(rulesPath, rules.length, 20));
  const tspec = obj(obj(spec['template'])?.['spec']) ?? {};
  const containers = new Set(
    [...objs(tspec['containers']), ...objs(tspec['initContainers'])].map((c) => str(c['name'])),
  );
  rules.forEach((rule, i) => {
    const rp = rulesPath.index(i);
    const action = str(rule['action']);
    if (action === '')
      errs.push(fieldRequired(rp.child('action'), 'valid values: ["Count" "FailIndex" "FailJob" "Ignore"]'));
    else if (action === 'FailIndex') {
      if (spec['backoffLimitPerIndex'] == null)
        errs.push(fieldInvalid(rp.child('action'), action, 'requires the backoffLimitPerIndex to be set'));
    } else if (!actions.includes(action)) errs.push(fieldNotSupported(rp.child('action'), action, actions));
    const exitCodes = obj(rule['onExitCodes']);
    if (exitCodes) errs.push(...validateOnExitCodes(exitCodes, containers, rp.child('onExitCodes')));
    const conditions = objs(rule['onPodConditions']);
    if (conditions.length > 0) {
      const cp = rp.child('onPodConditions');
      if (conditions.length > 20) errs.push(fieldTooMany(cp, conditions.length, 20));
      conditions.forEach((c, j) => {
        errs.push(...validateQualifiedName(str(c['type']), cp.index(j).child('type')));
        const status = str(c['status']);
        if (status === '')
          errs.push(fieldRequired(cp.index(j).child('status'), 'valid values: ["False" "True" "Unknown"]'));
        else if (!statuses.includes(status))
          errs.push(fieldNotSupported(cp.index(j).child('status'), status, statuses));
      });
    }
    if (exitCodes && conditions.length > 0)
      errs.push(fieldInvalidOmitted(rp, 'specifying both OnExitCodes and OnPodConditions is not supported'));
    if (!exitCodes && conditions.length === 0)
      errs.push(fieldInvalidOmitted(rp, 'specifying one of OnExitCodes and OnPodConditions is required'));
  });
  return errs;
}

// Upstream's parseIndexInterval / validateIndexesFormat for succeededIndexes.
function indexesError(text: string, completions: number): { total: number; error?: string } {
  if (text === '') return { total: 0 };
  let last: number | undefined;
  let total = 0;
  for (const interval of text.split(',')) {
    const parts = interval.split('-');
    if (parts.length > 2) {
      return {
        total: 0,
        error: `the fragment "${interval}" violates the requirement that an index interval can have at most two parts separated by '-'`,
      };
    }
    const bounds: number[] = [];
    for (const p of parts) {
      if (!/^[+-]?[0-9]+$/.test(p))
        return { total: 0, error: `cannot convert string to integer for index: "${p}"` };
      const n = Number(p);
      if (n >= completions) return { total: 0, error: `too large index: "${p}"` };
      bounds.push(n);
    }
    const [x = 0, y = x] = bounds;
    if (bounds.length === 2 && x >= y)
      return { total: 0, error: `non-increasing order, previous: ${x}, current: ${y}` };
    if (last !== undefined && last >= x)
      return { total: 0, error: `non-increasing order, previous: ${last}, current: ${x}` };
    total += y - x + 1;
    last = y;
  }
  return { total };
}

function validateSuccessPolicy(spec: Json, policy: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const rules = objs(policy['rules']);
  const rulesPath = path.child('rules');
  if (rules.length === 0)
    errs.push(
      fieldRequired(rulesPath, 'at least one rules must be specified when the successPolicy is specified'),
    );
  if (rules.length > 20) errs.push(fieldTooMany(rulesPath, rules.length, 20));
  const completions = num(spec['completions']);
  rules.forEach((rule, i) => {
    const rp = rulesPath.index(i);
    const indexes = optStr(rule['succeededIndexes']);
    const count = optNum(rule['succeededCount']);
    if (indexes === undefined && count === undefined)
      errs.push(fieldRequired(rp, 'at least one of succeededCount or succeededIndexes must be specified'));
    let total = 0;
    if (indexes !== undefined) {
      if (indexes.length > 65536) errs.push(fieldTooLong(rp.child('succeededIndexes'), 65536));
      const parsed = indexesError(indexes, completions);
      total = parsed.total;
      if (parsed.error)
        errs.push(
          fieldInvalid(
            rp.child('succeededIndexes'),
            indexes,
            `error parsing succeededIndexes: ${parsed.error}`,
          ),
        );
    }
    if (count !== undefined) {
      const cp = rp.child('succeededCount');
      errs.push(...validateNonnegativeField(count, cp));
      if (count > completions)
        errs.push(
          fieldInvalid(
            cp,
            count,
            `must be less than or equal to ${completions} (the number of specified completions)`,
          ),
        );
      if (indexes !== undefined && count > total) {
        errs.push(
          fieldInvalid(
            cp,
            count,
            `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`,
          ),
        );
      }
    }
  });
  return errs;
}

/** The policy fields of a JobSpec, in upstream's order. */
export function validateJobPolicies(spec: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const failurePolicy = obj(spec['podFailurePolicy']);
  if (failurePolicy)
    errs.push(...validatePodFailurePolicy(spec, failurePolicy, path.child('podFailurePolicy')));
  const successPolicy = obj(spec['successPolicy']);
  if (successPolicy) {
    if (str(spec['completionMode']) !== 'Indexed')
      errs.push(fieldInvalid(path.child('successPolicy'), successPolicy, 'requires indexed completion mode'));
    else errs.push(...validateSuccessPolicy(spec, successPolicy, path.child('successPolicy')));
  }
  const replacement = optStr(spec['podReplacementPolicy']);
  if (replacement !== undefined) {
    const rp = path.child('podReplacementPolicy');
    if (failurePolicy) {
      if (replacement !== 'Failed') errs.push(fieldNotSupported(rp, replacement, ['Failed']));
    } else if (replacement !== 'Failed' && replacement !== 'TerminatingOrFailed') {
      errs.push(fieldNotSupported(rp, replacement, ['Failed', 'TerminatingOrFailed']));
    }
  }
  return errs;
}
