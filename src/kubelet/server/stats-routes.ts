// The kubelet API's observability routes: /stats/summary (GET or POST; ?only_cpu_and_memory=true
// for the trimmed form), /metrics (the kubelet's own), /metrics/cadvisor and /metrics/resource,
// all computed from a fresh observation of the node. A failure is upstream's 500 "Internal Error".
import type { ServerResponse } from 'node:http';
import { prometheusTextContentType } from '../../base/metrics/index.js';
import type { RuntimeService } from '../cri/runtime-service.js';
import { renderCadvisorMetrics } from '../stats/cadvisor-metrics.js';
import type { NodeObservation } from '../stats/node-observation.js';
import { renderResourceMetrics } from '../stats/resource-metrics.js';
import { buildSummary } from '../stats/summary-builder.js';
import type { Summary } from '../stats/summary-types.js';
import type { KubeletMetrics } from './kubelet-metrics.js';
import type { KubeletRouter } from './kubelet-router.js';
import { sendJson, sendText } from './plain-response.js';

/** What the routes read from. */
export interface StatsRoutesHost {
  /** A fresh observation of the node (`onlyCpuAndMemory`: skip filesystems and network). */
  observe(onlyCpuAndMemory: boolean): Promise<NodeObservation>;
  readonly runtime: RuntimeService;
  readonly metrics: KubeletMetrics;
}

function sendMetrics(res: ServerResponse, body: string): void {
  res.writeHead(200, {
    'content-type': prometheusTextContentType,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

async function guarded(res: ServerResponse, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    sendText(res, 500, `Internal Error: ${(err as Error).message}`);
  }
}

/** Adds /stats/summary, /metrics, /metrics/cadvisor and /metrics/resource. */
export function installStatsRoutes(router: KubeletRouter, host: StatsRoutesHost): void {
  router.add(['GET', 'POST'], '/stats/summary', {
    http: (_req, res, ctx) =>
      guarded(res, async () => {
        const only = ctx.query.getAll('only_cpu_and_memory');
        const onlyCpuAndMemory = only.length === 1 && only[0] === 'true';
        const summary = buildSummary(await host.observe(onlyCpuAndMemory), onlyCpuAndMemory);
        // go-restful pretty-prints with one space of indentation.
        sendJson(res, 200, JSON.stringify(summary, null, 1));
      }),
  });
  router.add(['GET'], '/metrics', {
    http: (_req, res) => guarded(res, async () => sendMetrics(res, await host.metrics.render(host.runtime))),
  });
  router.add(['GET'], '/metrics/cadvisor', {
    http: (_req, res) =>
      guarded(res, async () => sendMetrics(res, renderCadvisorMetrics(await host.observe(false)))),
  });
  router.add(['GET'], '/metrics/resource', {
    http: (_req, res) =>
      guarded(res, async () => {
        let summary: Summary | undefined;
        try {
          summary = buildSummary(await host.observe(true), true);
        } catch {
          summary = undefined;
        }
        sendMetrics(res, renderResourceMetrics(summary));
      }),
  });
}
