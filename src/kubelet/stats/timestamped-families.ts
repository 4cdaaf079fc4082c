// Prometheus text for metrics computed at scrape time from an observation, with the sample
// timestamps cAdvisor and the kubelet's resource collector attach ("name{labels} value ms"). Labels,
// series and families are ordered as the Go client gathers them.
import { escapeHelp, escapeLabelValue } from '../../base/metrics/escape-text.js';
import { formatSampleValue } from '../../base/metrics/format-sample-value.js';

/** One sample: labels by name, the value, and when it was measured (ms) if it carries that. */
export interface TimestampedSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly timestampMs?: number;
}

/** One metric family. */
export interface TimestampedFamily {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge';
  readonly samples: readonly TimestampedSample[];
}

function line(name: string, s: TimestampedSample): string {
  const labels = Object.keys(s.labels)
    .sort()
    .map((k) => `${k}="${escapeLabelValue(s.labels[k]!)}"`)
    .join(',');
  const ts = s.timestampMs !== undefined ? ` ${Math.floor(s.timestampMs)}` : '';
  return `${labels === '' ? name : `${name}{${labels}}`} ${formatSampleValue(s.value)}${ts}\n`;
}

// The Go client orders a family's series by their label values, taken in label-name order.
function bySortedLabelValues(a: TimestampedSample, b: TimestampedSample): number {
  const key = (s: TimestampedSample) =>
    Object.keys(s.labels)
      .sort()
      .map((k) => s.labels[k]!);
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < Math.min(ka.length, kb.length); i++)
    if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
  return ka.length - kb.length;
}

/** The text exposition of `families`; empty families are left out. */
export function renderTimestampedFamilies(families: readonly TimestampedFamily[]): string {
  let out = '';
  for (const f of [...families].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (f.samples.length === 0) continue;
    out += `# HELP ${f.name} ${escapeHelp(f.help)}\n# TYPE ${f.name} ${f.type}\n`;
    for (const s of [...f.samples].sort(bySortedLabelValues)) out += line(f.name, s);
  }
  return out;
}
