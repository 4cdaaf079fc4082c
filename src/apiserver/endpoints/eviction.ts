import { setTimeout as sleep } from 'node:timers/promises';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { KubeObject } from '../../api/object.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import {
  badRequest,
  conflict,
  isStatusError,
  makeStatus,
  StatusError,
} from '../../machinery/errors/index.js';
import {
  budgetNotProcessedError,
  budgetsSelectingPod,
  canIgnoreBudget,
  evictionDisruptionCondition,
  multipleBudgetsMessage,
  shouldEnforceResourceVersion,
  takeDisruption,
  unhealthyPodBypassesBudget,
} from '../../machinery/policy/index.js';
import type { ApiRequest } from '../http/api-request.js';
import { writeJson } from '../http/write-response.js';
import type { WriteOptions } from '../registry/resource-store.js';
import { contentType, decodeObjectBody, readBody } from './body.js';
import { parseDeleteOptions, type ParsedDeleteOptions } from './delete-options.js';
import { parseDryRun } from './request-options.js';
import type { ServedResource } from './served-resource.js';
import { requestWriteOptions } from './write-options.js';
import type { AdmissionAttributes, ServerContext } from './server-context.js';

/** Upstream's EvictionsRetry: 20 tries about half a second apart. */
const retrySteps = 20;
const retryDelayMs = 500;

/** The Eviction apiVersions the subresource accepts (EvictionREST.AcceptsGroupVersion). */
const evictionVersions = new Set(['policy/v1', 'policy/v1beta1']);

/** The identity the apiserver's own PDB status writes carry (its loopback client). */
const loopbackUser = { name: 'system:apiserver', groups: ['system:authenticated', 'system:masters'] };

interface Eviction extends KubeObject {
  deleteOptions?: Record<string, unknown> | null;
}

function retryPause(): Promise<void> {
  // wait.Backoff's 10% jitter keeps concurrent evictions from retrying in lockstep.
  return sleep(retryDelayMs * (1 + Math.random() * 0.1));
}

function isConflict(err: unknown): boolean {
  return isStatusError(err, 'Conflict');
}

