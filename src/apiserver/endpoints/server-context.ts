import type { KubeObject } from '../../api/object.js';
import type { Authorizer } from '../auth/rbac/authorizer.js';
import type { RbacAuthorizer } from '../auth/rbac/rbac-authorizer.js';
import type { BearerTokenAuthenticator } from '../authn/bearer-token-authenticator.js';
import type { TokenIssuerConfig } from '../authn/token-request.js';
import type { ApiRequest } from '../http/api-request.js';
import type { KubeletClientConfig } from '../proxy/kubelet-client-config.js';
import type { ServedResource } from './served-resource.js';

/** What one write asks admission to look at. */
export interface AdmissionAttributes {
  readonly areq: ApiRequest;
  readonly resource: ServedResource;
  readonly operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  readonly subresource: string;
  readonly namespace: string;
  readonly name: string;
  readonly dryRun: boolean;
}

/** The admission stage: mutating plugins may change the object; validating ones may only reject (by throwing). */
export interface Admission {
  mutate(attrs: AdmissionAttributes, object: KubeObject, old: KubeObject | undefined): Promise<void>;
  validate(attrs: AdmissionAttributes, object: KubeObject, old: KubeObject | undefined): Promise<void>;
}

/** Server-wide services the resource endpoints use. */
export interface ServerContext {
  readonly now: () => Date;
  readonly admission: Admission;
  /** Longest a watch without timeoutSeconds stays open (upstream: 30–60 min). */
  readonly maxWatchMs: number;
  /** The authorizer the handler chain uses, for the access-review APIs. */
  readonly authorizer: Authorizer & Pick<RbacAuthorizer, 'rulesFor'>;
  /** Service account tokens: issuing them (serviceaccounts/token) and checking them (TokenReview). */
  readonly tokens?: { readonly issuer: TokenIssuerConfig; readonly authenticator: BearerTokenAuthenticator };
  /** How to reach kubelets (logs, exec, attach, port-forward, nodes/proxy); absent: not configured. */
  readonly kubeletClient?: KubeletClientConfig;
}
