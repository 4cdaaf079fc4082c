import type { KubeObject } from '../../../api/object.js';
import type { AdmissionAttributes } from '../../endpoints/server-context.js';

const optionsKind: Readonly<Record<string, string>> = {
  CREATE: 'CreateOptions',
  UPDATE: 'UpdateOptions',
  DELETE: 'DeleteOptions',
};

/**
 * The operation's options as AdmissionReview's `request.options` carries them (meta.k8s.io/v1
 * CreateOptions, UpdateOptions or DeleteOptions), read from the request's query parameters. A patch
 * is admitted as an update, so it shows UpdateOptions, as upstream converts PatchOptions.
 */
export function admissionRequestOptions(attrs: AdmissionAttributes): KubeObject | undefined {
  const kind = optionsKind[attrs.operation];
  if (kind === undefined) return undefined;
  const q = (attrs.areq.url as URL | undefined)?.searchParams;
  const options: KubeObject = { kind, apiVersion: 'meta.k8s.io/v1' };
  const dryRun = q?.getAll('dryRun') ?? [];
  if (dryRun.length > 0) options['dryRun'] = dryRun;
  if (kind === 'DeleteOptions') {
    const grace = q?.get('gracePeriodSeconds');
    if (grace && /^-?\d+$/.test(grace)) options['gracePeriodSeconds'] = Number(grace);
    const propagation = q?.get('propagationPolicy');
    if (propagation) options['propagationPolicy'] = propagation;
    return options;
  }
  const fieldManager = q?.get('fieldManager');
  if (fieldManager) options['fieldManager'] = fieldManager;
  const fieldValidation = q?.get('fieldValidation');
  if (fieldValidation) options['fieldValidation'] = fieldValidation;
  return options;
}
