// Events (upstream's ValidateEventCreate / ValidateEventUpdate). Events are stored as core/v1; the
// rules depend on the API the client used: core/v1 keeps the lenient legacy checks, events.k8s.io
// adds the strict ones. Field names follow upstream's internal type.

import { type FieldError, fieldInvalid, fieldRequired } from './field-error.js';
import { fieldPath } from './field-path.js';
import { validateImmutableField } from './common-fields.js';
import { type Json, num, obj, str } from './json-access.js';
import { isDNS1123Subdomain, isQualifiedName } from './label-validation.js';

function isLegacyApi(requestApiVersion: string | undefined): boolean {
  return (
    requestApiVersion === undefined ||
    requestApiVersion === 'v1' ||
    requestApiVersion === 'events.k8s.io/v1beta1'
  );
}

function legacyValidateEvent(event: Json, requestApiVersion: string | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const namespace = str(obj(event['metadata'])?.['namespace']);
  const involvedNs = str(obj(event['involvedObject'])?.['namespace']);
  const nsMismatch = (): void =>
    void errs.push(
      fieldInvalid(fieldPath('involvedObject', 'namespace'), involvedNs, 'does not match event.namespace'),
    );
  const controllerField =
    requestApiVersion === 'v1' || requestApiVersion === undefined
      ? 'reportingComponent'
      : 'reportingController';
  if (!str(event['eventTime'])) {
    if (involvedNs === '') {
      if (namespace !== '' && namespace !== 'default') nsMismatch();
    } else if (namespace !== involvedNs) {
      nsMismatch();
    }
  } else {
    if (involvedNs === '' && namespace !== 'default' && namespace !== 'kube-system') nsMismatch();
    const controller = str(event['reportingComponent']);
    if (!controller) errs.push(fieldRequired(fieldPath(controllerField)));
    for (const msg of isQualifiedName(controller))
      errs.push(fieldInvalid(fieldPath(controllerField), controller, msg));
    const limits: [string, number][] = [
      ['reportingInstance', 128],
      ['action', 128],
      ['reason', 128],
    ];
    for (const [f, max] of limits) {
      const v = str(event[f]);
      if (!v) errs.push(fieldRequired(fieldPath(f)));
      if (v.length > max) errs.push(fieldInvalid(fieldPath(f), '', `can have at most ${max} characters`));
    }
    if (str(event['message']).length > 1024)
      errs.push(fieldInvalid(fieldPath('message'), '', 'can have at most 1024 characters'));
  }
  for (const msg of isDNS1123Subdomain(namespace))
    errs.push(fieldInvalid(fieldPath('namespace'), namespace, msg));
  return errs;
}

function validateSeries(event: Json): FieldError[] {
  const series = obj(event['series']);
  if (!series) return [];
  const errs: FieldError[] = [];
  if (num(series['count']) < 2)
    errs.push(fieldInvalid(fieldPath('series.count'), '', 'should be at least 2'));
  if (!str(series['lastObservedTime'])) errs.push(fieldRequired(fieldPath('series.lastObservedTime')));
  return errs;
}

/** Upstream's ValidateEventCreate (metadata aside). */
export function validateEvent(event: Json, requestApiVersion: string | undefined): FieldError[] {
  const errs = legacyValidateEvent(event, requestApiVersion);
  if (isLegacyApi(requestApiVersion)) return errs;
  errs.push(...validateSeries(event));
  if (!str(event['eventTime'])) errs.push(fieldRequired(fieldPath('eventTime')));
  const type = str(event['type']);
  if (type !== 'Normal' && type !== 'Warning')
    errs.push(fieldInvalid(fieldPath('type'), '', `has invalid value: ${type}`));
  if (str(event['firstTimestamp']))
    errs.push(fieldInvalid(fieldPath('deprecatedFirstTimestamp'), '', 'needs to be unset'));
  if (str(event['lastTimestamp']))
    errs.push(fieldInvalid(fieldPath('deprecatedLastTimestamp'), '', 'needs to be unset'));
  if (num(event['count']) !== 0)
    errs.push(fieldInvalid(fieldPath('deprecatedCount'), '', 'needs to be unset'));
  const source = obj(event['source']) ?? {};
  if (str(source['component']) || str(source['host']))
    errs.push(fieldInvalid(fieldPath('deprecatedSource'), '', 'needs to be unset'));
  return errs;
}

/** Upstream's ValidateEventUpdate (metadata aside). */
export function validateEventUpdate(
  event: Json,
  old: Json,
  requestApiVersion: string | undefined,
): FieldError[] {
  const errs = legacyValidateEvent(event, requestApiVersion);
  if (isLegacyApi(requestApiVersion)) return errs;
  if (JSON.stringify(event['series'] ?? null) !== JSON.stringify(old['series'] ?? null))
    errs.push(...validateSeries(event));
  const immutable: [string, string][] = [
    ['involvedObject', 'involvedObject'],
    ['reason', 'reason'],
    ['message', 'message'],
    ['source', 'source'],
    ['firstTimestamp', 'firstTimestamp'],
    ['lastTimestamp', 'lastTimestamp'],
    ['count', 'count'],
    ['reason', 'reason'],
    ['type', 'type'],
    ['eventTime', 'eventTime'],
    ['action', 'action'],
    ['related', 'related'],
    ['reportingComponent', 'reportingController'],
    ['reportingInstance', 'reportingInstance'],
  ];
  for (const [field, name] of immutable)
    errs.push(...validateImmutableField(event[field], old[field], fieldPath(name)));
  return errs;
}
