// flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfigurations (upstream's
// ValidatePriorityLevelConfiguration, Kubernetes 1.32): "exempt" and only it is of type Exempt,
// exactly the member the type names is set, shares and percentages in range, queuing that
// shuffle sharding can serve, and the mandatory levels held to their fixed spec.

import { mandatoryPriorityLevels } from '../flowcontrol/mandatory-configuration.js';
import { specsEqual } from '../flowcontrol/spec-equal.js';
import {
  type FieldError,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
} from './field-error.js';
import { type FieldPath, fieldPath } from './field-path.js';
import { validateConditions } from './flowcontrol-status.js';
import { type Json, num, obj, optNum, str, strMap } from './json-access.js';

/** The annotation v1beta3 used to carry an explicit 0 through conversion; never stored. */
export const preserveZeroSharesAnnotation = 'flowcontrol.k8s.io/v1beta3-preserve-zero-concurrency-shares';

/** The most queues a priority level may have. */
export const maxQueues = 10_000_000;

/** The hash bits shuffle sharding may consume (upstream's shufflesharding.MaxHashBits). */
export const maxHashBits = 60;

/** Bits of hash a hand of `handSize` from `deckSize` queues uses (upstream's RequiredEntropyBits). */
export function requiredEntropyBits(deckSize: number, handSize: number): number {
  return Math.ceil(Math.log2(deckSize) * handSize);
}

/** Upstream's ValidatePriorityLevelConfiguration (metadata aside, but with its annotation rule). */
export function validatePriorityLevelConfiguration(pl: Json): FieldError[] {
  const meta = obj(pl['metadata']);
  const name = str(meta?.['name']);
  const spec = obj(pl['spec']) ?? {};
  const errs: FieldError[] = [];
  if (strMap(meta?.['annotations'])?.[preserveZeroSharesAnnotation] !== undefined)
    errs.push(
      fieldForbidden(
        fieldPath('metadata', 'annotations'),
        `annotation '${preserveZeroSharesAnnotation}' is forbidden`,
      ),
    );
  const specPath = fieldPath('spec');
  errs.push(...validateSpec(spec, name, specPath));
  errs.push(...validateMandatory(name, spec, specPath));
  errs.push(...validateConditions(obj(pl['status']), fieldPath('status')));
  return errs;
}

/** Upstream's ValidatePriorityLevelConfigurationStatusUpdate: a status write checks only the conditions. */
export function validatePriorityLevelConfigurationStatusUpdate(pl: Json): FieldError[] {
  return validateConditions(obj(pl['status']), fieldPath('status'));
}

// Operators may tune the exempt level's `exempt` member (its shares and lending), nothing else;
// the catch-all level is fixed entirely. Upstream prints the spec as a Go struct; JSON here.
function validateMandatory(name: string, spec: Json, path: FieldPath): FieldError[] {
  const mandatory = mandatoryPriorityLevels.find((m) => m.metadata?.name === name)?.spec;
  if (mandatory === undefined) return [];
  if (name === 'exempt') {
    const have = { ...spec, exempt: mandatory.exempt };
    return specsEqual(have, mandatory)
      ? []
      : [
          fieldInvalid(
            path,
            spec,
            `spec of '${name}' except the 'spec.exempt' field must equal the fixed value`,
          ),
        ];
  }
  return specsEqual(spec, mandatory)
    ? []
    : [fieldInvalid(path, spec, `spec of '${name}' must equal the fixed value`)];
}

