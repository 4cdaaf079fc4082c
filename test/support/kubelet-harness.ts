/**
 * Shared pieces of the tests that run a whole Kubelet against an in-process ApiServer: a client
 * acting as a given user over the in-process transport, and a directory laid out like cgroup v1's
 * /sys/fs/cgroup for the container manager.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiServer } from '../../src/apiserver/api-server.js';
import type { UserInfo } from '../../src/apiserver/http/api-request.js';
import { createLogger } from '../../src/base/logger.js';
import { InProcessTransport, KubeClient } from '../../src/client/index.js';

const quiet = createLogger('test', { write: () => {} });

/** A client of `server` authenticated as `user`, without a rate limit. */
export function inProcessClientAs(server: () => ApiServer, user: UserInfo, component: string): KubeClient {
  return new KubeClient({
    transport: new InProcessTransport({ connect: () => server().inProcessConnection(user) }),
    component,
    qps: Infinity,
    logger: quiet,
  });
}

/** The cgroup v1 hierarchies the kubelet's container manager uses, as empty directories under `dir`. */
export async function fakeCgroupV1Mount(dir: string): Promise<string> {
  for (const h of ['cpu', 'cpuacct', 'cpuset', 'memory', 'pids', 'systemd'])
    await mkdir(join(dir, h), { recursive: true });
  return dir;
}
