import type { KubeObject } from '../../api/object.js';
import { badRequest, invalid, type FieldError } from '../../machinery/errors/index.js';
import type { DeleteRequest } from '../registry/resource-store.js';
import { parseDryRun } from './request-options.js';

/** A DELETE's options, merged from the body (kubectl) and the query (client-node). */
export interface ParsedDeleteOptions extends DeleteRequest {
  readonly dryRun: boolean;
  readonly orphanDependents?: boolean;
}

const policies = ['Foreground', 'Background', 'Orphan'] as const;

/** Parses DeleteOptions from the body and query; 400/422 on bad values, as upstream. */
export function parseDeleteOptions(
  query: URLSearchParams,
  body: KubeObject | undefined,
): ParsedDeleteOptions {
  const b = (body ?? {}) as Record<string, unknown>;
  const grace =
    b['gracePeriodSeconds'] ??
    (query.has('gracePeriodSeconds') ? Number(query.get('gracePeriodSeconds')) : undefined);
  if (grace !== undefined && (typeof grace !== 'number' || !Number.isInteger(grace))) {
    throw badRequest(`invalid value for gracePeriodSeconds: ${String(grace)}`);
  }
  const policy = (b['propagationPolicy'] ?? query.get('propagationPolicy') ?? undefined) as
    string | undefined;
  const orphanRaw =
    b['orphanDependents'] ??
    (query.has('orphanDependents') ? query.get('orphanDependents') === 'true' : undefined);
  const orphan = orphanRaw === undefined ? undefined : orphanRaw === true;
  const dryRunValues = Array.isArray(b['dryRun']) ? (b['dryRun'] as string[]) : query.getAll('dryRun');
  const errs: FieldError[] = [];
  if (policy !== undefined && !policies.includes(policy as (typeof policies)[number])) {
    errs.push({
      type: 'FieldValueNotSupported',
      field: 'propagationPolicy',
      badValue: policy,
      detail: 'supported values: "Foreground", "Background", "Orphan", "nil"',
    });
  }
  if (policy !== undefined && orphan !== undefined) {
    errs.push({
      type: 'FieldValueInvalid',
      field: 'propagationPolicy',
      badValue: policy,
      detail: 'orphanDependents and deletionPropagation cannot be both set',
    });
  }
  if (errs.length > 0) throw invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', errs);
  const pre = b['preconditions'] as { uid?: string; resourceVersion?: string } | undefined;
  const effective =
    policy !== undefined
      ? (policy as DeleteRequest['propagationPolicy'])
      : orphan === true
        ? 'Orphan'
        : orphan === false
          ? 'Background'
          : undefined;
  return {
    dryRun: parseDryRun(dryRunValues),
    ...(grace !== undefined ? { gracePeriodSeconds: Math.max(0, grace as number) } : {}),
    ...(effective !== undefined ? { propagationPolicy: effective } : {}),
    ...(orphan !== undefined ? { orphanDependents: orphan } : {}),
    ...(pre ? { preconditions: pre } : {}),
  };
}
