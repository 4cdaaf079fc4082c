// Builds AdmissionAttributes for plugin tests without an HTTP server behind them.

import type { ApiRequest, UserInfo } from '../../http/api-request.js';
import type { AdmissionAttributes } from '../../endpoints/server-context.js';
import type { ServedResource } from '../../endpoints/served-resource.js';

/** Attributes of one admission call; `warnings` collects what plugins add. */
export function testAttributes(init: {
  group?: string;
  resource: string;
  kind?: string;
  namespaced?: boolean;
  operation?: AdmissionAttributes['operation'];
  subresource?: string;
  namespace?: string;
  name?: string;
  user?: UserInfo;
  dryRun?: boolean;
}): AdmissionAttributes & { warnings: string[] } {
  const warnings: string[] = [];
  const areq = {
    user: init.user ?? { name: 'admin', groups: ['system:masters'] },
    warnings,
  } as unknown as ApiRequest;
  const resource = {
    type: {
      group: init.group ?? '',
      resource: init.resource,
      kind: init.kind ?? '',
      namespaced: init.namespaced ?? true,
    },
  } as unknown as ServedResource;
  return {
    areq,
    resource,
    operation: init.operation ?? 'CREATE',
    subresource: init.subresource ?? '',
    namespace: init.namespace ?? 'default',
    name: init.name ?? '',
    dryRun: init.dryRun ?? false,
    warnings,
  };
}
