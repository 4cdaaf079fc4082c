// The apiserver's --kubelet-* flags (how it reaches kubelets for logs, exec, attach,
// port-forward and nodes/proxy) and their translation into ApiServerOptions.

import { parseGoDuration } from '../base/go-duration.js';
import type { ApiServerOptions } from '../apiserver/api-server.js';
import { parsePreferredAddressTypes } from '../apiserver/proxy/kubelet-client-config.js';
import type { FlagSpec, FlagValues } from './command.js';

/** The flags, as upstream's kube-apiserver names them. */
export const kubeletClientFlags: Readonly<Record<string, FlagSpec>> = {
  'kubelet-client-certificate': {
    type: 'string',
    placeholder: 'FILE',
    description: 'client certificate for kubelets (default DIR/pki/apiserver-kubelet-client.crt)',
  },
  'kubelet-client-key': {
    type: 'string',
    placeholder: 'FILE',
    description: 'its key (default DIR/pki/apiserver-kubelet-client.key)',
  },
  'kubelet-certificate-authority': {
    type: 'string',
    placeholder: 'FILE',
    description: "CA that signs kubelets' serving certificates (default: not verified, as upstream)",
  },
  'kubelet-preferred-address-types': {
    type: 'string',
    placeholder: 'LIST',
    description:
      'node address types to reach kubelets at, in order (default InternalIP,Hostname,InternalDNS,ExternalDNS,ExternalIP)',
  },
  'kubelet-timeout': {
    type: 'string',
    placeholder: 'DURATION',
    description: 'how long connecting to a kubelet may take (default 5s)',
  },
};

/** The kubelet flags as ApiServerOptions; throws upstream-style flag errors for bad values. */
export function kubeletClientOptions(flags: FlagValues): Pick<ApiServerOptions, 'kubeletClient'> {
  const text = (name: string) => (typeof flags[name] === 'string' ? flags[name] : undefined);
  const cert = text('kubelet-client-certificate');
  const key = text('kubelet-client-key');
  const ca = text('kubelet-certificate-authority');
  const types = text('kubelet-preferred-address-types');
  const timeout = text('kubelet-timeout');
  let timeoutMs: number | undefined;
  if (timeout !== undefined) {
    try {
      timeoutMs = parseGoDuration(timeout);
    } catch (err) {
      throw new Error(
        `invalid argument "${timeout}" for "--kubelet-timeout" flag: ${(err as Error).message}`,
      );
    }
  }
  return {
    kubeletClient: {
      ...(cert !== undefined ? { clientCertificateFile: cert } : {}),
      ...(key !== undefined ? { clientKeyFile: key } : {}),
      ...(ca !== undefined ? { certificateAuthorityFile: ca } : {}),
      ...(types !== undefined ? { preferredAddressTypes: parsePreferredAddressTypes(types) } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    },
  };
}
