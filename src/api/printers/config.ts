import type { ConfigMap, ResourceQuota, Secret, ServiceAccount } from 'kubernetes-types/core/v1.js';
import { ageColumn, ageOf, column, nameColumn, nameOf, printer } from './columns.js';
import { fieldDocs } from './field-docs.js';
import { quantity, sortStrings } from './format.js';

/** core/v1 ConfigMap: Name, Data (keys in data and binaryData), Age. */
export const configMapPrinter = printer<ConfigMap>(
  [nameColumn, column('Data', 'string', fieldDocs['core/v1.ConfigMap.data']), ageColumn],
  (cm, now) => [
    nameOf(cm),
    Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length,
    ageOf(cm, now),
  ],
);

/** core/v1 Secret: Name, Type, Data (key count), Age. */
export const secretPrinter = printer<Secret>(
  [
    nameColumn,
    column('Type', 'string', fieldDocs['core/v1.Secret.type']),
    column('Data', 'string', fieldDocs['core/v1.Secret.data']),
    ageColumn,
  ],
  (secret, now) => {
    // Decoding merges stringData into data upstream, so a key in either counts once.
    const keys = new Set([...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})]);
    return [nameOf(secret), secret.type ?? '', keys.size, ageOf(secret, now)];
  },
);

/** core/v1 ServiceAccount: Name, Secrets (count), Age. */
export const serviceAccountPrinter = printer<ServiceAccount>(
  [nameColumn, column('Secrets', 'string', fieldDocs['core/v1.ServiceAccount.secrets']), ageColumn],
  (sa, now) => [nameOf(sa), (sa.secrets ?? []).length, ageOf(sa, now)],
);

function quotaUsage(quota: ResourceQuota): [string, string] {
  const hard = quota.status?.hard ?? {};
  const used = quota.status?.used ?? {};
  const requests: string[] = [];
  const limits: string[] = [];
  for (const resource of sortStrings(Object.keys(hard))) {
    // "limits.cpu" and friends go to the Limit column; everything else (pods, requests.*) to Request.
    const pieces = resource.split('.');
    const target = pieces.length > 1 && pieces[0] === 'limits' ? limits : requests;
    target.push(`${resource}: ${quantity(used[resource])}/${quantity(hard[resource])}`);
  }
  return [requests.join(', '), limits.join(', ')];
}

/**
 * core/v1 ResourceQuota: Name, Age, Request, Limit ("used/hard" per resource). 1.32 lists Age
 * second; upstream moved it last only in 1.33.
 */
export const resourceQuotaPrinter = printer<ResourceQuota>(
  [
    nameColumn,
    ageColumn,
    column(
      'Request',
      'string',
      'Request represents a minimum amount of cpu/memory that a container may consume.',
    ),
    column(
      'Limit',
      'string',
      'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    ),
  ],
  (quota, now) => [nameOf(quota), ageOf(quota, now), ...quotaUsage(quota)],
);
