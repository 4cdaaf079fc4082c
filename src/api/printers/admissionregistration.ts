import type {
  MutatingWebhookConfiguration,
  ValidatingWebhookConfiguration,
} from 'kubernetes-types/admissionregistration/v1.js';
import { ageColumn, ageOf, column, nameColumn, nameOf, printer } from './columns.js';

const webhooksColumn = column(
  'Webhooks',
  'integer',
  'Webhooks indicates the number of webhooks registered in this configuration',
);

type WebhookConfiguration = ValidatingWebhookConfiguration | MutatingWebhookConfiguration;

function webhookCount(config: WebhookConfiguration): number {
  return Array.isArray(config.webhooks) ? config.webhooks.length : 0;
}

/** admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration: Name, Webhooks (their count), Age. */
export const validatingWebhookConfigurationPrinter = printer<ValidatingWebhookConfiguration>(
  [nameColumn, webhooksColumn, ageColumn],
  (config, now) => [nameOf(config), webhookCount(config), ageOf(config, now)],
);

/** admissionregistration.k8s.io/v1 MutatingWebhookConfiguration: Name, Webhooks (their count), Age. */
export const mutatingWebhookConfigurationPrinter = printer<MutatingWebhookConfiguration>(
  [nameColumn, webhooksColumn, ageColumn],
  (config, now) => [nameOf(config), webhookCount(config), ageOf(config, now)],
);