function validateSpec(spec: Json, name: string, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(spec['type']);
  if ((name === 'exempt') !== (type === 'Exempt'))
    errs.push(
      fieldInvalid(path.child('type'), type, "type must be 'Exempt' if and only if name is 'exempt'"),
    );
  const limited = obj(spec['limited']);
  const exempt = obj(spec['exempt']);
  switch (type) {
    case 'Exempt':
      if (limited) errs.push(fieldForbidden(path.child('limited'), 'must be nil if the type is not Limited'));
      if (exempt) errs.push(...validateExempt(exempt, path.child('exempt')));
      break;
    case 'Limited':
      if (exempt) errs.push(fieldForbidden(path.child('exempt'), 'must be nil if the type is Limited'));
      if (!limited) errs.push(fieldRequired(path.child('limited'), 'must not be empty when type is Limited'));
      else errs.push(...validateLimited(limited, path.child('limited')));
      break;
    default:
      errs.push(fieldNotSupported(path.child('type'), type, ['Exempt', 'Limited']));
  }
  return errs;
}

function validateLendablePercent(value: number | undefined, path: FieldPath): FieldError[] {
  return value !== undefined && (value < 0 || value > 100)
    ? [fieldInvalid(path, value, 'must be between 0 and 100, inclusive')]
    : [];
}

function validateExempt(exempt: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const shares = optNum(exempt['nominalConcurrencyShares']);
  if (shares !== undefined && shares < 0)
    errs.push(fieldInvalid(path.child('nominalConcurrencyShares'), shares, 'must be a non-negative integer'));
  errs.push(...validateLendablePercent(optNum(exempt['lendablePercent']), path.child('lendablePercent')));
  return errs;
}

// Since 1.30 a limited level may have 0 shares (it then only borrows).
function validateLimited(limited: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const shares = num(limited['nominalConcurrencyShares']);
  if (shares < 0)
    errs.push(fieldInvalid(path.child('nominalConcurrencyShares'), shares, 'must be a non-negative integer'));
  errs.push(...validateLimitResponse(obj(limited['limitResponse']) ?? {}, path.child('limitResponse')));
  errs.push(...validateLendablePercent(optNum(limited['lendablePercent']), path.child('lendablePercent')));
  const borrowing = optNum(limited['borrowingLimitPercent']);
  if (borrowing !== undefined && borrowing < 0)
    errs.push(
      fieldInvalid(
        path.child('borrowingLimitPercent'),
        borrowing,
        'if specified, must be a non-negative integer',
      ),
    );
  return errs;
}

// Upstream's messages name the wrong type ("...is not Limited"), and users see exactly those.
function validateLimitResponse(response: Json, path: FieldPath): FieldError[] {
  const type = str(response['type']);
  const queuing = obj(response['queuing']);
  switch (type) {
    case 'Reject':
      return queuing
        ? [fieldForbidden(path.child('queuing'), 'must be nil if limited.limitResponse.type is not Limited')]
        : [];
    case 'Queue':
      return queuing
        ? validateQueuing(queuing, path.child('queuing'))
        : [
            fieldRequired(
              path.child('queuing'),
              'must not be empty if limited.limitResponse.type is Limited',
            ),
          ];
    default:
      return [fieldNotSupported(path.child('type'), type, ['Queue', 'Reject'])];
  }
}

function validateQueuing(queuing: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const lengthLimit = num(queuing['queueLengthLimit']);
  if (lengthLimit <= 0)
    errs.push(fieldInvalid(path.child('queueLengthLimit'), lengthLimit, 'must be positive'));
  const queues = num(queuing['queues']);
  if (queues <= 0) errs.push(fieldInvalid(path.child('queues'), queues, 'must be positive'));
  else if (queues > maxQueues)
    errs.push(fieldInvalid(path.child('queues'), queues, `must not be greater than ${maxQueues}`));
  const handSize = num(queuing['handSize']);
  const handPath = path.child('handSize');
  if (handSize <= 0) errs.push(fieldInvalid(handPath, handSize, 'must be positive'));
  else if (handSize > queues)
    errs.push(fieldInvalid(handPath, handSize, `should not be greater than queues (${queues})`));
  else if (requiredEntropyBits(queues, handSize) > maxHashBits)
    errs.push(
      fieldInvalid(
        handPath,
        handSize,
        `required entropy bits of deckSize ${queues} and handSize ${handSize} should not be greater than ${maxHashBits}`,
      ),
    );
  return errs;
}
