import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ADMISSION_PLUGIN_ORDER,
  checkAdmissionPluginSelection,
  enabledAdmissionPlugins,
} from './admission-plugin-names.js';

const all = new Set(ADMISSION_PLUGIN_ORDER);

describe('enabledAdmissionPlugins', () => {
  it('runs every plugin in upstream order by default', () => {
    const names = enabledAdmissionPlugins({}, all);
    assert.deepEqual(names, ADMISSION_PLUGIN_ORDER);
    assert.equal(names[0], 'NamespaceLifecycle');
    assert.equal(names.at(-1), 'ResourceQuota');
    assert.ok(names.indexOf('PodSecurity') < names.indexOf('Priority'));
    assert.ok(names.indexOf('MutatingAdmissionWebhook') < names.indexOf('ValidatingAdmissionWebhook'));
  });

  it('drops disabled plugins whatever the order or splitting of the flag values', () => {
    const names = enabledAdmissionPlugins({ disable: ['ResourceQuota, ServiceAccount', 'PodSecurity'] }, all);
    assert.ok(!names.includes('ServiceAccount'));
    assert.ok(!names.includes('ResourceQuota'));
    assert.ok(!names.includes('PodSecurity'));
    assert.equal(names.length, ADMISSION_PLUGIN_ORDER.length - 3);
  });

  it('ignores plugins that are not registered', () => {
    const names = enabledAdmissionPlugins({}, new Set(['ResourceQuota', 'NamespaceLifecycle']));
    assert.deepEqual(names, ['NamespaceLifecycle', 'ResourceQuota']);
  });

  it('refuses unknown and overlapping names with upstream messages', () => {
    assert.throws(() => checkAdmissionPluginSelection({ enable: ['AlwaysDeny'] }), {
      message: 'enable-admission-plugins plugin "AlwaysDeny" is unknown',
    });
    assert.throws(
      () =>
        checkAdmissionPluginSelection({
          enable: ['Priority,LimitRanger'],
          disable: ['LimitRanger,Priority', 'Nope'],
        }),
      {
        message:
          '[disable-admission-plugins plugin "Nope" is unknown, [LimitRanger Priority] in enable-admission-plugins and disable-admission-plugins overlapped]',
      },
    );
    checkAdmissionPluginSelection({ enable: ['NodeRestriction'], disable: [] });
  });
});