/** Decodes and checks the Eviction body against the URL (create handler + EvictionREST.Create checks). */
async function readEviction(areq: ApiRequest): Promise<Eviction> {
  const eviction = decodeObjectBody(await readBody(areq.req), contentType(areq.req), 'Eviction') as Eviction;
  if (eviction.apiVersion && !evictionVersions.has(eviction.apiVersion)) {
    throw badRequest(
      `the API version in the data (${eviction.apiVersion}) does not match the expected API version (policy/v1)`,
    );
  }
  if (eviction.kind && eviction.kind !== 'Eviction') {
    throw badRequest(`not a Eviction object: ${eviction.kind}`);
  }
  const meta = (eviction.metadata ??= {});
  if (!meta.namespace) meta.namespace = areq.info.namespace;
  else if (meta.namespace !== areq.info.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  if ((meta.name ?? '') !== areq.info.name) {
    throw badRequest('name in URL does not match name in Eviction object');
  }
  return eviction;
}

/**
 * The eviction's DeleteOptions with the request's dryRun folded in (propagateDryRun): either may
 * say dry-run, but if both do they must agree.
 */
function evictionDeleteOptions(eviction: Eviction, query: URLSearchParams): ParsedDeleteOptions {
  const queryDryRun = query.getAll('dryRun');
  parseDryRun(queryDryRun);
  const body = { ...(eviction.deleteOptions ?? {}) };
  const bodyDryRun = Array.isArray(body['dryRun']) ? (body['dryRun'] as string[]) : [];
  if (bodyDryRun.length === 0) body['dryRun'] = queryDryRun;
  else if (queryDryRun.length > 0 && queryDryRun.join('\0') !== bodyDryRun.join('\0')) {
    throw new StatusError(
      makeStatus({
        status: 'Failure',
        message: `Non-matching dry-run options in request and content: [${queryDryRun.join(' ')}] and [${bodyDryRun.join(' ')}]`,
        code: 500,
      }),
    );
  }
  return parseDeleteOptions(new URLSearchParams(), body as KubeObject);
}

function withResourceVersion(options: ParsedDeleteOptions, resourceVersion: string): ParsedDeleteOptions {
  return { ...options, preconditions: { ...options.preconditions, resourceVersion } };
}

/** The request's DeleteOptions carried a resourceVersion precondition (then conflicts are final). */
function hasResourceVersion(options: ParsedDeleteOptions): boolean {
  return options.preconditions?.resourceVersion !== undefined;
}

/** One eviction request: the stores it touches and how it writes. */
interface EvictionRun {
  readonly namespace: string;
  readonly name: string;
  readonly pods: ServedResource;
  readonly pdbs: ServedResource;
  readonly podWrite: WriteOptions;
  readonly pdbWrite: WriteOptions;
}

/**
 * Marks the pod DisruptionTarget (unless dry-run) and deletes it with `options`
 * (addConditionAndDeletePod). The condition write checks the preconditions itself, and a
 * resourceVersion precondition then follows the version that write produced.
 */
async function addConditionAndDelete(run: EvictionRun, options: ParsedDeleteOptions): Promise<void> {
  let deleteOptions = options;
  if (!options.dryRun) {
    const qr = { group: '', resource: 'Pod' };
    const updated = await run.pods.store.guaranteedUpdate(
      run.namespace,
      run.name,
      (current) => {
        const meta = current.metadata ?? {};
        const { uid, resourceVersion } = options.preconditions ?? {};
        if (uid && uid !== meta.uid)
          throw conflict(
            qr,
            run.name,
            `the UID in the precondition (${uid}) does not match the UID in record (${meta.uid ?? ''}). The object might have been deleted and then recreated`,
          );
        if (resourceVersion && resourceVersion !== meta.resourceVersion)
          throw conflict(
            qr,
            run.name,
            `the ResourceVersion in the precondition (${resourceVersion}) does not match the ResourceVersion in record (${meta.resourceVersion ?? ''}). The object might have been modified`,
          );
        return withDisruptionTarget(current as Pod, formatRfc3339(run.podWrite.now)) as KubeObject;
      },
      // The store writes the pod directly, as upstream's registry does: no managedFields entry.
      { ...run.podWrite, subresource: 'status', managedFieldsSet: true },
    );
    if (hasResourceVersion(options))
      deleteOptions = withResourceVersion(options, updated.metadata?.resourceVersion ?? '');
  }
  await run.pods.store.delete(run.namespace, run.name, deleteOptions, run.podWrite);
}

/** The pod with the DisruptionTarget condition set (podutil.UpdatePodCondition). */
function withDisruptionTarget(pod: Pod, nowIso: string): Pod {
  const conditions = [...(pod.status?.conditions ?? [])];
  const index = conditions.findIndex((c) => c.type === evictionDisruptionCondition.type);
  const old = index < 0 ? undefined : conditions[index];
  const next = {
    ...evictionDisruptionCondition,
    // Go's zero metav1.Time marshals as null, as on the kubelet's own conditions.
    lastProbeTime: null as unknown as string,
    lastTransitionTime: old?.status === evictionDisruptionCondition.status ? old.lastTransitionTime : nowIso,
  };
  if (index < 0) conditions.push(next);
  else conditions[index] = next;
  return { ...pod, status: { ...pod.status, conditions } };
}

/**
 * Pods that need no budget are deleted right away, retrying on conflicts unless the client named
 * a resourceVersion. Returns the pod when the budget must be consulted, undefined once deleted.
 */
async function deleteIfBudgetIgnorable(
  run: EvictionRun,
  options: ParsedDeleteOptions,
): Promise<Pod | undefined> {
  const retry = !hasResourceVersion(options);
  for (let attempt = 1; ; attempt++) {
    const pod = (await run.pods.store.get(run.namespace, run.name)) as Pod;
    if (!canIgnoreBudget(pod)) return pod;
    const guarded =
      shouldEnforceResourceVersion(pod) && !hasResourceVersion(options)
        ? withResourceVersion(options, pod.metadata?.resourceVersion ?? '')
        : options;
    try {
      await addConditionAndDelete(run, guarded);
      return undefined;
    } catch (err) {
      if (!retry || !isConflict(err) || attempt >= retrySteps) throw err;
      await retryPause();
    }
  }
}

/** Takes one disruption from `pdb` and writes it through the status subresource, re-reading it on conflicts. */
async function takeDisruptionFromBudget(
  run: EvictionRun,
  pdb: PodDisruptionBudget,
  dryRun: boolean,
): Promise<void> {
  const name = pdb.metadata?.name ?? '';
  let budget = pdb;
  for (let attempt = 1; ; attempt++) {
    const next = takeDisruption(budget, run.name, run.pdbWrite.now.getTime(), dryRun);
    if (dryRun) return;
    try {
      await run.pdbs.store.update(run.namespace, name, next as KubeObject, {
        ...run.pdbWrite,
        subresource: 'status',
      });
      return;
    } catch (err) {
      if (!isConflict(err) || attempt >= retrySteps) throw err;
      budget = (await run.pdbs.store.get(run.namespace, name)) as PodDisruptionBudget;
    }
  }
}

/**
 * POST pods/<name>/eviction (policy/v1 Eviction), upstream's EvictionREST: deletes the pod with
 * the Eviction's DeleteOptions unless its PodDisruptionBudget forbids it. Pods that are finished,
 * pending or terminating, and unready pods the budget can spare, go without using the budget;
 * otherwise one disruption is taken from the budget's status (and the pod recorded in
 * disruptedPods) before the pod is marked DisruptionTarget and deleted. Answers 201 with a
 * Success Status, 429 when the budget refuses, 500 when several budgets select the pod.
 */
export async function handleEviction(
  areq: ApiRequest,
  pods: ServedResource,
  pdbs: ServedResource,
  ctx: ServerContext,
): Promise<void> {
  const { namespace, name } = areq.info;
  const eviction = await readEviction(areq);
  const options = evictionDeleteOptions(eviction, areq.url.searchParams);
  const attrs: AdmissionAttributes = {
    areq,
    resource: pods,
    operation: 'CREATE',
    subresource: 'eviction',
    namespace,
    name,
    dryRun: options.dryRun,
  };
  await ctx.admission.mutate(attrs, eviction, undefined);
  await ctx.admission.validate(attrs, eviction, undefined);
  const run: EvictionRun = {
    namespace,
    name,
    pods,
    pdbs,
    podWrite: requestWriteOptions(areq, pods, ctx, options.dryRun),
    pdbWrite: {
      ...requestWriteOptions(areq, pdbs, ctx, false),
      user: loopbackUser,
      fieldManager: 'kube-apiserver',
    },
  };
  try {
    await evict(run, options);
  } catch (err) {
    // Upstream's error writer turns retryAfterSeconds into a Retry-After header, which clients
    // (client-go) honour by retrying the eviction themselves.
    const retryAfter = isStatusError(err) ? err.status.details?.retryAfterSeconds : undefined;
    if (retryAfter) areq.res.setHeader('Retry-After', String(retryAfter));
    throw err;
  }
  writeJson(areq.res, 201, makeStatus({ status: 'Success', code: 201 }), { warnings: areq.warnings });
}

async function evict(run: EvictionRun, options: ParsedDeleteOptions): Promise<void> {
  const pod = await deleteIfBudgetIgnorable(run, options);
  if (pod === undefined) return;
  const all = (await run.pdbs.store.list({ namespace: run.namespace, filtered: false })).items.map(
    (item) => item.object as PodDisruptionBudget,
  );
  const matching = budgetsSelectingPod(all, pod, 'no-pod');
  if (matching.length > 1)
    throw new StatusError(makeStatus({ status: 'Failure', message: multipleBudgetsMessage, code: 500 }));
  const pdb = matching[0];
  if (pdb === undefined) return addConditionAndDelete(run, options);
  // An unready pod the budget can spare is deleted only while it stays as read: if it turned
  // ready meanwhile its version changed, and the client is told to come back.
  const bypass = unhealthyPodBypassesBudget(pod, pdb);
  if (!bypass) await takeDisruptionFromBudget(run, pdb, options.dryRun);
  const deleteOptions = bypass ? withResourceVersion(options, pod.metadata?.resourceVersion ?? '') : options;
  try {
    await addConditionAndDelete(run, deleteOptions);
  } catch (err) {
    if (isConflict(err) && bypass && !hasResourceVersion(options))
      throw budgetNotProcessedError(pdb.metadata?.name ?? '');
    throw err;
  }
}
