import type { UserInfo } from '../../http/api-request.js';

/** The user name prefix of node identities; the node name follows it. */
export const NODE_USER_PREFIX = 'system:node:';
/** The group every node identity is in. */
export const NODES_GROUP = 'system:nodes';

/** `system:node:<name>`. */
export function nodeUsername(nodeName: string): string {
  return `${NODE_USER_PREFIX}${nodeName}`;
}

/**
 * The node a user is, as upstream's node identifier reads it: a name `system:node:<name>` and
 * membership of system:nodes; undefined for any other user. The name may be '' (an unidentifiable
 * node, which the Node authorizer refuses).
 */
export function nodeIdentity(user: UserInfo): string | undefined {
  if (!user.name.startsWith(NODE_USER_PREFIX) || !user.groups.includes(NODES_GROUP)) return undefined;
  return user.name.slice(NODE_USER_PREFIX.length);
}
