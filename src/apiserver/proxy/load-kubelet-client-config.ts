import { readFile } from 'node:fs/promises';
import {
  DEFAULT_KUBELET_PORT,
  DEFAULT_KUBELET_TIMEOUT_MS,
  DEFAULT_PREFERRED_ADDRESS_TYPES,
  type KubeletClientConfig,
  type NodeAddressType,
} from './kubelet-client-config.js';

/** The kubelet flags of the apiserver, as given (files are read at start). */
export interface KubeletClientOptions {
  /** --kubelet-client-certificate / --kubelet-client-key (both or neither). */
  readonly clientCertificateFile?: string;
  readonly clientKeyFile?: string;
  /** --kubelet-certificate-authority; absent: kubelets' serving certificates are not verified. */
  readonly certificateAuthorityFile?: string;
  /** --kubelet-preferred-address-types. */
  readonly preferredAddressTypes?: readonly NodeAddressType[];
  /** --kubelet-timeout. */
  readonly timeoutMs?: number;
}

/**
 * The apiserver's kubelet client: the given certificate files, else `issued` (the cluster PKI's
 * apiserver-kubelet-client pair), with the flag defaults filled in. Throws when only one of the
 * certificate and key is given or a file cannot be read.
 */
export async function loadKubeletClientConfig(
  options: KubeletClientOptions,
  issued: { readonly certPem: string; readonly keyPem: string },
): Promise<KubeletClientConfig> {
  const { clientCertificateFile: certFile, clientKeyFile: keyFile } = options;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new Error('--kubelet-client-certificate and --kubelet-client-key must be given together');
  }
  const pair =
    certFile !== undefined && keyFile !== undefined
      ? { certPem: await readFile(certFile, 'utf8'), keyPem: await readFile(keyFile, 'utf8') }
      : issued;
  const caPem =
    options.certificateAuthorityFile !== undefined
      ? await readFile(options.certificateAuthorityFile, 'utf8')
      : undefined;
  return {
    certPem: pair.certPem,
    keyPem: pair.keyPem,
    ...(caPem !== undefined ? { caPem } : {}),
    preferredAddressTypes: options.preferredAddressTypes ?? DEFAULT_PREFERRED_ADDRESS_TYPES,
    timeoutMs: options.timeoutMs ?? DEFAULT_KUBELET_TIMEOUT_MS,
    defaultPort: DEFAULT_KUBELET_PORT,
  };
}
