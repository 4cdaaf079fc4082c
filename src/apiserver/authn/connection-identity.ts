import type { UserInfo } from '../http/api-request.js';
import { AUTHENTICATED_GROUP } from './service-account-names.js';

// Who each in-process connection is, fixed by the apiserver when it opened the connection.
const usersByConnection = new WeakMap<object, UserInfo>();

/**
 * Makes every request on `connection` (the server's end of an in-process connection) come from
 * `user`, without credentials; like any authenticated user it is in system:authenticated.
 */
export function bindConnectionUser(connection: object, user: UserInfo): void {
  const groups = user.groups.includes(AUTHENTICATED_GROUP)
    ? user.groups
    : [...user.groups, AUTHENTICATED_GROUP];
  usersByConnection.set(connection, { ...user, groups });
}

/** The user bound to an in-process connection, or undefined for any other (a TLS socket). */
export function connectionUser(connection: object): UserInfo | undefined {
  return usersByConnection.get(connection);
}
