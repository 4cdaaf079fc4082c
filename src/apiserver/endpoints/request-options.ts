import { parseGoDuration } from '../../base/go-duration.js';
import { badRequest, invalid, type FieldError } from '../../machinery/errors/index.js';

/** dryRun: only "All" exists; any other value is a 400, as upstream's options validation. */
export function parseDryRun(values: readonly string[]): boolean {
  for (const v of values) {
    if (v !== 'All') throw badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  }
  return values.length > 0;
}

/** The field manager of a write: the query parameter, else the User-Agent's first word (upstream's default). */
export function fieldManagerOf(query: URLSearchParams, userAgent: string | undefined): string {
  const explicit = query.get('fieldManager');
  if (explicit !== null && explicit !== '') {
    if (explicit.length > 128) throw badRequest(`fieldManager: Too long: may not be more than 128 bytes`);
    return explicit;
  }
  const prefix = (userAgent ?? '').split('/')[0]!.trim();
  return prefix.length > 128 ? prefix.slice(0, 128) : prefix;
}

/** fieldValidation: Strict, Warn (the default) or Ignore. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Parses fieldValidation; other values are a 400 as upstream. */
export function parseFieldValidation(value: string | null): FieldValidation {
  if (value === null || value === '') return 'Warn';
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  throw badRequest(
    `fieldValidation: Unsupported value: "${value}": supported values: "Ignore", "Strict", "Warn"`,
  );
}

/** A non-negative integer query parameter, or undefined; 400 on garbage. */
export function integerParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw badRequest(`invalid value for ${name}: ${raw}`);
  return Number(raw);
}

/** The `timeout` query parameter (a Go duration) in ms, or undefined. */
export function timeoutParam(query: URLSearchParams): number | undefined {
  const raw = query.get('timeout');
  if (raw === null || raw === '') return undefined;
  try {
    return parseGoDuration(raw);
  } catch (err) {
    throw badRequest(`invalid timeout: ${(err as Error).message}`);
  }
}

/** Upstream's ListOptions validation of the resourceVersion / match / continue / sendInitialEvents combination. */
export function validateListOptions(opts: {
  resourceVersion?: string;
  resourceVersionMatch?: string;
  continue?: string;
  watch: boolean;
  sendInitialEvents?: boolean;
}): void {
  const errs: FieldError[] = [];
  const match = opts.resourceVersionMatch ?? '';
  const rv = opts.resourceVersion ?? '';
  if (opts.sendInitialEvents !== undefined) {
    if (!opts.watch) {
      errs.push({
        type: 'FieldValueForbidden',
        field: 'sendInitialEvents',
        badValue: '',
        detail: 'sendInitialEvents is forbidden for list',
      });
    } else if (match !== 'NotOlderThan') {
      errs.push({
        type: 'FieldValueForbidden',
        field: 'resourceVersionMatch',
        badValue: '',
        detail: 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
      });
    }
  } else if (match !== '') {
    if (opts.watch) {
      errs.push({
        type: 'FieldValueForbidden',
        field: 'resourceVersionMatch',
        badValue: '',
        detail: 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
      });
    } else if (rv === '') {
      errs.push({
        type: 'FieldValueForbidden',
        field: 'resourceVersionMatch',
        badValue: '',
        detail: 'resourceVersionMatch is forbidden unless resourceVersion is provided',
      });
    } else if (opts.continue) {
      errs.push({
        type: 'FieldValueForbidden',
        field: 'resourceVersionMatch',
        badValue: '',
        detail: 'resourceVersionMatch is forbidden when continue is provided',
      });
    } else if (match === 'Exact' && rv === '0') {
      errs.push({
        type: 'FieldValueForbidden',
        field: 'resourceVersionMatch',
        badValue: '',
        detail: 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
      });
    } else if (match !== 'Exact' && match !== 'NotOlderThan') {
      errs.push({
        type: 'FieldValueNotSupported',
        field: 'resourceVersionMatch',
        badValue: match,
        detail: 'supported values: "Exact", "NotOlderThan", ""',
      });
    }
  }
  if (rv !== '' && !/^\d+$/.test(rv)) {
    throw badRequest(`invalid resource version: strconv.ParseUint: parsing "${rv}": invalid syntax`);
  }
  if (errs.length > 0) throw invalid({ group: 'meta.k8s.io', kind: 'ListOptions' }, '', errs);
}
