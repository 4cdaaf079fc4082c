// The options of pods/exec, pods/attach and pods/portforward (v1 PodExecOptions, PodAttachOptions,
// PodPortForwardOptions): decoded from the query as upstream's parameter codec does, shown to
// admission as the options object, and rewritten into the kubelet's query as upstream's
// streamParams writes it (stdin/stdout/stderr/tty become input/output/error/tty=1, ports become port).

import type { KubeObject } from '../../api/object.js';
import { badRequest } from '../../machinery/errors/index.js';
import { queryBool, queryString, queryStrings } from './query-values.js';

/** The streaming subresources of a pod. */
export type PodStreamSubresource = 'exec' | 'attach' | 'portforward';

/** The decoded options of one request, with the container it names ('' for portforward). */
export interface PodStreamOptions {
  readonly subresource: PodStreamSubresource;
  readonly container: string;
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
  readonly tty: boolean;
  /** exec only. */
  readonly command: readonly string[];
  /** portforward only. */
  readonly ports: readonly number[];
}

const optionsKinds: Readonly<Record<PodStreamSubresource, string>> = {
  exec: 'PodExecOptions',
  attach: 'PodAttachOptions',
  portforward: 'PodPortForwardOptions',
};

/** Go's Convert_Slice_string_To_Slice_int32 for `ports`: comma lists allowed, each a 16-bit number. */
function decodePorts(values: readonly string[]): number[] {
  const ports: number[] = [];
  for (const value of values) {
    for (const part of value.split(',')) {
      if (!/^\d+$/.test(part)) {
        throw badRequest(`cannot convert to []int32: strconv.ParseUint: parsing "${part}": invalid syntax`);
      }
      const n = Number(part);
      if (n > 65535) {
        throw badRequest(
          `cannot convert to []int32: strconv.ParseUint: parsing "${part}": value out of range`,
        );
      }
      ports.push(n);
    }
  }
  return ports;
}

/** Decodes the query of a streaming request; a value that does not convert is a 400. */
export function decodePodStreamOptions(
  subresource: PodStreamSubresource,
  query: URLSearchParams,
): PodStreamOptions {
  const streams = subresource !== 'portforward';
  return {
    subresource,
    container: streams ? queryString(query, 'container') : '',
    stdin: streams && queryBool(query, 'stdin'),
    stdout: streams && queryBool(query, 'stdout'),
    stderr: streams && queryBool(query, 'stderr'),
    tty: streams && queryBool(query, 'tty'),
    command: subresource === 'exec' ? queryStrings(query, 'command') : [],
    ports: subresource === 'portforward' ? decodePorts(query.getAll('ports')) : [],
  };
}

/** The options as the v1 object admission sees (the object of a CONNECT admission request). */
export function podStreamOptionsObject(opts: PodStreamOptions): KubeObject {
  const object: KubeObject = { kind: optionsKinds[opts.subresource], apiVersion: 'v1' };
  if (opts.subresource === 'portforward') {
    if (opts.ports.length > 0) object['ports'] = [...opts.ports];
    return object;
  }
  if (opts.stdin) object['stdin'] = true;
  if (opts.stdout) object['stdout'] = true;
  if (opts.stderr) object['stderr'] = true;
  if (opts.tty) object['tty'] = true;
  if (opts.container !== '') object['container'] = opts.container;
  if (opts.subresource === 'exec') object['command'] = [...opts.command];
  return object;
}

/**
 * The kubelet's query: for exec and attach `input`, `output`, `error` and `tty` set to "1" when
 * asked for and every `command`; for portforward the ports joined as one `port`. Sorted by name
 * as Go's url.Values.Encode writes them.
 */
export function kubeletStreamQuery(opts: PodStreamOptions): URLSearchParams {
  const params = new URLSearchParams();
  if (opts.subresource === 'portforward') {
    if (opts.ports.length > 0) params.append('port', opts.ports.join(','));
    return params;
  }
  if (opts.stdin) params.append('input', '1');
  if (opts.stdout) params.append('output', '1');
  if (opts.stderr) params.append('error', '1');
  if (opts.tty) params.append('tty', '1');
  for (const c of opts.command) params.append('command', c);
  params.sort();
  return params;
}
