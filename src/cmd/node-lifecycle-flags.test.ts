import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFlags, type Command } from './command.js';
import { nodeLifecycleFlags, nodeLifecycleSettings } from './node-lifecycle-flags.js';

const command: Command = { name: 'test', summary: '', flags: nodeLifecycleFlags, run: async () => 0 };

describe('node lifecycle flags', () => {
  it("default to kube-controller-manager 1.32's values", () => {
    assert.deepEqual(nodeLifecycleSettings(parseFlags(command, []).flags), {
      nodeMonitorGracePeriodMs: 50_000,
      nodeMonitorPeriodMs: 5000,
      nodeStartupGracePeriodMs: 60_000,
    });
  });

  it('take Go durations', () => {
    const { flags } = parseFlags(command, [
      '--node-monitor-grace-period',
      '15s',
      '--node-monitor-period=500ms',
    ]);
    const settings = nodeLifecycleSettings(flags);
    assert.equal(settings.nodeMonitorGracePeriodMs, 15_000);
    assert.equal(settings.nodeMonitorPeriodMs, 500);
  });

  it("refuse anything else with pflag's message", () => {
    const { flags } = parseFlags(command, ['--node-startup-grace-period', 'soon']);
    assert.throws(() => nodeLifecycleSettings(flags), {
      message:
        'invalid argument "soon" for "--node-startup-grace-period" flag: time: invalid duration "soon"',
    });
  });
});
