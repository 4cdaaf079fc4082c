import type { Command } from './command.js';
import { controllerManagerCommand } from './controller-manager-command.js';
import { kubeconfigCommand } from './kubeconfig-command.js';
import { pendingCommand } from './pending-command.js';
import { schedulerCommand } from './scheduler-command.js';
import { apiserverCommand, serverCommand } from './server-command.js';
import { clientFlags } from './shared-flags.js';
import { simNodeCommand } from './sim-node-command.js';

/** Every `k8ts` subcommand of DESIGN.md §2, in help order. */
export const commands: readonly Command[] = [
  serverCommand,
  pendingCommand(
    'agent',
    'a node joining a cluster (kubelet + proxy)',
    'the kubelet on containerd issue (#9)',
    {
      server: { type: 'string', placeholder: 'URL', description: 'apiserver URL to join' },
      token: { type: 'string', placeholder: 'TOKEN', description: 'bootstrap token' },
      'node-runtime': { type: 'string', placeholder: 'KIND', description: 'containerd | sim' },
    },
  ),
  apiserverCommand,
  schedulerCommand,
  controllerManagerCommand,
  pendingCommand('kubelet', 'the node agent alone', 'the kubelet on containerd issue (#9)', clientFlags),
  pendingCommand('proxy', 'the service proxy alone', 'the service networking issue', clientFlags),
  kubeconfigCommand,
  simNodeCommand,
];
