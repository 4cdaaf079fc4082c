// The fixed mapping between ServiceAccounts and user identities (k8s.io/apiserver's
// authentication/serviceaccount package).

/** The prefix of every service account user name. */
export const SERVICE_ACCOUNT_USER_PREFIX = 'system:serviceaccount:';
/** The group every service account is in. */
export const ALL_SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';
/** The group every authenticated user is in. */
export const AUTHENTICATED_GROUP = 'system:authenticated';
/** The group of anonymous requests. */
export const UNAUTHENTICATED_GROUP = 'system:unauthenticated';
/** The anonymous user name. */
export const ANONYMOUS_USER = 'system:anonymous';

/** User extra keys a service account token carries. */
export const EXTRA_POD_NAME = 'authentication.kubernetes.io/pod-name';
export const EXTRA_POD_UID = 'authentication.kubernetes.io/pod-uid';
export const EXTRA_NODE_NAME = 'authentication.kubernetes.io/node-name';
export const EXTRA_NODE_UID = 'authentication.kubernetes.io/node-uid';
export const EXTRA_CREDENTIAL_ID = 'authentication.kubernetes.io/credential-id';

/** `system:serviceaccount:<namespace>:<name>`. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_USER_PREFIX}${namespace}:${name}`;
}

/** The groups of a service account: all service accounts, and those of its namespace. */
export function serviceAccountGroups(namespace: string): string[] {
  return [ALL_SERVICE_ACCOUNTS_GROUP, `${ALL_SERVICE_ACCOUNTS_GROUP}:${namespace}`];
}

/** Splits a service account user name into namespace and name; undefined for any other name. */
export function splitServiceAccountUsername(
  username: string,
): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_USER_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_USER_PREFIX.length).split(':');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return undefined;
  return { namespace: parts[0]!, name: parts[1]! };
}
