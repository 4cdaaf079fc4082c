import { createServer, type Server } from 'node:http';
import { systemClock } from '../base/clock.js';
import { createLogger } from '../base/logger.js';
import { prometheusTextContentType } from '../base/metrics/index.js';
import { KubeClient } from '../client/index.js';
import {
  defaultConfiguration,
  loadConfigurationFile,
  startScheduler,
  type SchedulerConfiguration,
} from '../scheduler/index.js';
import type { Command } from './command.js';
import { clientFlags } from './shared-flags.js';

function serveMetrics(address: string, render: () => string, healthy: () => boolean): Promise<Server> {
  const i = address.lastIndexOf(':');
  const host = i > 0 ? address.slice(0, i) : '127.0.0.1';
  const port = Number(i >= 0 ? address.slice(i + 1) : address);
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': prometheusTextContentType });
      res.end(render());
    } else if (req.url === '/healthz' || req.url === '/livez' || req.url === '/readyz') {
      const ok = healthy();
      res.writeHead(ok ? 200 : 500, { 'content-type': 'text/plain' });
      res.end(ok ? 'ok' : 'not ready');
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** `k8ts scheduler`: kube-scheduler against the cluster of a kubeconfig. */
export const schedulerCommand: Command = {
  name: 'scheduler',
  summary: 'the scheduler alone',
  flags: {
    ...clientFlags,
    config: {
      type: 'string',
      placeholder: 'FILE',
      description: 'KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) file',
    },
    'leader-elect': {
      type: 'boolean',
      description: 'schedule only while holding the kube-system/kube-scheduler Lease',
    },
    'metrics-bind-address': {
      type: 'string',
      placeholder: 'ADDR:PORT',
      description: 'serve /metrics and /healthz over HTTP here',
    },
  },
  async run(flags) {
    const log = createLogger('scheduler');
    let config: SchedulerConfiguration;
    try {
      config = flags['config']
        ? await loadConfigurationFile(String(flags['config']))
        : defaultConfiguration();
    } catch (err) {
      console.error(`k8ts scheduler: invalid --config: ${(err as Error).message}`);
      return 1;
    }
    const kubeconfig = (flags['kubeconfig'] as string | undefined) ?? config.clientConnection.kubeconfig;
    let client: KubeClient;
    try {
      client = await KubeClient.fromKubeconfig({
        ...(kubeconfig !== undefined ? { path: kubeconfig } : {}),
        component: 'default-scheduler',
        userAgent: 'kube-scheduler/v1.32.0 (linux/amd64) k8ts',
        qps: config.clientConnection.qps,
        burst: config.clientConnection.burst,
      });
    } catch (err) {
      console.error(`k8ts scheduler: ${(err as Error).message}`);
      return 1;
    }
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let running: ReturnType<typeof startScheduler>;
    try {
      running = startScheduler({
        client,
        clock: systemClock,
        log,
        config,
        signal: stop.signal,
        leaderElect: flags['leader-elect'] === true,
      });
    } catch (err) {
      // A profile naming an unknown plugin or carrying bad args fails here.
      console.error(`k8ts scheduler: ${(err as Error).message}`);
      stop.abort();
      client.close();
      return 1;
    }
    let server: Server | undefined;
    try {
      const address = flags['metrics-bind-address'];
      if (typeof address === 'string')
        server = await serveMetrics(
          address,
          () => running.metrics.render(),
          () => !stop.signal.aborted,
        );
      await Promise.race([running.ready, running.done]);
      if (!stop.signal.aborted) console.log('k8ts scheduler ready');
      await running.done;
      return 0;
    } catch (err) {
      console.error(`k8ts scheduler: ${(err as Error).message}`);
      return 1;
    } finally {
      stop.abort();
      server?.close();
      client.close();
    }
  },
};
