import { agentCommand } from './agent-command.js';
import type { Command } from './command.js';
import { controllerManagerCommand } from './controller-manager-command.js';
import { kubeconfigCommand } from './kubeconfig-command.js';
import { kubeletCommand } from './kubelet-command.js';
import { pendingCommand } from './pending-command.js';
import { schedulerCommand } from './scheduler-command.js';
import { apiserverCommand, serverCommand } from './server-command.js';
import { clientFlags } from './shared-flags.js';
import { simNodeCommand } from './sim-node-command.js';

/** Every `k8ts` subcommand of DESIGN.md §2, in help order. */
export const commands: readonly Command[] = [
  serverCommand,
  agentCommand,
  apiserverCommand,
  schedulerCommand,
  controllerManagerCommand,
  kubeletCommand,
  pendingCommand('proxy', 'the service proxy alone', 'the service networking issue', clientFlags),
  kubeconfigCommand,
  simNodeCommand,
];
