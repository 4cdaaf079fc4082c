// Deciding whether a cluster-info ConfigMap fetched without TLS verification can be trusted, as
// kubeadm's token discovery does: its kubeconfig must carry a detached JWS made with the joining
// token (only the cluster that issued the token can make one), and, when pins are given, its CA's
// public key must be one of them. What passes yields the CA to trust from then on.
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import type { BootstrapToken } from '../../api/bootstrap-tokens/bootstrap-token.js';
import { caCertHashes, caMatchesPins } from '../../api/bootstrap-tokens/ca-cert-hash.js';
import {
  CLUSTER_INFO_KUBECONFIG_KEY,
  JWS_SIGNATURE_KEY_PREFIX,
} from '../../api/bootstrap-tokens/cluster-info.js';
import { detachedSignatureIsValid } from '../../api/bootstrap-tokens/detached-jws.js';
import { parseKubeconfig } from '../../client/index.js';

/** The trusted content of cluster-info. */
export interface TrustedClusterInfo {
  readonly kubeconfig: string;
  readonly server: string;
  readonly caPem: string;
}

/**
 * What to make of a cluster-info ConfigMap: trusted, or not — and then whether waiting may help
 * (no signature for this token yet: the bootstrapsigner may not have run) or not (a mismatch).
 */
export type ClusterInfoVerdict =
  | ({ readonly ok: true } & TrustedClusterInfo)
  | { readonly ok: false; readonly retry: boolean; readonly message: string };

const fail = (message: string, retry = false): ClusterInfoVerdict => ({ ok: false, retry, message });

/** Checks `cm` against the token and the optional CA pins (`sha256:<hex>`). */
export function verifyClusterInfo(
  cm: ConfigMap,
  token: BootstrapToken,
  pins: readonly string[],
): ClusterInfoVerdict {
  const kubeconfig = cm.data?.[CLUSTER_INFO_KUBECONFIG_KEY];
  if (kubeconfig === undefined) return fail('the cluster-info ConfigMap holds no kubeconfig');
  const signature = cm.data?.[JWS_SIGNATURE_KEY_PREFIX + token.id];
  if (signature === undefined)
    return fail(
      `cluster-info has no signature for token id "${token.id}": the token is not one of this cluster's ` +
        '(or its bootstrapsigner controller is not running)',
      true,
    );
  if (!detachedSignatureIsValid(signature, kubeconfig, token.id, token.secret))
    return fail(
      `cluster-info's signature for token id "${token.id}" does not match the token: ` +
        'the token secret is wrong, or the ConfigMap was not written by this cluster',
    );
  let cluster;
  try {
    cluster = [...parseKubeconfig(kubeconfig).clusters.values()][0];
  } catch (err) {
    return fail(`the cluster-info kubeconfig is malformed: ${(err as Error).message}`);
  }
  const caData = cluster?.certificateAuthorityData;
  if (cluster === undefined || caData === undefined) return fail('the cluster-info kubeconfig names no CA');
  const caPem = Buffer.from(caData, 'base64').toString('utf8');
  const found = caCertHashes(caPem);
  if (found.length === 0) return fail('the cluster-info CA holds no readable certificate');
  if (pins.length > 0 && !caMatchesPins(caPem, pins))
    return fail(`the cluster CA (${found.join(', ')}) matches none of the --ca-cert-hash pins`);
  return { ok: true, kubeconfig, server: cluster.server, caPem };
}
