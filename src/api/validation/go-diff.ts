// Upstream appends a go-cmp diff of the old and new struct to "immutable after creation" errors.
// We cannot print Go syntax for arbitrary structs, so this keeps go-cmp's layout (header line,
// one `-`/`+` pair per changed field, identical fields summarized) with JSON values.

import { deepEqual } from '../../base/deep-equal.js';
import type { Json } from './json-access.js';

const goNames: Readonly<Record<string, string>> = {
  dnsPolicy: 'DNSPolicy',
  dnsConfig: 'DNSConfig',
  os: 'OS',
  hostIPC: 'HostIPC',
  hostPID: 'HostPID',
  csi: 'CSI',
  nfs: 'NFS',
  iscsi: 'ISCSI',
  fc: 'FC',
  rbd: 'RBD',
};

function goFieldName(jsonName: string): string {
  return goNames[jsonName] ?? jsonName.charAt(0).toUpperCase() + jsonName.slice(1);
}

/** A go-cmp-shaped diff of two objects of Go type `typeName` (e.g. "core.PodSpec"), ending in a newline. */
export function goStructDiff(typeName: string, prev: Json, next: Json): string {
  const lines = [`  ${typeName}{`];
  let same = 0;
  const flush = (): void => {
    if (same > 0) lines.push(`  \t... // ${same} identical field${same === 1 ? '' : 's'}`);
    same = 0;
  };
  for (const k of new Set([...Object.keys(prev), ...Object.keys(next)])) {
    if (deepEqual(prev[k] ?? null, next[k] ?? null)) {
      same++;
      continue;
    }
    flush();
    if (prev[k] !== undefined) lines.push(`- \t${goFieldName(k)}: ${JSON.stringify(prev[k])},`);
    if (next[k] !== undefined) lines.push(`+ \t${goFieldName(k)}: ${JSON.stringify(next[k])},`);
  }
  flush();
  lines.push('  }');
  return `${lines.join('\n')}\n`;
}
