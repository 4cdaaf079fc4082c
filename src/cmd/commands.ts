import type { Command } from './command.js';
import { kubeconfigCommand } from './kubeconfig-command.js';
import { pendingCommand } from './pending-command.js';
import { apiserverCommand, serverCommand } from './server-command.js';
import { clientFlags } from './shared-flags.js';

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
  pendingCommand('scheduler', 'the scheduler alone', 'the scheduler issue (#7)', clientFlags),
  pendingCommand(
    'controller-manager',
    'the controller manager alone',
    'the controller manager issue (#8)',
    clientFlags,
  ),
  pendingCommand('kubelet', 'the node agent alone', 'the kubelet on containerd issue (#9)', clientFlags),
  pendingCommand('proxy', 'the service proxy alone', 'the service networking issue', clientFlags),
  kubeconfigCommand,
  {
    ...pendingCommand(
      'sim node',
      'stop or restart a simulated node (failure tests)',
      'the simulated nodes issue (#6)',
      clientFlags,
    ),
    positionals: 'stop|start NAME',
  },
];
