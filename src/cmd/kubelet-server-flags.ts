// The flags of the kubelet's HTTPS API: upstream's names for `k8ts kubelet` and `k8ts agent`
// (--port, --address, --tls-cert-file, --tls-private-key-file, --client-ca-file, --anonymous-auth),
// and the same with a "kubelet-" prefix inside `k8ts server`, whose --port and certificates are
// the apiserver's.
import { isIP } from 'node:net';
import type { KubeletServerSettings } from '../kubelet/server/kubelet-server.js';
import type { FlagSpec, FlagValues } from './command.js';

/** The kubelet API flags, each name prefixed with `prefix`. */
export function kubeletServerFlags(prefix: '' | 'kubelet-'): Readonly<Record<string, FlagSpec>> {
  return {
    [`${prefix}port`]: {
      type: 'string',
      placeholder: 'N',
      description: "the kubelet API's HTTPS port (default 10250; 0 picks a free one)",
    },
    [`${prefix}address`]: {
      type: 'string',
      placeholder: 'IP',
      description: 'the address the kubelet API listens on (default: the node IP)',
    },
    [`${prefix}tls-cert-file`]: {
      type: 'string',
      placeholder: 'FILE',
      description: "the kubelet API's serving certificate (default: a self-signed one in ROOT_DIR/pki)",
    },
    [`${prefix}tls-private-key-file`]: {
      type: 'string',
      placeholder: 'FILE',
      description: 'the key of that certificate',
    },
    [`${prefix}client-ca-file`]: {
      type: 'string',
      placeholder: 'FILE',
      description: "CA bundle for client certificates on the kubelet API (default: the cluster's CA)",
    },
    [`${prefix}anonymous-auth`]: {
      type: 'string',
      placeholder: 'BOOL',
      description: 'let requests without credentials in as system:anonymous (default false)',
    },
  };
}

/** The kubelet API settings from the flags; throws on malformed values. */
export function kubeletServerSettings(flags: FlagValues, prefix: '' | 'kubelet-'): KubeletServerSettings {
  const str = (name: string) => flags[`${prefix}${name}`] as string | undefined;
  const port = str('port');
  if (port !== undefined && (!/^\d+$/.test(port) || Number(port) > 65535))
    throw new Error(`--${prefix}port must be a port number, got "${port}"`);
  const address = str('address');
  if (address !== undefined && isIP(address) === 0)
    throw new Error(`--${prefix}address must be an IP address, got "${address}"`);
  const anonymous = str('anonymous-auth');
  if (anonymous !== undefined && anonymous !== 'true' && anonymous !== 'false')
    throw new Error(`--${prefix}anonymous-auth must be true or false, got "${anonymous}"`);
  return {
    ...(port !== undefined ? { port: Number(port) } : {}),
    ...(address !== undefined ? { address } : {}),
    ...(str('tls-cert-file') !== undefined ? { tlsCertFile: str('tls-cert-file')! } : {}),
    ...(str('tls-private-key-file') !== undefined ? { tlsPrivateKeyFile: str('tls-private-key-file')! } : {}),
    ...(str('client-ca-file') !== undefined ? { clientCaFile: str('client-ca-file')! } : {}),
    ...(anonymous !== undefined ? { anonymousAuth: anonymous === 'true' } : {}),
  };
}
