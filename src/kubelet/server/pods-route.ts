// GET /pods: the pods bound to this kubelet (API and static ones) as a v1 PodList, encoded as
// upstream's legacy codec writes it (compact JSON and a newline; "items": null when there are none).
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeletRouter } from './kubelet-router.js';
import { sendJson } from './plain-response.js';

/** Adds /pods listing `pods()`. */
export function installPodsRoute(router: KubeletRouter, pods: () => readonly Pod[]): void {
  router.add(['GET'], '/pods', {
    http: (_req, res) => {
      const items = pods().map((p) => ({ ...p, apiVersion: undefined, kind: undefined }));
      const list = {
        kind: 'PodList',
        apiVersion: 'v1',
        metadata: {},
        items: items.length > 0 ? items : null,
      };
      sendJson(res, 200, `${JSON.stringify(list)}\n`);
    },
  });
}
