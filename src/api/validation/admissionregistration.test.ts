import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  validateMutatingWebhookConfiguration,
  validateValidatingWebhookConfiguration,
  validateValidatingWebhookConfigurationUpdate,
} from './admissionregistration.js';
import { fieldErrorMessage } from './field-error.js';
import { parseGoUrl } from './go-url.js';

const webhook = {
  name: 'check.names.example.com',
  admissionReviewVersions: ['v1'],
  sideEffects: 'None',
  clientConfig: { url: 'https://webhook.example.com/validate' },
  rules: [
    { operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods', 'pods/status'] },
  ],
};

function messages(errors: ReturnType<typeof validateValidatingWebhookConfiguration>): string[] {
  return errors.map(fieldErrorMessage);
}

function config(...hooks: Record<string, unknown>[]) {
  return { metadata: { name: 'c' }, webhooks: hooks.map((h) => ({ ...webhook, ...h })) };
}

describe('webhook configuration validation', () => {
  it('accepts a complete webhook', () => {
    assert.deepEqual(validateValidatingWebhookConfiguration(config({})), []);
    assert.deepEqual(validateMutatingWebhookConfiguration(config({ reinvocationPolicy: 'IfNeeded' })), []);
  });

  it('reports overlapping resource wildcards as upstream', () => {
    const rules = [
      {
        operations: ['CREATE'],
        apiGroups: ['*'],
        apiVersions: ['*'],
        resources: ['pods/*', 'pods/status', '*/scale', 'deployments/scale'],
      },
    ];
    assert.deepEqual(messages(validateValidatingWebhookConfiguration(config({ rules }))), [
      'webhooks[0].rules[0].resources[1]: Invalid value: "pods/status": if \'pods/*\' is present, must not specify pods/status',
      'webhooks[0].rules[0].resources[3]: Invalid value: "deployments/scale": if \'*/scale\' is present, must not specify deployments/scale',
    ]);
    const unknownOp = [{ operations: ['PATCH'], apiGroups: [''], apiVersions: ['v1'], resources: [] }];
    assert.deepEqual(messages(validateValidatingWebhookConfiguration(config({ rules: unknownOp }))), [
      'webhooks[0].rules[0].operations[0]: Unsupported value: "PATCH": supported values: "*", "CONNECT", "CREATE", "DELETE", "UPDATE"',
      'webhooks[0].rules[0].resources: Required value',
    ]);
  });

  it('checks match conditions for names and expressions', () => {
    const matchConditions = [
      { name: 'a', expression: ' ' },
      { name: 'a', expression: 'true' },
      { expression: 'true' },
    ];
    assert.deepEqual(messages(validateValidatingWebhookConfiguration(config({ matchConditions }))), [
      'webhooks[0].matchConditions[0].expression: Required value',
      'webhooks[0].matchConditions[1].name: Duplicate value: "a"',
      'webhooks[0].matchConditions[2].name: Required value',
    ]);
  });

  it('lets an update keep what an older apiserver accepted, and nothing new', () => {
    const old = config({ sideEffects: 'Unknown' }, { sideEffects: 'Unknown' });
    old.webhooks[1]!.name = old.webhooks[0]!.name;
    assert.deepEqual(validateValidatingWebhookConfigurationUpdate(old, old), []);
    assert.deepEqual(messages(validateValidatingWebhookConfigurationUpdate(old, config({}))), [
      'webhooks[0].sideEffects: Unsupported value: "Unknown": supported values: "None", "NoneOnDryRun"',
      'webhooks[1].sideEffects: Unsupported value: "Unknown": supported values: "None", "NoneOnDryRun"',
      'webhooks[1].name: Duplicate value: "check.names.example.com"',
    ]);
  });

  it('reads URLs as Go does', () => {
    const invalid = (url: string) =>
      messages(validateValidatingWebhookConfiguration(config({ clientConfig: { url } })));
    assert.deepEqual(invalid('https:///validate'), [
      'webhooks[0].clientConfig.url: Invalid value: "": host must be specified; desired format: https://host[/path]',
    ]);
    assert.deepEqual(invalid('https://host:port/x'), [
      'webhooks[0].clientConfig.url: Required value: url must be a valid URL: parse "https://host:port/x": invalid port ":port" after host; desired format: https://host[/path]',
    ]);
    assert.deepEqual(parseGoUrl('::1'), { error: 'parse "::1": missing protocol scheme' });
    assert.deepEqual(parseGoUrl('https://u@h/p%41?q#f'), {
      url: { scheme: 'https', user: 'u', host: 'h', path: '/pA', rawQuery: 'q', fragment: 'f' },
    });
  });
});
