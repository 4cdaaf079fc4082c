// Probes and lifecycle hooks (upstream's validateProbe / validateHandler): exactly one handler
// each, valid ports and schemes, non-negative timings, and probe-kind specific rules.

import {
  type FieldError,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
} from './field-error.js';
import type { FieldPath } from './field-path.js';
import { validateNonnegativeField, validatePortNumOrName } from './common-fields.js';
import { arr, type Json, num, obj, objs, optNum, str } from './json-access.js';
import { isHTTPHeaderName, isValidPortNum } from './string-formats.js';

function validateHTTPGet(http: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(http['path'])) errs.push(fieldRequired(path.child('path')));
  errs.push(...validatePortNumOrName(http['port'], path.child('port')));
  const scheme = str(http['scheme']);
  if (scheme !== 'HTTP' && scheme !== 'HTTPS')
    errs.push(fieldNotSupported(path.child('scheme'), scheme, ['HTTP', 'HTTPS']));
  for (const header of objs(http['httpHeaders'])) {
    const name = str(header['name']);
    for (const msg of isHTTPHeaderName(name)) errs.push(fieldInvalid(path.child('httpHeaders'), name, msg));
  }
  return errs;
}

function validateSleep(sleep: Json, gracePeriod: number | undefined, path: FieldPath): FieldError[] {
  const seconds = num(sleep['seconds']);
  if (gracePeriod !== undefined && (seconds <= 0 || seconds > gracePeriod)) {
    return [
      fieldInvalid(
        path,
        seconds,
        `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`,
      ),
    ];
  }
  return [];
}

type HandlerKind = 'exec' | 'httpGet' | 'tcpSocket' | 'grpc' | 'sleep';

/** Upstream's validateHandler over the handler kinds the caller allows (probes: no sleep; hooks: no grpc). */
function validateHandler(
  handler: Json,
  kinds: readonly HandlerKind[],
  gracePeriod: number | undefined,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const kind of kinds) {
    const h = obj(handler[kind]);
    if (!h) continue;
    if (count > 0) {
      errs.push(fieldForbidden(path.child(kind), 'may not specify more than 1 handler type'));
      continue;
    }
    count++;
    const p = path.child(kind);
    switch (kind) {
      case 'exec':
        if (arr(h['command']).length === 0) errs.push(fieldRequired(p.child('command')));
        break;
      case 'httpGet':
        errs.push(...validateHTTPGet(h, p));
        break;
      case 'tcpSocket':
        errs.push(...validatePortNumOrName(h['port'], p.child('port')));
        break;
      case 'grpc':
        for (const msg of isValidPortNum(num(h['port'])))
          errs.push(fieldInvalid(p.child('port'), num(h['port']), msg));
        break;
      case 'sleep':
        errs.push(...validateSleep(h, gracePeriod, p));
        break;
    }
  }
  if (count === 0) errs.push(fieldRequired(path, 'must specify a handler type'));
  return errs;
}

function validateProbe(probe: Json, gracePeriod: number | undefined, path: FieldPath): FieldError[] {
  const errs = validateHandler(probe, ['exec', 'httpGet', 'tcpSocket', 'grpc'], gracePeriod, path);
  for (const f of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ]) {
    errs.push(...validateNonnegativeField(num(probe[f]), path.child(f)));
  }
  const tgps = optNum(probe['terminationGracePeriodSeconds']);
  if (tgps !== undefined && tgps <= 0)
    errs.push(fieldInvalid(path.child('terminationGracePeriodSeconds'), tgps, 'must be greater than 0'));
  return errs;
}

/** Liveness, readiness and startup probes of one container, with each kind's extra rule. */
export function validateProbes(
  container: Json,
  gracePeriod: number | undefined,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const probe = obj(container[kind]);
    if (!probe) continue;
    const p = path.child(kind);
    errs.push(...validateProbe(probe, gracePeriod, p));
    if (kind === 'readinessProbe') {
      if (
        probe['terminationGracePeriodSeconds'] !== undefined &&
        probe['terminationGracePeriodSeconds'] !== null
      ) {
        errs.push(
          fieldInvalid(
            p.child('terminationGracePeriodSeconds'),
            probe['terminationGracePeriodSeconds'],
            'must not be set for readinessProbes',
          ),
        );
      }
    } else if (num(probe['successThreshold']) !== 1) {
      errs.push(fieldInvalid(p.child('successThreshold'), num(probe['successThreshold']), 'must be 1'));
    }
  }
  return errs;
}

/** Upstream's validateLifecycle (postStart and preStop hooks). */
export function validateLifecycle(
  lifecycle: Json,
  gracePeriod: number | undefined,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const hook of ['postStart', 'preStop'] as const) {
    const h = obj(lifecycle[hook]);
    if (h)
      errs.push(
        ...validateHandler(h, ['exec', 'httpGet', 'tcpSocket', 'sleep'], gracePeriod, path.child(hook)),
      );
  }
  return errs;
}
