import { escapeHelp, escapeLabelValue } from './escape-text.js';
import { formatSampleValue } from './format-sample-value.js';
import type { MetricFamily, Sample } from './metric-family.js';

/** Content-Type of the Prometheus text exposition format this package renders. */
export const prometheusTextContentType = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * Renders families in the text exposition format 0.0.4, in the order given: HELP and TYPE lines,
 * then one line per sample; families without samples are left out, as the Go client does.
 */
export function renderTextFormat(families: readonly MetricFamily[]): string {
  let out = '';
  for (const family of families) {
    if (family.samples.length === 0) continue;
    out += `# HELP ${family.name} ${escapeHelp(family.help)}\n`;
    out += `# TYPE ${family.name} ${family.type}\n`;
    for (const sample of family.samples) out += renderSample(sample);
  }
  return out;
}

function renderSample(sample: Sample): string {
  const labels = sample.labels.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',');
  const body = labels === '' ? sample.name : `${sample.name}{${labels}}`;
  return `${body} ${formatSampleValue(sample.value)}\n`;
}
